// The line item of a placement whose launch claim had only a `lineitems` container: looked up by
// resource link, else created, by one worker at a time across instances (a claim in grade_line_items)
// and once per process (the other deliveries of that placement wait in the outbox, not in a lane).
import type { Clock } from "../clock.js";
import type { AgsClient } from "../lti/ags-client.js";
import type { GradeLineItems } from "../persistence/grade-deliveries.js";
import type { DeliveryCandidate } from "../persistence/grade-outbox.js";
import type { GradingPlacements, PlacementDoc } from "../persistence/grading-placements.js";
import { inPhase } from "./grade-calls.js";

export interface LineItemResolverDeps {
  lineItems: GradeLineItems;
  placements: Pick<GradingPlacements, "byId">;
  ags: Pick<AgsClient, "findLineItem" | "createLineItem">;
  clock: Clock;
}

/** A URL, "none" (the placement has no AGS endpoint at all) or "wait" (another instance resolves it). */
export type LineItemAnswer = { url: string } | "none" | "wait";

export class LineItemResolver {
  private readonly known = new Map<string, string>();
  private readonly inProgress = new Map<string, Promise<LineItemAnswer>>();

  constructor(
    private readonly deps: LineItemResolverDeps,
    private readonly options: { claimMs: number; timeoutMs: number },
  ) {}

  /** The URL to post to, when it is known without asking anyone. */
  knownUrl(doc: Pick<DeliveryCandidate, "lineItemUrl" | "placementId">): string | undefined {
    return doc.lineItemUrl ?? this.known.get(doc.placementId);
  }

  /** Placements being resolved by this process: their other entries are not leased meanwhile. */
  resolving(): string[] {
    return [...this.inProgress.keys()];
  }

  resolve(
    doc: DeliveryCandidate,
    token: string,
    claimant: string,
    signal: AbortSignal,
  ): Promise<LineItemAnswer> {
    const running = this.inProgress.get(doc.placementId);
    if (running) return running;
    const resolution = this.lookUpOrCreate(doc, token, claimant, signal)
      .then((answer) => {
        if (typeof answer === "object") this.known.set(doc.placementId, answer.url);
        return answer;
      })
      .finally(() => this.inProgress.delete(doc.placementId));
    this.inProgress.set(doc.placementId, resolution);
    return resolution;
  }

  /** The LMS says the line item is gone (404): look it up again next time. */
  async forget(placementId: string): Promise<void> {
    const url = this.known.get(placementId) ?? (await this.deps.lineItems.url(placementId));
    this.known.delete(placementId);
    if (url) await this.deps.lineItems.forget(placementId, url);
  }

  private async lookUpOrCreate(
    doc: DeliveryCandidate,
    token: string,
    claimant: string,
    signal: AbortSignal,
  ): Promise<LineItemAnswer> {
    const scope = { platformId: doc.platformId, deploymentId: doc.deploymentId, contextId: doc.contextId };
    const placement = await this.deps.placements.byId(scope, doc.placementId);
    if (!placement) return "none";
    if (placement.ags?.lineitem) return { url: placement.ags.lineitem };
    const stored = await this.deps.lineItems.url(placement._id);
    if (stored) return { url: stored };
    const lineItemsUrl = placement.ags?.lineitems;
    if (!lineItemsUrl) return "none";
    const claimed = await this.deps.lineItems.claim(
      {
        _id: placement._id,
        platformId: placement.platformId,
        deploymentId: placement.deploymentId,
        contextId: placement.contextId,
        resourceLinkId: placement.resourceLinkId,
      },
      claimant,
      this.deps.clock.now(),
      this.options.claimMs,
    );
    // Another instance is looking it up or creating it: two would make two gradebook columns.
    if (!claimed) return "wait";
    try {
      const url = await inPhase("lineitem", () => this.findOrCreate(placement, lineItemsUrl, token, signal));
      await this.deps.lineItems.resolved(placement._id, url, this.deps.clock.now());
      return { url };
    } catch (error) {
      await this.deps.lineItems.release(placement._id, claimant);
      throw error;
    }
  }

  private async findOrCreate(
    placement: PlacementDoc,
    lineItemsUrl: string,
    token: string,
    signal: AbortSignal,
  ): Promise<string> {
    const { timeoutMs } = this.options;
    const found = await this.deps.ags.findLineItem(
      token,
      lineItemsUrl,
      placement.resourceLinkId,
      timeoutMs,
      signal,
    );
    if (found) return found;
    return this.deps.ags.createLineItem(
      token,
      lineItemsUrl,
      {
        label: placement.title ?? "Carnet",
        scoreMaximum: placement.grading?.scoreMaximum ?? 100,
        resourceLinkId: placement.resourceLinkId,
        resourceId: placement._id,
      },
      timeoutMs,
      signal,
    );
  }
}

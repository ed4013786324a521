// Assignment and Grade Services 2.0 calls Carnet makes: post a score, find or create a resource link's
// line item. Failures surface as PlatformCallError (status, Retry-After) for the delivery worker to judge.
import { z } from "zod";
import type { Clock } from "../clock.js";
import { scoresUrl } from "../domain/grading/delivery-rules.js";
import type { DesiredScore } from "../domain/grading/policy.js";
import type { PlatformRecord } from "../persistence/platform-registry.js";
import { callPlatform, PlatformCallError, type FetchLike } from "./platform-http.js";
import type { PlatformTokens } from "./platform-tokens.js";
import { nextLink } from "./roster-sync.js";

export const AGS_SCOPE = {
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
} as const;

export const AGS_MEDIA_TYPE = {
  score: "application/vnd.ims.lis.v1.score+json",
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
} as const;

const WANTED_SCOPES: readonly string[] = [AGS_SCOPE.score, AGS_SCOPE.lineItem, AGS_SCOPE.lineItemReadonly];
const MAX_LINE_ITEM_PAGES = 20;

const LineItemJson = z.object({ id: z.string().url() }).passthrough();

/** The score body (AGS 2.0 §3.4): only numbers and progress words, never anything about the person. */
export interface ScoreBody extends DesiredScore {
  userId: string;
  timestamp: string;
}

export class AgsClient {
  constructor(
    private readonly tokens: PlatformTokens,
    private readonly clock: Clock,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  /**
   * One token for everything grading does on a platform: the AGS scopes the launch claim granted (all of
   * ours when the claim listed none). Moodle in "grade sync only" mode grants no lineitem scope.
   */
  scopesFor(claimScopes: readonly string[] | undefined): string[] {
    if (!claimScopes || claimScopes.length === 0) return [...WANTED_SCOPES];
    const granted = WANTED_SCOPES.filter((scope) => claimScopes.includes(scope));
    return granted.length > 0 ? granted : [AGS_SCOPE.score];
  }

  token(platform: PlatformRecord, scopes: readonly string[]): Promise<string> {
    return this.tokens.token(platform, scopes);
  }

  invalidate(platform: PlatformRecord): void {
    this.tokens.invalidate(platform);
  }

  async postScore(
    token: string,
    lineItemUrl: string,
    body: ScoreBody,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const response = await callPlatform(
      this.fetchImpl,
      scoresUrl(lineItemUrl),
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": AGS_MEDIA_TYPE.score },
        body: JSON.stringify(body),
        timeoutMs,
        ...(signal ? { signal } : {}),
      },
      this.clock.now().getTime(),
    );
    await response.arrayBuffer().catch(() => undefined);
  }

  /** AGS 2.0 §3.2.5: `GET lineitems?resource_link_id=…` (query parameters such as type_id kept). */
  async findLineItem(
    token: string,
    lineItemsUrl: string,
    resourceLinkId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const first = new URL(lineItemsUrl);
    first.searchParams.set("resource_link_id", resourceLinkId);
    let url: string | undefined = first.toString();
    for (let page = 0; url && page < MAX_LINE_ITEM_PAGES; page++) {
      const response = await callPlatform(
        this.fetchImpl,
        url,
        {
          headers: { authorization: `Bearer ${token}`, accept: AGS_MEDIA_TYPE.lineItemContainer },
          timeoutMs,
          ...(signal ? { signal } : {}),
        },
        this.clock.now().getTime(),
      );
      const items = z.array(z.unknown()).safeParse(await response.json().catch(() => []));
      for (const raw of items.success ? items.data : []) {
        const item = LineItemJson.safeParse(raw);
        // Platforms that ignore the filter return every item: check the link ourselves.
        if (item.success && String(item.data.resourceLinkId ?? item.data.ltiLinkId) === resourceLinkId) {
          return item.data.id;
        }
      }
      url = nextLink(response.headers.get("link"));
    }
    return undefined;
  }

  async createLineItem(
    token: string,
    lineItemsUrl: string,
    item: { label: string; scoreMaximum: number; resourceLinkId: string; resourceId: string },
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<string> {
    const response = await callPlatform(
      this.fetchImpl,
      lineItemsUrl,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": AGS_MEDIA_TYPE.lineItem,
          accept: AGS_MEDIA_TYPE.lineItem,
        },
        body: JSON.stringify({ ...item, tag: "carnet" }),
        timeoutMs,
        ...(signal ? { signal } : {}),
      },
      this.clock.now().getTime(),
    );
    const created = LineItemJson.safeParse(await response.json().catch(() => ({})));
    // An answer we cannot use is the platform's fault, like a 502 from a gateway: retry later.
    if (!created.success)
      throw new PlatformCallError(502, undefined, "the platform created a line item but did not say its id");
    return created.data.id;
  }
}

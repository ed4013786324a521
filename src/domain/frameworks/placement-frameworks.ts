// The frameworks a teacher may attach to a new placement (deep linking): the platform's active ones,
// the course's default preselected; a framework the platform does not have is refused on its field.
import type { Actor } from "../actor.js";
import { ValidationError } from "../../errors.js";
import type { FrameworkCatalog, StoredFramework } from "./catalog.js";

export interface PlacementFrameworkChoices {
  frameworks: StoredFramework[];
  /** The course's default framework, preselected (null without a course or a default). */
  courseDefaultId: string | null;
}

export class PlacementFrameworks {
  constructor(private readonly catalog: Pick<FrameworkCatalog, "list" | "forPlacement" | "byId">) {}

  async choices(actor: Actor): Promise<PlacementFrameworkChoices> {
    const [all, courseDefault] = await Promise.all([
      this.catalog.list(actor.platformId),
      actor.contextId
        ? this.catalog.forPlacement({
            platformId: actor.platformId,
            deploymentId: actor.deploymentId,
            contextId: actor.contextId,
            resourceLinkId: null,
          })
        : Promise.resolve(null),
    ]);
    return {
      frameworks: all.filter((framework) => framework.status === "active"),
      courseDefaultId: courseDefault?.id ?? null,
    };
  }

  /** "" keeps the course's default; any other id must be one of the platform's frameworks. */
  async check(actor: Actor, frameworkId: string | undefined): Promise<void> {
    if (!frameworkId) return;
    if (!(await this.catalog.byId(actor.platformId, frameworkId)))
      throw new ValidationError("VALIDATION_FAILED", {}, { frameworkId: "INVALID_CHOICE" });
  }
}

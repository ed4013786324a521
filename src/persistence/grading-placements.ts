// Placements as grading sees them: which ones feed a gradebook column, and their grading settings.
import type { GradingSettings } from "../domain/grading/policy.js";
import type { CourseKey } from "../domain/grading/ports.js";
import type { LtiModels, PlacementDoc } from "./models/lti-models.js";

export type { PlacementDoc };

/**
 * A placement sends grades when its launch claim gave a line item, or a line items container (Carnet then
 * finds or creates the link's line item). The trainers' workspace view is not an activity learners do.
 */
export function gradedPlacementFilter(): Record<string, unknown> {
  return {
    $or: [{ "ags.lineitem": { $type: "string" } }, { "ags.lineitems": { $type: "string" } }],
    view: { $ne: "workspace" },
  };
}

export class GradingPlacements {
  constructor(private readonly models: Pick<LtiModels, "Placement">) {}

  async graded(scope: CourseKey): Promise<PlacementDoc[]> {
    return this.models.Placement.find({ ...scope, ...gradedPlacementFilter() })
      .sort({ createdAt: 1 })
      .lean<PlacementDoc[]>();
  }

  async byId(scope: CourseKey, placementId: string): Promise<PlacementDoc | null> {
    return this.models.Placement.findOne({ ...scope, _id: placementId }).lean<PlacementDoc>();
  }

  /** Titles of some placements of a platform (the parked-grades list names each activity). */
  async titles(
    platformId: string,
    placementIds: readonly string[],
  ): Promise<Map<string, string | undefined>> {
    const placements = await this.models.Placement.find(
      { platformId, _id: { $in: [...new Set(placementIds)] } },
      { title: 1 },
    ).lean<Pick<PlacementDoc, "_id" | "title">[]>();
    return new Map(placements.map((placement) => [placement._id, placement.title ?? undefined]));
  }

  /** Deep linking (at placement time) and the teacher's settings page both write here. */
  async setGrading(
    scope: CourseKey,
    placementId: string,
    grading: GradingSettings,
    now: Date,
  ): Promise<boolean> {
    const result = await this.models.Placement.updateOne(
      { ...scope, _id: placementId },
      { $set: { grading: { ...grading }, updatedAt: now } },
    );
    return result.matchedCount > 0;
  }
}

// The grading area's repositories, built on Carnet's connection (the composition root calls this).
import type { Connection } from "mongoose";
import { GradeDeliveries, GradeLearners, GradeLineItems } from "./grade-deliveries.js";
import { GradeOutbox } from "./grade-outbox.js";
import { GradeRoster } from "./grade-roster.js";
import { CompetenceRecordMarkers } from "./grade-sync-markers.js";
import { GradingPlacements } from "./grading-placements.js";
import { gradingModels } from "./models/grading-models.js";
import type { LtiModels } from "./models/lti-models.js";

export interface GradeRepositories {
  deliveries: GradeDeliveries;
  /** The delivery side of the same collection (leases), for workers. */
  outbox: GradeOutbox;
  learners: GradeLearners;
  lineItems: GradeLineItems;
  placements: GradingPlacements;
  markers: CompetenceRecordMarkers;
  roster: GradeRoster;
}

export function gradeRepositories(
  connection: Connection,
  models: Pick<LtiModels, "Course" | "Placement" | "Membership" | "User">,
): GradeRepositories {
  const grading = gradingModels(connection);
  return {
    deliveries: new GradeDeliveries(grading),
    outbox: new GradeOutbox(grading),
    learners: new GradeLearners(grading),
    lineItems: new GradeLineItems(grading),
    placements: new GradingPlacements(models),
    markers: new CompetenceRecordMarkers(connection),
    roster: new GradeRoster(models),
  };
}

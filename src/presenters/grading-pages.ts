// View models of the grading pages: the course's placements with their settings and each learner's
// grade (/grading), and the parked deliveries (/admin/grades). Allowlisted fields only.
import { displayName, type Person } from "../domain/people/people.js";
import { GRADING_POLICIES, gradingSettingsOf, type GradingSettings } from "../domain/grading/policy.js";
import type { DeliveryStatus, GradeDeliveryDoc } from "../persistence/grade-deliveries.js";
import type { PlacementDoc } from "../persistence/grading-placements.js";
import {
  deliveryErrorView,
  deliveryRow,
  scoreView,
  type DeliveryErrorView,
  type DeliveryRowView,
  type ScoreView,
} from "./grading-presenter.js";

export interface GradingPageInput {
  placements: readonly PlacementDoc[];
  learners: readonly { id: string; name: string }[];
  deliveries: readonly GradeDeliveryDoc[];
  counts: Record<DeliveryStatus, number>;
  saved: boolean;
  resynced: number | null;
  /** A refused settings form: its placement, what was typed and a message per field. */
  refused?: {
    placementId: string;
    values: Record<string, string | string[]>;
    errors: Record<string, string>;
  };
}

interface PlacementView {
  id: string;
  title: string | null;
  settings: { showRunningScore: boolean; scoreMaximum: string };
  policies: { value: string; labelKey: string; hintKey: string; checked: boolean }[];
  /** Field ids: the refused form's are the names its error summary links to. */
  ids: { policy: string; scoreMaximum: string };
  errors: Record<string, string>;
  rows: DeliveryRowView[];
}

export function gradingPageModel(
  input: GradingPageInput,
  title: string,
): Record<string, unknown> & { title: string } {
  const byPlacement = new Map<string, Map<string, GradeDeliveryDoc>>();
  for (const delivery of input.deliveries) {
    const forPlacement = byPlacement.get(delivery.placementId) ?? new Map<string, GradeDeliveryDoc>();
    forPlacement.set(delivery.learnerId, delivery);
    byPlacement.set(delivery.placementId, forPlacement);
  }
  return {
    title,
    saved: input.saved,
    resync: input.resynced === null ? null : { count: input.resynced },
    counts: { ...input.counts, pending: input.counts.pending + input.counts.leased },
    placements: input.placements.map((placement) =>
      placementView(placement, input.learners, byPlacement.get(placement._id), input.refused),
    ),
  };
}

function placementView(
  placement: PlacementDoc,
  learners: GradingPageInput["learners"],
  deliveries: Map<string, GradeDeliveryDoc> | undefined,
  refused: GradingPageInput["refused"],
): PlacementView {
  const stored = gradingSettingsOf(placement.grading);
  const mine = refused?.placementId === placement._id ? refused : undefined;
  const typed = mine ? typedSettings(mine.values, stored) : undefined;
  const policy = typed?.policy ?? stored.policy;
  return {
    id: placement._id,
    title: placement.title ?? null,
    settings: typed ?? {
      showRunningScore: stored.showRunningScore,
      scoreMaximum: String(stored.scoreMaximum),
    },
    policies: GRADING_POLICIES.map((value) => ({
      value,
      labelKey: `grading:policy.${value}`,
      hintKey: `grading:policy.${value}Hint`,
      checked: value === policy,
    })),
    ids: mine
      ? { policy: "policy", scoreMaximum: "scoreMaximum" }
      : { policy: `policy-${placement._id}`, scoreMaximum: `max-${placement._id}` },
    errors: mine?.errors ?? {},
    rows: learners.map((learner) => deliveryRow(learner.name, deliveries?.get(learner.id))),
  };
}

/** What the teacher typed, to show again (strings as typed, a choice only if it is one). */
function typedSettings(
  values: Record<string, string | string[]>,
  stored: GradingSettings,
): { policy: string | undefined; showRunningScore: boolean; scoreMaximum: string } {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const policy = text("policy");
  return {
    policy: policy && (GRADING_POLICIES as readonly string[]).includes(policy) ? policy : undefined,
    showRunningScore: text("showRunningScore") !== undefined,
    scoreMaximum: text("scoreMaximum") ?? String(stored.scoreMaximum),
  };
}

export interface ParkedPageInput {
  parked: readonly GradeDeliveryDoc[];
  names: Map<string, Person>;
  courseTitles: Map<string, string>;
  placementTitles: Map<string, string | undefined>;
  platformWide: boolean;
  retried: boolean;
  canSeeCourse: boolean;
}

interface ParkedRow {
  id: string;
  course: string;
  learnerName: string;
  activity: string | null;
  score: ScoreView | null;
  reasonKey: string | null;
  error: DeliveryErrorView | null;
  attempts: number;
  since: Date;
}

export function parkedPageModel(
  input: ParkedPageInput,
  title: string,
): Record<string, unknown> & { title: string } {
  const rows: ParkedRow[] = input.parked.map((entry) => {
    const person = input.names.get(entry.learnerId);
    return {
      id: entry._id,
      course: input.courseTitles.get(`${entry.deploymentId} ${entry.contextId}`) ?? entry.contextId,
      learnerName: person ? displayName(person) : `#${entry.userSub}`,
      activity: input.placementTitles.get(entry.placementId) ?? null,
      score: scoreView(entry.desired),
      reasonKey: entry.parkedReason ? `grading:reason.${entry.parkedReason}` : null,
      error: deliveryErrorView(entry.lastError),
      attempts: entry.attempts,
      since: entry.updatedAt,
    };
  });
  return {
    title,
    platformWide: input.platformWide,
    retried: input.retried,
    canSeeCourse: input.canSeeCourse,
    rows,
  };
}

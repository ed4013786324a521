// What Carnet tells the LMS gradebook about a learner: a score computed from progress numbers only
// (never from notes or anything confidential), under the grading policy the teacher chose.
import { z } from "zod";
import type { LearnerProgress } from "./ports.js";

export const GRADING_POLICIES = ["share", "weighted", "completion"] as const;
export type GradingPolicy = (typeof GRADING_POLICIES)[number];

/** AGS 2.0 §3.4.7 and §3.4.8: the progress vocabularies of a score. */
export const ACTIVITY_PROGRESS = ["Initialized", "Started", "InProgress", "Submitted", "Completed"] as const;
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number];
export const GRADING_PROGRESS = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"] as const;
export type GradingProgress = (typeof GRADING_PROGRESS)[number];

export const MAX_SCORE_MAXIMUM = 1000;

export const GradingSettingsSchema = z
  .object({
    policy: z.enum(GRADING_POLICIES),
    /** Post the running score as FullyGraded while in progress, so the gradebook shows it (Moodle drops scoreGiven otherwise). */
    showRunningScore: z.boolean(),
    scoreMaximum: z.number().positive().max(MAX_SCORE_MAXIMUM),
  })
  .strict();
export type GradingSettings = z.infer<typeof GradingSettingsSchema>;

export const DEFAULT_GRADING: GradingSettings = Object.freeze({
  policy: "share",
  showRunningScore: true,
  scoreMaximum: 100,
});

/** The placement's settings, or the defaults for what is missing or malformed (stored data is loosely typed). */
export function gradingSettingsOf(stored: unknown): GradingSettings {
  const parsed = GradingSettingsSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_GRADING, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What the LMS should hold for one learner and line item; the comment is a catalog key and its numbers. */
export interface DesiredScore {
  /** Absent when not FullyGraded: Moodle ignores scoreGiven then, and sending none says so. */
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  comment: string;
}

export interface ScoreInput {
  settings: GradingSettings;
  progress: LearnerProgress;
  /** The framework's scale, lowest level first (for the weighted policy). */
  scaleLevels: readonly { code: string; proficient: boolean }[];
}

/** Short, numbers-only comment shown in the gradebook ("12/20 compétences validées"). */
export type CommentFormatter = (counts: { validated: number; required: number }) => string;

export function isComplete(progress: Pick<LearnerProgress, "required" | "validated">): boolean {
  return progress.required > 0 && progress.validated >= progress.required;
}

/** Share of the way done, 0..1, under the policy (completion counts only when everything is validated). */
export function progressRatio(input: ScoreInput): number {
  const { settings, progress, scaleLevels } = input;
  if (progress.required <= 0) return 0;
  switch (settings.policy) {
    case "share":
      return clamp01(progress.validated / progress.required);
    case "weighted": {
      // Each competence counts its level's rank over the top rank: novice 1/3, intermédiaire 2/3, compétent 3/3.
      // A validated competence recorded without a (known) level counts as the first proficient level.
      const top = scaleLevels.length;
      if (top === 0) return clamp01(progress.validated / progress.required);
      const firstProficient = scaleLevels.findIndex((level) => level.proficient);
      const fallbackRank = firstProficient === -1 ? top : firstProficient + 1;
      const seen = new Set<string>();
      let sum = 0;
      for (const { code, levelCode } of progress.levels) {
        if (seen.has(code)) continue;
        seen.add(code);
        const rank = scaleLevels.findIndex((level) => level.code === levelCode) + 1;
        sum += (rank > 0 ? rank : fallbackRank) / top;
      }
      return clamp01(sum / progress.required);
    }
    case "completion":
      return isComplete(progress) ? 1 : 0;
  }
}

export function computeDesiredScore(input: ScoreInput, comment: CommentFormatter): DesiredScore {
  const { settings, progress } = input;
  const complete = isComplete(progress);
  const scoreMaximum = settings.scoreMaximum;
  const text = comment({
    validated: Math.max(0, progress.validated),
    required: Math.max(0, progress.required),
  });
  const activityProgress = activityProgressOf(progress);
  // A running score says something only once something is decided: before that it would be 0/100 in
  // the gradebook, which learners and teachers read as a failing grade. Until then Moodle shows nothing.
  if (complete || (settings.showRunningScore && somethingDecided(progress))) {
    return {
      scoreGiven: roundScore(progressRatio(input) * scoreMaximum),
      scoreMaximum,
      activityProgress,
      gradingProgress: "FullyGraded",
      comment: text,
    };
  }
  // The teacher keeps the gradebook empty until completion: Moodle stores no grade for Pending.
  return { scoreMaximum, activityProgress, gradingProgress: "Pending", comment: text };
}

/** A validation or a level decided: what makes a running grade worth showing. */
function somethingDecided(progress: LearnerProgress): boolean {
  return progress.validated > 0 || progress.levels.length > 0;
}

export function activityProgressOf(progress: LearnerProgress): ActivityProgress {
  if (isComplete(progress)) return "Completed";
  if (progress.validated > 0 || progress.levels.length > 0) return "InProgress";
  return progress.lastChangeAt ? "Started" : "Initialized";
}

/** Two decimals: Moodle keeps five, people read two, and it keeps 1/3 from changing on every projection. */
export function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Stable text of a desired score, to tell whether a new projection changes anything. */
export function desiredKey(desired: DesiredScore): string {
  return JSON.stringify([
    desired.scoreGiven ?? null,
    desired.scoreMaximum,
    desired.activityProgress,
    desired.gradingProgress,
    desired.comment,
  ]);
}

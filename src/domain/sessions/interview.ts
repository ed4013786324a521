// An individual tutoring interview, after the Clermont form (Annexe IV): the tutee prepares it (current
// difficulties, strengths and points to improve, progress of written traces, objectives for the next six
// months, topics to raise), the tutor writes the synthesis, both sign; the next one starts from the
// objectives agreed in the last one. Confidential: nothing of it leaves Carnet.

export const INTERVIEW_SECTIONS = ["difficulties", "strengths", "traces", "objectives"] as const;
export type InterviewSection = (typeof INTERVIEW_SECTIONS)[number];

export type InterviewText = Record<InterviewSection, string>;

export interface InterviewPreparation extends InterviewText {
  /** Anything else the tutee wants to raise. */
  topics: string;
}

export const INTERVIEW_TEXT_LIMIT = 4000;

export type InterviewStage = "preparing" | "completed" | "signed";

export interface Interview {
  id: string;
  platformId: string;
  learnerId: string;
  tutorId: string;
  /** The tutee's n-th interview (1 = the first). */
  number: number;
  /** When it is planned, if a date was set. */
  plannedAt: Date | null;
  /** The objectives agreed at the previous signed interview: where this one starts from. */
  previousObjectives: string | null;
  preparation: InterviewPreparation;
  preparedAt: Date | null;
  synthesis: InterviewText;
  completedAt: Date | null;
  learnerSignedAt: Date | null;
  tutorSignedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function stageOf(
  interview: Pick<Interview, "completedAt" | "learnerSignedAt" | "tutorSignedAt">,
): InterviewStage {
  if (interview.learnerSignedAt && interview.tutorSignedAt) return "signed";
  return interview.completedAt ? "completed" : "preparing";
}

export function emptyText(): InterviewText {
  return { difficulties: "", strengths: "", traces: "", objectives: "" };
}

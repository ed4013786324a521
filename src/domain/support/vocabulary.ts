// The words of support for learners in difficulty, from the tutoring studies (seed 003, Clermont):
// the warning signs of its Tableau IV, the typology of its Tableau V, the three-step strategy.

/**
 * What a concern is about: the families of Tableau IV ("Signes d'alerte pour le tuteur") and the
 * learning difficulties of the Paris-Descartes typology ("niveau novice non atteint, difficultés de
 * raisonnement clinique") that a repeated "more evidence" points at.
 */
export const SIGNAL_CATEGORIES = [
  "behaviour_change",
  "no_participation",
  "lack_of_reflexivity",
  "lack_of_autonomy",
  "placement_problem",
  "french_language",
  "learning_difficulty",
] as const;
export type SignalCategory = (typeof SIGNAL_CATEGORIES)[number];

/** The signs Carnet checks itself, each a fact (never a judgement). */
export const MACHINE_RULES = [
  "silence",
  "missed_first_session",
  "repeated_more_evidence",
  "placement_invalidated",
] as const;
export type MachineRule = (typeof MACHINE_RULES)[number];

export const MACHINE_RULE_CATEGORY: Readonly<Record<MachineRule, SignalCategory>> = {
  silence: "no_participation",
  missed_first_session: "no_participation",
  repeated_more_evidence: "learning_difficulty",
  placement_invalidated: "placement_problem",
};

/** Tableau V's five families of difficulties, named during exploration. */
export const DIFFICULTY_TYPES = [
  "faculty",
  "structural",
  "professional",
  "psychological",
  "personal",
] as const;
export type DifficultyType = (typeof DIFFICULTY_TYPES)[number];

/** Repérage → exploration → recherche de solutions. */
export const CASE_STEPS = ["detection", "exploration", "solutions"] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** The second level the study lists; Carnet records whom, it never contacts them itself. */
export const SECOND_LEVELS = [
  "second_opinion",
  "programme_commission",
  "university_health_service",
  "psychologist",
  "occupational_health",
  "other",
] as const;
export type SecondLevel = (typeof SECOND_LEVELS)[number];

export const CASE_OUTCOMES = [
  "resolved",
  "referred",
  "declined_by_learner",
  "left_programme",
  "other",
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Who reads a note: the learner and the members, or the members only (a third party's view). */
export const NOTE_AUDIENCES = ["case", "members"] as const;
export type NoteAudience = (typeof NOTE_AUDIENCES)[number];

export const SUPPORT_LIMITS = {
  signalNote: 600,
  noteText: 4000,
  involved: 300,
  agreedActions: 1000,
  secondLevelName: 200,
  secondLevelContact: 300,
  outcomeNote: 1000,
  notesPerCase: 300,
  membersPerCase: 12,
} as const;

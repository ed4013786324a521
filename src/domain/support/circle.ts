// Whom a learner may confide in: the support persons their programmes designate, minus anyone who
// evaluates them (the study's finding: interns in difficulty do not confide in an evaluator).

export interface SupportDirectory {
  /** Support persons designated by the programmes (courses) the learner is a learner in. */
  designatedFor(platformId: string, learnerId: string): Promise<string[]>;
  /** Who has a say on the learner's validation: their tutors, référents, the formateurs of their courses. */
  evaluatorsOf(platformId: string, learnerId: string): Promise<Set<string>>;
  /** The learners whose support circle the person is in (designated for them, evaluating none of them). */
  learnersInCircleOf(platformId: string, userId: string): Promise<string[]>;
}

/** The learner's eligible support persons (never the learner themselves, never an evaluator). */
export async function supportPersonsFor(
  directory: SupportDirectory,
  platformId: string,
  learnerId: string,
): Promise<string[]> {
  const [designated, evaluators] = await Promise.all([
    directory.designatedFor(platformId, learnerId),
    directory.evaluatorsOf(platformId, learnerId),
  ]);
  return [...new Set(designated)].filter((id) => id !== learnerId && !evaluators.has(id));
}

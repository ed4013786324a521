// A log kept about one learner: entries are only appended, and read back newest first.

export interface LearnerLog<Entry> {
  append(entry: Entry): Promise<void>;
  /** The learner's latest entries, newest first. */
  ofLearner(platformId: string, learnerId: string, limit: number): Promise<Entry[]>;
}

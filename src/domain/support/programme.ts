// A programme's designated support persons (a course setting, chosen by who teaches in it): the people a
// learner of the course may confide in, as long as they do not evaluate that learner.
import { fieldProblem } from "../../errors.js";
import type { CourseScope } from "../course.js";

export interface ProgrammeSupportStore {
  supportPersons(scope: CourseScope): Promise<string[]>;
  saveSupportPersons(scope: CourseScope, personIds: readonly string[], userId: string): Promise<void>;
  /** Who may be designated on the platform (people who teach, mentor or administer a course). */
  candidates(platformId: string): Promise<string[]>;
}

export interface ProgrammeSupportForm {
  candidates: string[];
  chosen: string[];
}

export class ProgrammeSupport {
  constructor(private readonly store: ProgrammeSupportStore) {}

  async forEditing(scope: CourseScope): Promise<ProgrammeSupportForm> {
    const [candidates, chosen] = await Promise.all([
      this.store.candidates(scope.platformId),
      this.store.supportPersons(scope),
    ]);
    return { candidates: [...new Set([...chosen, ...candidates])], chosen };
  }

  /** Saves the list; someone who is not a candidate (a learner, a stranger) is refused on the field. */
  async save(scope: CourseScope, personIds: readonly string[], userId: string): Promise<void> {
    const { candidates } = await this.forEditing(scope);
    if (personIds.some((id) => !candidates.includes(id))) throw fieldProblem("personIds", "INVALID_CHOICE");
    await this.store.saveSupportPersons(scope, personIds, userId);
  }
}

// A course's validation rules, set by who teaches in it: single or double validation, the reminder
// delay, and the referent every learner sees (one of the course's teachers or mentors; else each
// learner's first tutor answers).
import type { Actor } from "../actor.js";
import type { CourseScope } from "../course.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { CourseMember } from "../people/people.js";
import type { CourseRules, CourseRulesReader } from "./ports.js";
import { invalid } from "./service.js";

export const MIN_REMINDER_DAYS = 1;
export const MAX_REMINDER_DAYS = 90;

export interface CourseSettingsInput {
  validationsRequired: 1 | 2;
  reminderAfterDays: number;
  /** "" for no referent. */
  referentUserId: string;
}

export interface CourseSettingsPage {
  rules: CourseRules;
  /** The course's framework for this placement, if one was chosen. */
  framework: StoredFramework | null;
  /** Who may be the referent: the course's teachers and mentors. */
  candidates: CourseMember[];
}

export interface CourseSettingsDeps {
  rules: CourseRulesReader & {
    update(scope: CourseScope, changes: Omit<CourseRules, "frameworkId">, userId: string): Promise<unknown>;
  };
  frameworks: {
    forPlacement(ref: CourseScope & { resourceLinkId: string | null }): Promise<StoredFramework | null>;
  };
  people: { members(scope: CourseScope, role?: string): Promise<CourseMember[]> };
}

const REFERENT_ROLES = ["teacher", "mentor"];

export class CourseSettingsService {
  constructor(private readonly deps: CourseSettingsDeps) {}

  async forEditing(actor: Actor, scope: CourseScope): Promise<CourseSettingsPage> {
    const [rules, framework, candidates] = await Promise.all([
      this.deps.rules.get(scope),
      this.deps.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
      this.candidates(scope),
    ]);
    return { rules, framework, candidates };
  }

  /** Saves the rules; a referent who does not teach or mentor in the course is refused on its field. */
  async update(actor: Actor, scope: CourseScope, input: CourseSettingsInput): Promise<void> {
    if (input.referentUserId !== "") {
      const candidates = await this.candidates(scope);
      if (!candidates.some((member) => member.id === input.referentUserId))
        throw invalid({ referentUserId: "INVALID_CHOICE" });
    }
    await this.deps.rules.update(scope, input, actor.userId);
  }

  private async candidates(scope: CourseScope): Promise<CourseMember[]> {
    const members = await this.deps.people.members(scope);
    return members.filter((member) => member.roles.some((role) => REFERENT_ROLES.includes(role)));
  }
}

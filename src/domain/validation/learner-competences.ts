// The learner's side of validation, read for their pages: the course's framework and rules, where each
// of their competences stands, who accompanies them, and what they need to fill in a request.
import type { Actor } from "../actor.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import type { Person, PeopleDirectory } from "../people/people.js";
import { NotFoundError } from "../../errors.js";
import type {
  CompetenceRecordStore,
  CourseRules,
  CourseRulesReader,
  CourseScope,
  TraceCatalog,
  TraceSummary,
} from "./ports.js";
import { taggedCounts } from "./evidence-progress.js";
import type { CompetenceRecord } from "./records.js";
import { rulesFor, type CompetenceState } from "./states.js";
import { launchScope } from "./use-case-steps.js";

/** The course the learner launched from, its framework (if one is chosen) and its validation rules. */
export interface LearnerCourse {
  scope: CourseScope;
  framework: StoredFramework | null;
  rules: CourseRules;
}

/** Who accompanies the learner: the course's referent, else their tutor. */
export interface Referent {
  person: Person;
  /** No course referent is set: this is the learner's tutor. */
  isTutor: boolean;
}

export interface CompetenceOverview {
  course: LearnerCourse;
  referent: Referent | null;
  /** The learner's records of the course's framework; empty without a framework. */
  records: CompetenceRecord[];
  /** How many of the learner's traces are tagged with each competence (by code); empty without a framework. */
  tagged: ReadonlyMap<string, number>;
  now: Date;
}

export interface RequestFormData {
  course: LearnerCourse & { framework: StoredFramework };
  records: ReadonlyMap<string, CompetenceRecord>;
  traces: TraceSummary[];
  /** Whom the learner may address: the course's trainers and their tutors. */
  validators: string[];
  referentId: string | null;
  now: Date;
}

export interface LearnerCompetencesDeps {
  access: {
    allowedValidators(scope: CourseScope, learnerId: string): Promise<string[]>;
    referentOf(scope: CourseScope, learnerId: string, rules?: CourseRules): Promise<string | null>;
  };
  frameworks: Pick<FrameworkCatalog, "forPlacement">;
  rules: CourseRulesReader;
  records: Pick<CompetenceRecordStore, "forLearner">;
  traces: Pick<TraceCatalog, "listForLearner">;
  people: Pick<PeopleDirectory, "person">;
  clock: { now(): Date };
}

/** A request can be made from these states (the state machine's `request` rule). */
export function isRequestable(state: CompetenceState): boolean {
  return rulesFor("request").some((rule) => rule.from.includes(state));
}

export class LearnerCompetences {
  constructor(private readonly deps: LearnerCompetencesDeps) {}

  async course(actor: Actor): Promise<LearnerCourse> {
    const scope = launchScope(actor);
    const [framework, rules] = await Promise.all([
      this.deps.frameworks.forPlacement({ ...scope, resourceLinkId: actor.resourceLinkId }),
      this.deps.rules.get(scope),
    ]);
    return { scope, framework, rules };
  }

  /** The actor's own competences in the launch's course (their page, their home). */
  async overview(actor: Actor): Promise<CompetenceOverview> {
    const course = await this.course(actor);
    const framework = course.framework;
    // A newcomer (created by the launch this page follows) has no record, trace or tutor yet.
    const theirs = framework && !actor.newcomer ? framework : null;
    const [referent, records, traces] = await Promise.all([
      this.referent(course, actor.userId, actor.newcomer === true),
      theirs ? this.deps.records.forLearner(course.scope, actor.userId, theirs.id) : [],
      theirs ? this.deps.traces.listForLearner(course.scope.platformId, actor.userId) : [],
    ]);
    const tagged = framework ? taggedCounts(traces, framework.id) : new Map<string, number>();
    return { course, referent, records, tagged, now: this.deps.clock.now() };
  }

  /** Everything the request form offers; absent (404) while the course has no framework. */
  async requestForm(actor: Actor): Promise<RequestFormData> {
    const course = await this.course(actor);
    const framework = course.framework;
    if (!framework) throw new NotFoundError();
    const { scope, rules } = course;
    const [records, traces, validators, referentId] = await Promise.all([
      this.deps.records.forLearner(scope, actor.userId, framework.id),
      this.deps.traces.listForLearner(scope.platformId, actor.userId),
      this.deps.access.allowedValidators(scope, actor.userId),
      this.deps.access.referentOf(scope, actor.userId, rules),
    ]);
    return {
      course: { ...course, framework },
      records: new Map(records.map((record) => [record.competenceCode, record])),
      traces,
      validators,
      referentId,
      now: this.deps.clock.now(),
    };
  }

  private async referent(
    course: LearnerCourse,
    learnerId: string,
    newcomer: boolean,
  ): Promise<Referent | null> {
    // Without tutors yet, only the course's own referent can be theirs.
    const { referentUserId } = course.rules;
    const courseReferent = referentUserId !== learnerId ? referentUserId : "";
    const referentId = newcomer
      ? courseReferent || null
      : await this.deps.access.referentOf(course.scope, learnerId, course.rules);
    if (!referentId) return null;
    const person = await this.deps.people.person(course.scope.platformId, referentId);
    return person ? { person, isTutor: !course.rules.referentUserId } : null;
  }
}

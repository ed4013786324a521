// One competence of one learner as a page shows it, to the learner or to a trainer who follows them:
// the record, the self-assessment history, the formative comments, the traces that may be cited and
// the actions the state machine would accept now. Absent (404) for anyone else.
import type { Actor } from "../actor.js";
import type { StoredFramework } from "../frameworks/catalog.js";
import type { Person, PeopleDirectory } from "../people/people.js";
import { abilities, authorize } from "../../policies/policy.js";
import { competencesPolicy, type CompetenceAction } from "../../policies/validation.js";
import type { Access } from "./access.js";
import { emptyRecord, offeredActions, type OfferedAction } from "./offered-actions.js";
import type {
  CommentStore,
  CompetenceRecordStore,
  CompetenceRef,
  CourseRules,
  CourseRulesReader,
  CourseScope,
  FormativeComment,
  ReadableTraces,
  SelfAssessment,
  SelfAssessmentStore,
  TraceCatalog,
  TraceSummary,
} from "./ports.js";
import type { CompetenceKey, CompetenceRecord } from "./records.js";
import { competenceFramework, readableTraces } from "./use-case-steps.js";

export type Viewer = "learner" | "validator";

export interface CompetenceView {
  viewer: Viewer;
  scope: CourseScope;
  learnerId: string;
  learner: Person | null;
  framework: StoredFramework;
  code: string;
  rules: CourseRules;
  record: CompetenceRecord | null;
  history: SelfAssessment[];
  comments: FormativeComment[];
  /** Traces the viewer may cite: the learner's own, or those of theirs the trainer may read. */
  traces: TraceSummary[];
  offered: Record<OfferedAction, boolean>;
  can: Record<CompetenceAction, boolean>;
  /** This trainer already gave one of two validations. */
  alreadyApproved: boolean;
  now: Date;
}

export interface CompetenceViewDeps {
  access: { access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> };
  frameworks: { byId(platformId: string, id: string): Promise<StoredFramework | null> };
  rules: CourseRulesReader;
  records: Pick<CompetenceRecordStore, "find">;
  selfAssessments: Pick<SelfAssessmentStore, "history">;
  comments: Pick<CommentStore, "history">;
  people: Pick<PeopleDirectory, "person">;
  /** The learner's own traces. */
  traces: Pick<TraceCatalog, "listForLearner">;
  readable: ReadableTraces;
  clock: { now(): Date };
}

export type { CompetenceRef } from "./ports.js";

export class CompetenceViews {
  constructor(private readonly deps: CompetenceViewDeps) {}

  async view(actor: Actor, ref: CompetenceRef, viewer: Viewer): Promise<CompetenceView> {
    const framework = await competenceFramework(this.deps, actor.platformId, ref.frameworkId, ref.code);
    const access = await this.deps.access.access(actor, ref.scope, ref.learnerId);
    authorize(actor, competencesPolicy, viewer === "learner" ? "viewOwn" : "viewAsValidator", access);
    const key: CompetenceKey = {
      ...ref.scope,
      learnerId: ref.learnerId,
      frameworkId: framework.id,
      competenceCode: ref.code,
    };
    const [record, history, comments, learner, rules, traces] = await Promise.all([
      this.deps.records.find(key),
      this.deps.selfAssessments.history(key),
      this.deps.comments.history(key),
      this.deps.people.person(actor.platformId, ref.learnerId),
      this.deps.rules.get(ref.scope),
      viewer === "learner"
        ? this.deps.traces.listForLearner(actor.platformId, ref.learnerId)
        : readableTraces(this.deps.readable, actor, ref.learnerId),
    ]);
    const snapshot = record ?? emptyRecord(ref.learnerId);
    return {
      viewer,
      scope: ref.scope,
      learnerId: ref.learnerId,
      learner,
      framework,
      code: ref.code,
      rules,
      record,
      history,
      comments,
      traces,
      offered: offeredActions(snapshot, { userId: actor.userId, roles: access.roles }, framework, rules),
      can: abilities(actor, competencesPolicy, access),
      alreadyApproved: snapshot.approvals.some((approval) => approval.validatorId === actor.userId),
      now: this.deps.clock.now(),
    };
  }
}

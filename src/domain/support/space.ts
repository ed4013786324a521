// A person's support space: as a learner, their own cases, who read them and what was purged; as a
// support person, the cases they work on and the learners whose signals they may take up.
import type { Actor } from "../actor.js";
import type { SupportAccess } from "./access-log.js";
import type { SupportCase } from "./cases.js";
import type { SupportDeps } from "./ports.js";
import type { PurgeRecord, PurgeRecordStore } from "./retention.js";
import type { Signal } from "./signals.js";

export interface LearnerSpace {
  cases: SupportCase[];
  accessLog: SupportAccess[];
  purged: PurgeRecord[];
}

const ACCESS_SHOWN = 200;
const SIGNALS_SHOWN = 100;

export class SupportSpace {
  constructor(
    private readonly deps: SupportDeps,
    private readonly purged: Pick<PurgeRecordStore, "ofLearner">,
  ) {}

  /** What concerns the actor as a learner (members' notes are left out: see CaseWork.read). */
  async ofLearner(actor: Actor): Promise<LearnerSpace> {
    const [cases, accessLog, purged] = await Promise.all([
      this.deps.cases.ofLearner(actor.platformId, actor.userId),
      this.deps.access.ofLearner(actor.platformId, actor.userId, ACCESS_SHOWN),
      this.purged.ofLearner(actor.platformId, actor.userId),
    ]);
    const shared = cases.map((supportCase) => ({
      ...supportCase,
      notes: supportCase.notes.filter((note) => note.audience === "case"),
    }));
    return { cases: shared, accessLog, purged };
  }

  /** The cases the actor works on as a member. */
  casesOfMember(actor: Actor): Promise<SupportCase[]> {
    return this.deps.cases.ofMember(actor.platformId, actor.userId);
  }

  /**
   * Signals not yet taken up about the learners whose circle the actor is in, newest first. Only who
   * and when: categories and words are read on the learner's page, where the reading is logged.
   */
  async signalsToTakeUp(actor: Actor): Promise<Pick<Signal, "learnerId" | "raisedAt">[]> {
    const learners = await this.deps.directory.learnersInCircleOf(actor.platformId, actor.userId);
    const signals = await this.deps.signals.ofLearners(actor.platformId, learners, SIGNALS_SHOWN);
    return signals
      .filter((signal) => signal.caseId === null)
      .map(({ learnerId, raisedAt }) => ({ learnerId, raisedAt }));
  }
}

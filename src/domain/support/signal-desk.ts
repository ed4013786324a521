// Recording and reading signals: who follows a learner records a concern; the support circle reads them,
// and each reading is written to the learner's access log.
import type { Actor } from "../actor.js";
import { authorize } from "../../policies/policy.js";
import { supportLearnerPolicy, type SupportLearner } from "../../policies/support.js";
import { supportPersonsFor } from "./circle.js";
import type { SupportDeps } from "./ports.js";
import { boundedText, oneOf } from "./problems.js";
import type { RecorderRole, Signal } from "./signals.js";
import { SIGNAL_CATEGORIES, SUPPORT_LIMITS } from "./vocabulary.js";

export interface ConcernInput {
  category: string;
  note: string;
}

/** What an invitation link (the dossier area's) vouches for: a supervisor invited about this learner. */
export interface InvitationGrant {
  platformId: string;
  learnerId: string;
  invitationId: string;
}

export class SignalDesk {
  constructor(private readonly deps: SupportDeps) {}

  /** A concern from someone who follows the learner (404 for anyone else: the learner stays private). */
  async record(actor: Actor, learner: SupportLearner, input: ConcernInput): Promise<Signal> {
    authorize(actor, supportLearnerPolicy, "recordSignal", learner);
    const as: RecorderRole = learner.follower ?? "support";
    return this.add(learner.platformId, learner.learnerId, input, {
      kind: "person",
      userId: actor.userId,
      as,
    });
  }

  /**
   * A placement supervisor's alert ("alerte donnée par le MSU"), for the invitation links of the dossier
   * area: the caller has checked the link; the grant says which learner it names.
   */
  recordFromInvitation(grant: InvitationGrant, input: ConcernInput): Promise<Signal> {
    return this.add(grant.platformId, grant.learnerId, input, {
      kind: "external",
      invitationId: grant.invitationId,
    });
  }

  /** The learner's signals, for their support circle; the reading goes to the access log. */
  async read(actor: Actor, learner: SupportLearner): Promise<Signal[]> {
    authorize(actor, supportLearnerPolicy, "readSignals", learner);
    const signals = await this.deps.signals.ofLearner(learner.platformId, learner.learnerId);
    await this.deps.access.append({
      platformId: learner.platformId,
      learnerId: learner.learnerId,
      caseId: null,
      readerId: actor.userId,
      part: "signals",
      at: this.deps.clock.now(),
    });
    return signals;
  }

  private async add(
    platformId: string,
    learnerId: string,
    input: ConcernInput,
    source: Signal["source"],
  ): Promise<Signal> {
    const signal: Signal = {
      id: this.deps.newId(),
      platformId,
      learnerId,
      category: oneOf("category", input.category, SIGNAL_CATEGORIES),
      note: boundedText("note", input.note, SUPPORT_LIMITS.signalNote, true),
      source,
      raisedAt: this.deps.clock.now(),
      caseId: null,
    };
    await this.deps.signals.add(signal);
    const circle = await supportPersonsFor(this.deps.directory, platformId, learnerId);
    const recipients = circle.filter((id) => !(source.kind === "person" && id === source.userId));
    await this.deps.notifier.newMessage(platformId, recipients, signal.raisedAt);
    return signal;
  }
}

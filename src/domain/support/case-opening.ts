// Opening a support case: the learner asks to talk to one of their eligible support persons, or a
// support person opens one from the signals about a learner. Either way the learner knows it exists.
import type { Actor } from "../actor.js";
import { NotFoundError } from "../../errors.js";
import { authorize } from "../../policies/policy.js";
import { supportLearnerPolicy, type SupportLearner } from "../../policies/support.js";
import type { CaseNote, SupportCase } from "./cases.js";
import { supportPersonsFor } from "./circle.js";
import type { SupportDeps } from "./ports.js";
import { boundedText } from "./problems.js";
import { SUPPORT_LIMITS } from "./vocabulary.js";

export interface SupportRequestInput {
  /** The support person the learner chose. */
  personId: string;
  /** What the learner wants to say first (may be empty: asking is enough). */
  message: string;
}

export interface OpenFromSignalsInput {
  signalIds: readonly string[];
  note: string;
}

/** A refusal that names nobody: the log line says which rule, never whom. */
export function notEligible(rule: string): NotFoundError {
  return new NotFoundError("NOT_FOUND", `support.${rule} refused`);
}

export class CaseOpening {
  constructor(private readonly deps: SupportDeps) {}

  /** Whom the learner may choose: their programmes' support persons who do not evaluate them. */
  choices(actor: Actor, learner: SupportLearner): Promise<string[]> {
    authorize(actor, supportLearnerPolicy, "requestSupport", learner);
    return supportPersonsFor(this.deps.directory, learner.platformId, learner.learnerId);
  }

  /** "Je souhaite en parler à quelqu'un": a case with the chosen person only. */
  async requestSupport(
    actor: Actor,
    learner: SupportLearner,
    input: SupportRequestInput,
  ): Promise<SupportCase> {
    const eligible = await this.choices(actor, learner);
    if (!eligible.includes(input.personId)) throw notEligible("member");
    const message = boundedText("message", input.message, SUPPORT_LIMITS.noteText, false);
    const now = this.deps.clock.now();
    const supportCase = this.newCase(learner, actor.userId, "learner", [input.personId]);
    if (message !== "") supportCase.notes.push(this.note(actor.userId, message, "case"));
    await this.deps.cases.create(supportCase);
    await this.deps.notifier.newMessage(learner.platformId, [input.personId], now);
    return supportCase;
  }

  /** A support person takes up signals about a learner; the learner is told a case exists. */
  async openFromSignals(
    actor: Actor,
    learner: SupportLearner,
    input: OpenFromSignalsInput,
  ): Promise<SupportCase> {
    authorize(actor, supportLearnerPolicy, "openCase", learner);
    const note = boundedText("note", input.note, SUPPORT_LIMITS.noteText, false);
    const known = await this.deps.signals.ofLearner(learner.platformId, learner.learnerId);
    const loose = new Set(known.filter((signal) => signal.caseId === null).map((signal) => signal.id));
    const chosen = input.signalIds.filter((id) => loose.has(id));
    if (chosen.length !== input.signalIds.length) throw notEligible("signal");
    const supportCase = this.newCase(learner, actor.userId, "signals", [actor.userId]);
    if (note !== "") supportCase.notes.push(this.note(actor.userId, note, "members"));
    await this.deps.cases.create(supportCase);
    await this.deps.signals.attach(learner.platformId, learner.learnerId, chosen, supportCase.id);
    await this.deps.notifier.newMessage(learner.platformId, [learner.learnerId], supportCase.openedAt);
    return supportCase;
  }

  private newCase(
    learner: SupportLearner,
    openedBy: string,
    origin: SupportCase["origin"],
    members: string[],
  ): SupportCase {
    return {
      id: this.deps.newId(),
      platformId: learner.platformId,
      learnerId: learner.learnerId,
      origin,
      openedBy,
      openedAt: this.deps.clock.now(),
      step: "detection",
      members,
      addedByLearner: [],
      notes: [],
      escalations: [],
      closure: null,
    };
  }

  private note(authorId: string, text: string, audience: CaseNote["audience"]): CaseNote {
    return {
      id: this.deps.newId(),
      step: "detection",
      authorId,
      at: this.deps.clock.now(),
      text,
      involved: "",
      agreedActions: "",
      reviewOn: null,
      audience,
    };
  }
}

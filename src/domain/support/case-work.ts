// Working on a case: reading it (each read goes to the learner's access log), notes per step, moving
// between steps, bringing people in, naming a second level, closing with an outcome.
import type { Actor } from "../actor.js";
import { ConflictError, fieldProblem } from "../../errors.js";
import { authorize, can } from "../../policies/policy.js";
import { supportCasePolicy, type SupportCaseAccess } from "../../policies/support.js";
import type { CaseChange, CaseNote, SupportCase } from "./cases.js";
import { supportPersonsFor } from "./circle.js";
import { notEligible } from "./case-opening.js";
import type { SupportDeps } from "./ports.js";
import { boundedText, oneOf } from "./problems.js";
import type { Signal } from "./signals.js";
import {
  CASE_OUTCOMES,
  CASE_STEPS,
  NOTE_AUDIENCES,
  SECOND_LEVELS,
  SUPPORT_LIMITS,
  type CaseStep,
} from "./vocabulary.js";

export interface NoteInput {
  step: string;
  text: string;
  involved: string;
  agreedActions: string;
  /** YYYY-MM-DD or empty. */
  reviewOn: string;
  audience: string;
}

export interface EscalationInput {
  level: string;
  name: string;
  contact: string;
}

export interface ClosureInput {
  outcome: string;
  note: string;
}

/** What a reader gets of a case: the learner never gets members' notes nor the signals' words. */
export interface CaseReading {
  supportCase: SupportCase;
  signals: Signal[];
  access: SupportCaseAccess;
}

export function accessOf(supportCase: SupportCase): SupportCaseAccess {
  return {
    platformId: supportCase.platformId,
    learnerId: supportCase.learnerId,
    members: supportCase.members,
    closed: supportCase.closure !== null,
  };
}

export class CaseWork {
  constructor(private readonly deps: SupportDeps) {}

  async read(actor: Actor, caseId: string): Promise<CaseReading> {
    const supportCase = await this.load(actor, caseId, "read");
    const access = accessOf(supportCase);
    const membersToo = can(actor, supportCasePolicy, "readMembersNotes", access);
    const signals = can(actor, supportCasePolicy, "readSignals", access)
      ? await this.deps.signals.ofCase(supportCase.platformId, supportCase.id)
      : [];
    await this.deps.access.append({
      platformId: supportCase.platformId,
      learnerId: supportCase.learnerId,
      caseId: supportCase.id,
      readerId: actor.userId,
      part: "case",
      at: this.deps.clock.now(),
    });
    const notes = membersToo ? supportCase.notes : supportCase.notes.filter((n) => n.audience === "case");
    return { supportCase: { ...supportCase, notes }, signals, access };
  }

  async addNote(actor: Actor, caseId: string, input: NoteInput): Promise<void> {
    const supportCase = await this.load(actor, caseId, "writeNote");
    const isLearner = actor.userId === supportCase.learnerId;
    const note: CaseNote = {
      id: this.deps.newId(),
      step: oneOf("step", input.step, CASE_STEPS),
      authorId: actor.userId,
      at: this.deps.clock.now(),
      text: boundedText("text", input.text, SUPPORT_LIMITS.noteText, true),
      involved: boundedText("involved", input.involved, SUPPORT_LIMITS.involved, false),
      agreedActions: boundedText("agreedActions", input.agreedActions, SUPPORT_LIMITS.agreedActions, false),
      reviewOn: reviewDate(input.reviewOn),
      // What the learner writes is theirs to read: never hidden from them.
      audience: isLearner ? "case" : oneOf("audience", input.audience, NOTE_AUDIENCES),
    };
    await this.change(supportCase, { kind: "note", note });
    await this.tell(supportCase, actor, note.audience === "members");
  }

  async moveStep(actor: Actor, caseId: string, step: string): Promise<void> {
    const supportCase = await this.load(actor, caseId, "manage");
    const next: CaseStep = oneOf("step", step, CASE_STEPS);
    await this.change(supportCase, { kind: "step", step: next });
  }

  /**
   * Members bring in designated support persons who do not evaluate the learner; the learner may also
   * bring in someone who evaluates them (their tutor, a formateur): their choice, recorded as such.
   */
  async addMember(actor: Actor, caseId: string, personId: string): Promise<void> {
    const supportCase = await this.load(actor, caseId, "addMember");
    const { platformId, learnerId } = supportCase;
    const byLearner = actor.userId === learnerId;
    const eligible = await this.eligibleMembers(supportCase, byLearner);
    if (!eligible.has(personId)) throw notEligible("member");
    if (supportCase.members.includes(personId)) return;
    if (supportCase.members.length >= SUPPORT_LIMITS.membersPerCase)
      throw fieldProblem("personId", "TOO_MANY", { max: SUPPORT_LIMITS.membersPerCase });
    await this.change(supportCase, { kind: "member", userId: personId, byLearner });
    await this.deps.notifier.newMessage(platformId, [personId], this.deps.clock.now());
  }

  /** Whom the actor may bring into the case (none when they may not add anyone). */
  async memberChoices(actor: Actor, supportCase: SupportCase): Promise<string[]> {
    if (!can(actor, supportCasePolicy, "addMember", accessOf(supportCase))) return [];
    const eligible = await this.eligibleMembers(supportCase, actor.userId === supportCase.learnerId);
    return [...eligible].filter((id) => !supportCase.members.includes(id));
  }

  async escalate(actor: Actor, caseId: string, input: EscalationInput): Promise<void> {
    const supportCase = await this.load(actor, caseId, "manage");
    await this.change(supportCase, {
      kind: "escalation",
      escalation: {
        level: oneOf("level", input.level, SECOND_LEVELS),
        name: boundedText("name", input.name, SUPPORT_LIMITS.secondLevelName, true),
        contact: boundedText("contact", input.contact, SUPPORT_LIMITS.secondLevelContact, false),
        at: this.deps.clock.now(),
        by: actor.userId,
      },
    });
  }

  async close(actor: Actor, caseId: string, input: ClosureInput): Promise<void> {
    const supportCase = await this.load(actor, caseId, "manage");
    await this.change(supportCase, {
      kind: "closure",
      closure: {
        at: this.deps.clock.now(),
        by: actor.userId,
        outcome: oneOf("outcome", input.outcome, CASE_OUTCOMES),
        note: boundedText("note", input.note, SUPPORT_LIMITS.outcomeNote, false),
      },
    });
    await this.tell(supportCase, actor, false);
  }

  private async eligibleMembers(supportCase: SupportCase, byLearner: boolean): Promise<Set<string>> {
    const { platformId, learnerId } = supportCase;
    const eligible = new Set(await supportPersonsFor(this.deps.directory, platformId, learnerId));
    if (byLearner)
      for (const evaluator of await this.deps.directory.evaluatorsOf(platformId, learnerId))
        eligible.add(evaluator);
    eligible.delete(learnerId);
    return eligible;
  }

  /** Loads a case and checks the action: anyone else gets the same 404 as for a case that is not there. */
  private async load(
    actor: Actor,
    caseId: string,
    action: "read" | "writeNote" | "manage" | "addMember",
  ): Promise<SupportCase> {
    const supportCase = await this.deps.cases.get(actor.platformId, caseId);
    if (!supportCase) throw notEligible("case");
    authorize(actor, supportCasePolicy, action, accessOf(supportCase));
    return supportCase;
  }

  private async change(supportCase: SupportCase, change: CaseChange): Promise<void> {
    const applied = await this.deps.cases.apply(supportCase.platformId, supportCase.id, change);
    if (!applied) throw new ConflictError("SUPPORT_CASE_CHANGED");
  }

  /** Everyone on the case but the author hears "a new message" (the learner not for members' notes). */
  private async tell(supportCase: SupportCase, author: Actor, membersOnly: boolean): Promise<void> {
    const audience = membersOnly ? supportCase.members : [...supportCase.members, supportCase.learnerId];
    const recipients = audience.filter((id) => id !== author.userId);
    await this.deps.notifier.newMessage(supportCase.platformId, recipients, this.deps.clock.now());
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function reviewDate(value: string): Date | null {
  const text = value.trim();
  if (text === "") return null;
  const match = DATE.exec(text);
  const at = match ? new Date(`${text}T12:00:00.000Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text)
    throw fieldProblem("reviewOn", "INVALID_DATE");
  return at;
}

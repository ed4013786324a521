// Individual interviews' use cases: a tutor opens one for a tutee (starting from the objectives of the
// last signed one), the tutee prepares it, the tutor completes the synthesis, both sign. Each step is
// a single-document change that holds only at its stage, so a late or repeated form changes nothing.
import type { Clock } from "../../clock.js";
import { ConflictError, found, NotFoundError, ValidationError } from "../../errors.js";
import type { Actor } from "../actor.js";
import type { NewNotification, NotificationSink } from "../validation/ports.js";
import {
  emptyText,
  INTERVIEW_TEXT_LIMIT,
  stageOf,
  type Interview,
  type InterviewPreparation,
  type InterviewSection,
  type InterviewText,
} from "./interview.js";
import { instantOf } from "./local-time.js";

export type NewInterview = Omit<Interview, "id">;

export interface InterviewStore {
  create(interview: NewInterview): Promise<Interview>;
  get(platformId: string, interviewId: string): Promise<Interview | null>;
  /** The tutee's interviews, newest first. */
  ofLearner(platformId: string, learnerId: string): Promise<Interview[]>;
  /** The interviews a tutor holds, newest first. */
  ofTutor(platformId: string, tutorId: string): Promise<Interview[]>;
  /** Only while the synthesis is not written: false otherwise. */
  savePreparation(
    platformId: string,
    id: string,
    preparation: InterviewPreparation,
    at: Date,
  ): Promise<boolean>;
  /** Only once: false when it was already completed. */
  complete(platformId: string, id: string, synthesis: InterviewText, at: Date): Promise<boolean>;
  /** Only once completed, each party once: false otherwise. */
  sign(platformId: string, id: string, party: "learner" | "tutor", at: Date): Promise<boolean>;
}

export interface InterviewsDeps {
  store: InterviewStore;
  /** Whether someone tutors the learner now (as a tutor: a peer tutor holds no interviews). */
  tutors: { isTutorOf(platformId: string, tutorId: string, learnerId: string): Promise<boolean> };
  notifications: NotificationSink;
  clock: Clock;
  timeZone: string;
}

export interface OpenInterviewInput {
  date: string;
  time: string;
}

/** Trims each text and names every field that is too long (or empty where required). */
class TextCheck {
  private readonly fields: Record<string, string> = {};

  text(field: string, value: string, required = false): string {
    const trimmed = value.trim();
    if (trimmed.length > INTERVIEW_TEXT_LIMIT) this.fields[field] = "TOO_LONG";
    else if (trimmed === "" && required) this.fields[field] = "REQUIRED";
    return trimmed;
  }

  sections(input: InterviewText, required: readonly InterviewSection[] = []): InterviewText {
    const text = (key: InterviewSection): string => this.text(key, input[key], required.includes(key));
    return {
      difficulties: text("difficulties"),
      strengths: text("strengths"),
      traces: text("traces"),
      objectives: text("objectives"),
    };
  }

  /** Throws the refusal when any field was wrong. */
  done(): void {
    if (Object.keys(this.fields).length > 0)
      throw new ValidationError("VALIDATION_FAILED", { max: INTERVIEW_TEXT_LIMIT }, this.fields);
  }
}

export class Interviews {
  constructor(private readonly deps: InterviewsDeps) {}

  async interview(platformId: string, id: string): Promise<Interview> {
    return found(await this.deps.store.get(platformId, id), "no such interview");
  }

  ofLearner(platformId: string, learnerId: string): Promise<Interview[]> {
    return this.deps.store.ofLearner(platformId, learnerId);
  }

  ofTutor(platformId: string, tutorId: string): Promise<Interview[]> {
    return this.deps.store.ofTutor(platformId, tutorId);
  }

  /** A tutor opens the next interview with a tutee of theirs (404 for anyone else's learner). */
  async open(actor: Actor, learnerId: string, input: OpenInterviewInput): Promise<Interview> {
    const { platformId } = actor;
    if (
      learnerId === actor.userId ||
      !(await this.deps.tutors.isTutorOf(platformId, actor.userId, learnerId))
    )
      throw new NotFoundError("NOT_FOUND", "not a tutee");
    const now = this.deps.clock.now();
    const plannedAt = this.plannedAt(input, now);
    const past = await this.deps.store.ofLearner(platformId, learnerId);
    if (past.some((interview) => interview.tutorId === actor.userId && stageOf(interview) !== "signed"))
      throw new ConflictError("INTERVIEW_IN_PROGRESS");
    const lastSigned = past.find((interview) => stageOf(interview) === "signed");
    const previousObjectives = lastSigned?.synthesis.objectives ?? null;
    const interview = await this.deps.store.create({
      platformId,
      learnerId,
      tutorId: actor.userId,
      number: past.length + 1,
      plannedAt,
      previousObjectives,
      // The tutee's objectives start from the ones agreed last time; they rewrite them as they go.
      preparation: { ...emptyText(), objectives: previousObjectives ?? "", topics: "" },
      preparedAt: null,
      synthesis: emptyText(),
      completedAt: null,
      learnerSignedAt: null,
      tutorSignedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.notify(interview, interview.learnerId, "interview_opened", now);
    return interview;
  }

  /** The tutee's preparation, until the tutor has written the synthesis. */
  async prepare(actor: Actor, interview: Interview, input: InterviewPreparation): Promise<Interview> {
    if (actor.userId !== interview.learnerId) throw new NotFoundError("NOT_FOUND", "not the tutee");
    const check = new TextCheck();
    const preparation = { ...check.sections(input), topics: check.text("topics", input.topics) };
    check.done();
    const now = this.deps.clock.now();
    if (!(await this.deps.store.savePreparation(interview.platformId, interview.id, preparation, now)))
      throw new ConflictError("INTERVIEW_COMPLETED");
    if (!interview.preparedAt) await this.notify(interview, interview.tutorId, "interview_prepared", now);
    return this.interview(interview.platformId, interview.id);
  }

  /** The tutor's synthesis; the objectives for the next six months are what the next interview starts from. */
  async complete(actor: Actor, interview: Interview, input: InterviewText): Promise<Interview> {
    if (actor.userId !== interview.tutorId) throw new NotFoundError("NOT_FOUND", "not the tutor");
    const check = new TextCheck();
    const synthesis = check.sections(input, ["objectives"]);
    check.done();
    const now = this.deps.clock.now();
    if (!(await this.deps.store.complete(interview.platformId, interview.id, synthesis, now)))
      throw new ConflictError("INTERVIEW_COMPLETED");
    await this.notify(interview, interview.learnerId, "interview_completed", now);
    return this.interview(interview.platformId, interview.id);
  }

  /** Each party signs the completed interview once; the other is told when both have. */
  async sign(actor: Actor, interview: Interview): Promise<Interview> {
    const party =
      actor.userId === interview.learnerId ? "learner" : actor.userId === interview.tutorId ? "tutor" : null;
    if (!party) throw new NotFoundError("NOT_FOUND", "not a party");
    if (stageOf(interview) === "preparing") throw new ConflictError("INTERVIEW_NOT_COMPLETED");
    const now = this.deps.clock.now();
    if (!(await this.deps.store.sign(interview.platformId, interview.id, party, now)))
      throw new ConflictError("INTERVIEW_ALREADY_SIGNED");
    const signed = await this.interview(interview.platformId, interview.id);
    if (stageOf(signed) === "signed")
      await this.notify(
        signed,
        party === "learner" ? signed.tutorId : signed.learnerId,
        "interview_signed",
        now,
      );
    return signed;
  }

  private plannedAt(input: OpenInterviewInput, now: Date): Date | null {
    const date = input.date.trim();
    if (date === "" && input.time.trim() === "") return null;
    const at = instantOf({ date, time: input.time.trim() || "12:00" }, this.deps.timeZone);
    if (!at) throw new ValidationError("VALIDATION_FAILED", {}, { date: "DATE_INVALID" });
    if (at.getTime() <= now.getTime())
      throw new ValidationError("VALIDATION_FAILED", {}, { date: "IN_PAST" });
    return at;
  }

  private async notify(
    interview: Interview,
    userId: string,
    kind: "interview_opened" | "interview_prepared" | "interview_completed" | "interview_signed",
    now: Date,
  ): Promise<void> {
    const notice: NewNotification = {
      platformId: interview.platformId,
      userId,
      kind,
      params: { tutorId: interview.tutorId, learnerId: interview.learnerId },
      path: `interviews/${interview.id}`,
    };
    await this.deps.notifications.notify([notice], now);
  }
}

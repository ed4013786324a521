// Group sessions, one document each: the plan, the convened tutees, attendance, the report and its
// acknowledgements, and the convocation e-mails still due (an outbox on the document itself: every
// change raises `sequence` in the same single-document update that marks the e-mails due).
import { randomUUID } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import type {
  AttendanceMark,
  GroupSession,
  SessionPlan,
  SessionReport,
} from "../domain/sessions/group-session.js";
import type {
  ConvocationOutbox,
  DueConvocation,
  GroupSessionStore,
  NewGroupSession,
} from "../domain/sessions/ports.js";
import { pickFields } from "../domain/pick-fields.js";
import { collection } from "./models/collection.js";
import { type ListOrder, RecordCollection } from "./records.js";
import { courseScopeFields, required } from "./models/fields.js";

export interface GroupSessionDoc extends Omit<GroupSession, "id"> {
  _id: string;
  /** Per convened tutee, the sequence of the last convocation e-mailed (absent: none yet). */
  mailed: { learnerId: string; sequence: number }[];
  /** Some convocation e-mail is due (the job's index). */
  mailDue: boolean;
}

const reportSchema = new Schema<SessionReport>(
  {
    ...required<SessionReport>(String, "discussed", "writtenBy"),
    nextSteps: { type: String, default: "" },
    writtenAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { _id: false },
);

const groupSessions = collection<GroupSessionDoc>("CarnetGroupSession", "group_sessions", {
  ...courseScopeFields(),
  ...required<GroupSessionDoc>(String, "groupId", "groupName", "tutorId", "title", "createdBy"),
  ...required<GroupSessionDoc>(Number, "number", "sequence"),
  ...required<GroupSessionDoc>(Date, "startsAt", "endsAt", "createdAt", "updatedAt"),
  place: { type: String, default: null },
  videoUrl: { type: String, default: null },
  agenda: { type: [String], default: [] },
  invitees: { type: [String], default: [] },
  status: { type: String, enum: ["scheduled", "cancelled"], required: true },
  attendance: {
    type: [{ _id: false, learnerId: String, mark: { type: String, enum: ["present", "absent", "excused"] } }],
    default: [],
  },
  report: { type: reportSchema, default: null },
  acknowledgements: {
    type: [{ _id: false, learnerId: String, version: Number, at: Date }],
    default: [],
  },
  mailed: { type: [{ _id: false, learnerId: String, sequence: Number }], default: [] },
  mailDue: { type: Boolean, default: true },
})
  .index({ platformId: 1, groupId: 1, startsAt: 1 })
  .index({ platformId: 1, invitees: 1, startsAt: 1 })
  .index({ platformId: 1, tutorId: 1, startsAt: 1 })
  .index({ mailDue: 1 });

export function groupSessionModel(connection: Connection): Model<GroupSessionDoc> {
  return groupSessions.model(connection);
}

/** The session without the convocation mail's bookkeeping (`mailed`, `mailDue`), copied, not shared. */
function toSession({ _id, mailed: _mailed, mailDue: _mailDue, ...doc }: GroupSessionDoc): GroupSession {
  return {
    ...doc,
    id: _id,
    place: doc.place ?? null,
    videoUrl: doc.videoUrl ?? null,
    agenda: [...doc.agenda],
    invitees: [...doc.invitees],
    attendance: doc.attendance.map(({ learnerId, mark }) => ({ learnerId, mark })),
    report: doc.report
      ? pickFields(doc.report, "discussed", "nextSteps", "writtenBy", "writtenAt", "version")
      : null,
    acknowledgements: doc.acknowledgements.map(({ learnerId, version, at }) => ({ learnerId, version, at })),
  };
}

const LIST_LIMIT = 500;
const BY_START: ListOrder = { sort: { startsAt: 1, _id: 1 }, limit: LIST_LIMIT };

export class GroupSessionRepository implements GroupSessionStore, ConvocationOutbox {
  private readonly sessions: RecordCollection<GroupSessionDoc, GroupSession>;

  constructor(private readonly model: Model<GroupSessionDoc>) {
    this.sessions = new RecordCollection(model, toSession);
  }

  async create(session: NewGroupSession): Promise<GroupSession> {
    const doc = { ...session, _id: randomUUID(), mailed: [], mailDue: session.invitees.length > 0 };
    await this.model.create(doc);
    return toSession(doc);
  }

  async get(platformId: string, sessionId: string): Promise<GroupSession | null> {
    return this.sessions.byId(platformId, sessionId);
  }

  async reschedule(
    platformId: string,
    sessionId: string,
    sequence: number,
    change: SessionPlan & { invitees: string[]; updatedAt: Date },
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: sessionId, platformId, sequence, status: "scheduled" },
      { $set: { ...change, mailDue: true }, $inc: { sequence: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async cancel(platformId: string, sessionId: string, sequence: number, at: Date): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: sessionId, platformId, sequence, status: "scheduled" },
      { $set: { status: "cancelled", updatedAt: at, mailDue: true }, $inc: { sequence: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async setAttendance(
    platformId: string,
    sessionId: string,
    attendance: { learnerId: string; mark: AttendanceMark }[],
    at: Date,
  ): Promise<void> {
    await this.model.updateOne({ _id: sessionId, platformId }, { $set: { attendance, updatedAt: at } });
  }

  async setReport(platformId: string, sessionId: string, report: SessionReport): Promise<void> {
    await this.model.updateOne(
      { _id: sessionId, platformId },
      { $set: { report, updatedAt: report.writtenAt } },
    );
  }

  async acknowledge(
    platformId: string,
    sessionId: string,
    learnerId: string,
    version: number,
    at: Date,
  ): Promise<void> {
    await this.model.updateOne(
      {
        _id: sessionId,
        platformId,
        "report.version": version,
        acknowledgements: { $not: { $elemMatch: { learnerId, version } } },
      },
      { $push: { acknowledgements: { learnerId, version, at } } },
    );
  }

  async overlapping(
    platformId: string,
    people: readonly string[],
    from: Date,
    to: Date,
  ): Promise<GroupSession[]> {
    if (people.length === 0) return [];
    const filter = {
      platformId,
      status: "scheduled",
      startsAt: { $lt: to },
      endsAt: { $gt: from },
      $or: [{ tutorId: { $in: [...people] } }, { invitees: { $in: [...people] } }],
    };
    return this.sessions.list(filter, BY_START);
  }

  async ofGroup(platformId: string, groupId: string): Promise<GroupSession[]> {
    return this.sessions.list({ platformId, groupId }, BY_START);
  }

  async ofInvitees(platformId: string, learnerIds: readonly string[]): Promise<GroupSession[]> {
    if (learnerIds.length === 0) return [];
    const filter = { platformId, invitees: { $in: [...learnerIds] } };
    return this.sessions.list(filter, { ...BY_START, limit: LIST_LIMIT * 4 });
  }

  async ofPerson(platformId: string, personId: string): Promise<GroupSession[]> {
    const filter = { platformId, $or: [{ tutorId: personId }, { invitees: personId }] };
    return this.sessions.list(filter, BY_START);
  }

  /** Sessions with convocations to e-mail, and to whom (a tutee whose last e-mail has an older sequence). */
  async dueConvocations(limit = 50): Promise<DueConvocation[]> {
    const docs = await this.model
      .find({ mailDue: true })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<GroupSessionDoc[]>();
    return docs.map((doc) => ({
      session: toSession(doc),
      learnerIds: doc.invitees.filter(
        (id) => (doc.mailed.find((entry) => entry.learnerId === id)?.sequence ?? -1) < doc.sequence,
      ),
    }));
  }

  /** These tutees got the convocation of `sequence`; the session is done when nobody is left. */
  async markMailed(
    platformId: string,
    sessionId: string,
    learnerIds: readonly string[],
    sequence: number,
  ): Promise<void> {
    const doc = await this.model.findOne({ _id: sessionId, platformId }).lean<GroupSessionDoc>();
    if (!doc) return;
    const mailed = [
      ...doc.mailed.filter((entry) => !learnerIds.includes(entry.learnerId)),
      ...learnerIds.map((learnerId) => ({ learnerId, sequence })),
    ];
    const done = doc.invitees.every(
      (id) => (mailed.find((entry) => entry.learnerId === id)?.sequence ?? -1) >= doc.sequence,
    );
    // Conditional on the sequence: a change made meanwhile keeps its e-mails due.
    await this.model.updateOne(
      { _id: sessionId, platformId, sequence: doc.sequence },
      { $set: { mailed, mailDue: !done } },
    );
  }
}

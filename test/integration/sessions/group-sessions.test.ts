// Group sessions against the real database: scheduling from the programme's agenda, refusals that save
// nothing (past, clash), changes and cancellation raising the calendar sequence, attendance, the report
// and its acknowledgement, the convocations due by e-mail.
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import type { Person } from "../../../src/domain/people/people.js";
import { GroupSessions } from "../../../src/domain/sessions/group-sessions.js";
import type { AgendaTemplateStore, SessionGroup } from "../../../src/domain/sessions/ports.js";
import type { SessionPlanInput } from "../../../src/domain/sessions/session-rules.js";
import type { NewNotification } from "../../../src/domain/validation/ports.js";
import { AppError, ValidationError } from "../../../src/errors.js";
import { agendaTemplateStore } from "../../../src/persistence/agenda-templates.js";
import { GroupSessionRepository, groupSessionModel } from "../../../src/persistence/group-sessions.js";
import { getTestEnvironment } from "../../support/environment.js";

const DAY = 86_400_000;

function actor(userId: string, platformId: string): Actor {
  return {
    platformId,
    deploymentId: "d1",
    contextId: "course-a",
    resourceLinkId: null,
    userId,
    roles: ["teacher"],
    launchId: "launch-0123456789",
  };
}

function plan(overrides: Partial<SessionPlanInput> = {}): SessionPlanInput {
  return {
    title: "Séance 1",
    date: "2026-12-10",
    time: "14:00",
    durationMinutes: 120,
    place: "Faculté, salle 2",
    videoUrl: "",
    agenda: "Prise de contact",
    ...overrides,
  };
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

function fieldsOf(error: AppError): Record<string, string> {
  return error instanceof ValidationError ? error.fields : {};
}

describe("group sessions (service and repository)", () => {
  const clock = new ManualClock(new Date("2026-12-01T09:00:00Z"));
  let sessions: GroupSessions;
  let store: GroupSessionRepository;
  let templates: AgendaTemplateStore;
  const notices: NewNotification[] = [];
  const groups = new Map<string, SessionGroup>();
  const lea: Person = {
    id: "lea",
    name: "Léa Interne",
    givenName: undefined,
    familyName: undefined,
    email: undefined,
    picture: undefined,
    sub: "lea",
  };
  const people = new Map<string, Person>([["lea", lea]]);

  before(async () => {
    const { mongo } = await getTestEnvironment();
    store = new GroupSessionRepository(groupSessionModel(mongo.carnet));
    templates = agendaTemplateStore(mongo.carnet);
    sessions = new GroupSessions({
      store,
      groups: { group: (_platformId, id) => Promise.resolve(groups.get(id) ?? null) },
      templates,
      people: {
        people: (_platformId, ids) =>
          Promise.resolve(new Map([...people].filter(([id]) => ids.includes(id)))),
      },
      notifications: {
        notify: (list) => {
          notices.push(...list);
          return Promise.resolve();
        },
      },
      clock,
      timeZone: "Europe/Paris",
    });
  });

  function newGroup(members: string[], tutorId = "tutor"): SessionGroup {
    const group: SessionGroup = {
      id: randomUUID(),
      platformId: `platform-${randomUUID()}`,
      name: "Groupe Lestrade",
      tutorId,
      course: { platformId: "", deploymentId: "d1", contextId: "course-a" },
      members,
    };
    group.course.platformId = group.platformId;
    groups.set(group.id, group);
    return group;
  }

  it("proposes the Tours agenda for the next session until the programme edits its own", async () => {
    const group = newGroup(["lea", "max"]);
    expect((await sessions.proposal(group, "fr")).agenda?.title).to.equal("Prise de contact");
    await templates.save(
      group.course,
      { sessions: [{ title: "Accueil", items: ["Tour de table"] }] },
      "lead",
      clock.now(),
    );
    expect(await sessions.proposal(group, "fr")).to.deep.equal({
      number: 1,
      agenda: { title: "Accueil", items: ["Tour de table"] },
    });
  });

  it("convenes the group's members (never the tutor) and notifies them in the app", async () => {
    const group = newGroup(["lea", "max", "tutor"]);
    notices.length = 0;
    const session = await sessions.schedule(actor("tutor", group.platformId), group, plan());
    expect(session.invitees).to.deep.equal(["lea", "max"]);
    expect(session.sequence).to.equal(0);
    expect(session.startsAt.toISOString()).to.equal("2026-12-10T13:00:00.000Z");
    expect(notices.map((n) => [n.userId, n.kind, n.params.date, n.params.time])).to.deep.equal([
      ["lea", "session_convened", "2026-12-10", "14:00"],
      ["max", "session_convened", "2026-12-10", "14:00"],
    ]);
    const due = (await store.dueConvocations(500)).find((entry) => entry.session.id === session.id);
    expect(due?.learnerIds).to.deep.equal(["lea", "max"]);
  });

  it("refuses a session in the past and a tutee expected elsewhere, saving nothing", async () => {
    const group = newGroup(["lea", "max"]);
    const other = { ...newGroup(["lea"], "other-tutor"), platformId: group.platformId };
    groups.set(other.id, other);
    await sessions.schedule(actor("other-tutor", group.platformId), other, plan({ time: "15:00" }));

    const past = await refusal(() =>
      sessions.schedule(actor("tutor", group.platformId), group, plan({ date: "2026-11-30" })),
    );
    expect(past).to.be.instanceOf(ValidationError);
    expect(fieldsOf(past)).to.deep.equal({ date: "IN_PAST" });

    const clash = await refusal(() => sessions.schedule(actor("tutor", group.platformId), group, plan()));
    expect(fieldsOf(clash)).to.deep.equal({ date: "CLASH" });
    expect(clash.params).to.include({
      person: "Léa Interne",
      session: "Séance 1",
      date: "2026-12-10",
      time: "15:00",
    });
    expect(await store.ofGroup(group.platformId, group.id)).to.deep.equal([]);
  });

  it("raises the sequence on a change and on the cancellation, convening newcomers, each e-mail due again", async () => {
    const group = newGroup(["lea"]);
    const tutor = actor("tutor", group.platformId);
    const session = await sessions.schedule(tutor, group, plan());
    await store.markMailed(group.platformId, session.id, ["lea"], 0);
    expect((await store.dueConvocations(500)).some((entry) => entry.session.id === session.id)).to.equal(
      false,
    );

    group.members.push("max");
    const moved = await sessions.reschedule(tutor, session, group, plan({ time: "16:00", place: "Salle 3" }));
    expect(moved.sequence).to.equal(1);
    expect(moved.invitees).to.deep.equal(["lea", "max"]);
    expect(moved.place).to.equal("Salle 3");
    const dueAfterChange = (await store.dueConvocations(500)).find(
      (entry) => entry.session.id === session.id,
    );
    expect(dueAfterChange?.learnerIds).to.deep.equal(["lea", "max"]);

    // A stale form (the sequence it was read at) changes nothing.
    const stale = await refusal(() => sessions.cancel(tutor, session));
    expect(stale.code).to.equal("SESSION_CHANGED");
    const cancelled = await sessions.cancel(tutor, moved);
    expect([cancelled.status, cancelled.sequence]).to.deep.equal(["cancelled", 2]);
    expect((await refusal(() => sessions.reschedule(tutor, cancelled, group, plan()))).code).to.equal(
      "SESSION_CANCELLED",
    );
  });

  it("takes attendance and the report once the session has started, then each tutee acknowledges it", async () => {
    const group = newGroup(["lea", "max"]);
    const tutor = actor("tutor", group.platformId);
    const session = await sessions.schedule(tutor, group, plan({ date: "2026-12-02", time: "10:00" }));
    expect(
      (await refusal(() => sessions.writeReport(tutor, session, { discussed: "x", nextSteps: "" }))).code,
    ).to.equal("SESSION_NOT_HELD_YET");
    clock.advance(2 * DAY);
    const missing = await refusal(() => sessions.recordAttendance(tutor, session, { lea: "present" }));
    expect(fieldsOf(missing)).to.deep.equal({ "attendance.max": "MARK_REQUIRED" });
    const marked = await sessions.recordAttendance(tutor, session, { lea: "present", max: "absent" });
    expect(marked.attendance).to.deep.equal([
      { learnerId: "lea", mark: "present" },
      { learnerId: "max", mark: "absent" },
    ]);
    const empty = await refusal(() => sessions.writeReport(tutor, marked, { discussed: " ", nextSteps: "" }));
    expect(fieldsOf(empty)).to.deep.equal({ discussed: "REPORT_REQUIRED" });
    const reported = await sessions.writeReport(tutor, marked, {
      discussed: "Les stages",
      nextSteps: "Un RSCA chacun",
    });
    expect(reported.report?.version).to.equal(1);

    const tutee: Actor = { ...tutor, userId: "lea", roles: ["learner"] };
    const acknowledged = await sessions.acknowledge(tutee, reported);
    await sessions.acknowledge(tutee, acknowledged);
    expect(acknowledged.acknowledgements.map((ack) => [ack.learnerId, ack.version])).to.deep.equal([
      ["lea", 1],
    ]);
    const outsider = await refusal(() => sessions.acknowledge({ ...tutee, userId: "zoe" }, reported));
    expect(outsider.status).to.equal(404);
    clock.set(new Date("2026-12-01T09:00:00Z"));
  });
});

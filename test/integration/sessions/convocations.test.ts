// Convocation e-mails with their iCalendar: one per convened tutee and version, REQUEST then CANCEL
// with the same UID and a higher SEQUENCE, in the tutee's language; nodemailer sends the invitation as
// text/calendar with its METHOD (RFC 6047).
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import type { Person } from "../../../src/domain/people/people.js";
import { GroupSessions } from "../../../src/domain/sessions/group-sessions.js";
import type { SessionGroup } from "../../../src/domain/sessions/ports.js";
import type { MailMessage, MailTransport } from "../../../src/domain/validation/ports.js";
import { ConvocationJob } from "../../../src/jobs/session-convocations.js";
import { nodemailerTransport } from "../../../src/jobs/validation-reminders.js";
import { createLogger } from "../../../src/logger.js";
import { agendaTemplateStore } from "../../../src/persistence/agenda-templates.js";
import { GroupSessionRepository, groupSessionModel } from "../../../src/persistence/group-sessions.js";
import { getTestEnvironment } from "../../support/environment.js";

function person(id: string, name: string, email: string | undefined, locale = "fr"): Person {
  return {
    id,
    name,
    givenName: undefined,
    familyName: undefined,
    email,
    picture: undefined,
    sub: id,
    locale,
  };
}

class CapturingTransport implements MailTransport {
  readonly sent: MailMessage[] = [];
  send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}

const unfold = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, "").split("\r\n");

describe("convocation e-mails", () => {
  const clock = new ManualClock(new Date("2026-12-01T09:00:00Z"));
  const directory = new Map<string, Person>([
    ["tutor", person("tutor", "Dr Anne Martin", "anne.martin@example.test")],
    ["lea", person("lea", "Léa Interne", "lea@example.test")],
    ["max", person("max", "Max Intern", "max@example.test", "en-GB")],
    ["noe", person("noe", "Noé Sans Adresse", undefined)],
  ]);
  const people = {
    people: (_platformId: string, ids: readonly string[]) =>
      Promise.resolve(new Map([...directory].filter(([id]) => ids.includes(id)))),
  };
  let store: GroupSessionRepository;
  let sessions: GroupSessions;
  let group: SessionGroup;

  before(async () => {
    const { mongo } = await getTestEnvironment();
    store = new GroupSessionRepository(groupSessionModel(mongo.carnet));
    const platformId = `platform-${randomUUID()}`;
    group = {
      id: randomUUID(),
      platformId,
      name: "Groupe Lestrade",
      tutorId: "tutor",
      course: { platformId, deploymentId: "d1", contextId: "c1" },
      members: ["lea", "max", "noe"],
    };
    sessions = new GroupSessions({
      store,
      groups: { group: () => Promise.resolve(group) },
      templates: agendaTemplateStore(mongo.carnet),
      people,
      notifications: { notify: () => Promise.resolve() },
      clock,
      timeZone: "Europe/Paris",
    });
    // The job serves every platform's due sessions: sessions other files left due (they share the
    // database) are sent first, so that the counts below are this file's alone.
    while ((await job(new CapturingTransport()).run()) > 0);
  });

  function job(mail?: MailTransport): ConvocationJob {
    return new ConvocationJob({
      outbox: store,
      people,
      clock,
      logger: createLogger("silent"),
      host: "carnet.example",
      mailFrom: "Carnet <no-reply@carnet.example>",
      timeZone: "Europe/Paris",
      ...(mail ? { mail } : {}),
    });
  }

  it("sends each tutee the invitation, then the update and the cancellation, once each", async () => {
    const tutor: Actor = {
      platformId: group.platformId,
      deploymentId: "d1",
      contextId: "c1",
      resourceLinkId: null,
      userId: "tutor",
      roles: ["teacher"],
      launchId: "launch-0123456789",
    };
    const session = await sessions.schedule(tutor, group, {
      title: "Prise de contact",
      date: "2026-12-10",
      time: "14:00",
      durationMinutes: 120,
      place: "Faculté, salle 2",
      videoUrl: "",
      agenda: "Présentations\nStages",
    });
    const mail = new CapturingTransport();
    expect(await job(mail).run()).to.equal(2);
    expect(await job(mail).run()).to.equal(0);
    const [toLea, toMax] = mail.sent;
    expect(mail.sent.map((m) => m.to)).to.deep.equal(["lea@example.test", "max@example.test"]);
    expect(toLea?.subject).to.contain("Prise de contact");
    expect(toLea?.text)
      .to.contain("jeudi 10 décembre 2026")
      .and.contain("14:00")
      .and.contain("Faculté, salle 2");
    expect(toLea?.text).to.contain("- Stages");
    expect(toMax?.subject).to.match(/invitation/i);
    expect(toMax?.text).to.contain("Thursday, 10 December 2026");
    const request = unfold(toLea?.calendar?.content ?? "");
    expect(toLea?.calendar?.method).to.equal("REQUEST");
    expect(request).to.include(`UID:session-${session.id}@carnet.example`);
    expect(request).to.include("SEQUENCE:0");
    expect(request).to.include("DTSTART:20261210T130000Z");
    expect(request.find((line) => line.startsWith("ORGANIZER"))).to.contain(
      "mailto:anne.martin@example.test",
    );
    // Each tutee's invitation names them alone: no other tutee's address travels.
    expect(request.filter((line) => line.startsWith("ATTENDEE"))).to.have.length(1);
    expect(toLea?.calendar?.content).not.to.contain("max@example.test");

    const moved = await sessions.reschedule(tutor, session, group, {
      title: "Prise de contact",
      date: "2026-12-11",
      time: "14:00",
      durationMinutes: 120,
      place: "Faculté, salle 3",
      videoUrl: "",
      agenda: "Présentations",
    });
    await sessions.cancel(tutor, moved);
    // Both changes before the job ran: the cancellation (the latest version) is what leaves.
    mail.sent.length = 0;
    expect(await job(mail).run()).to.equal(2);
    const cancel = unfold(mail.sent[0]?.calendar?.content ?? "");
    expect(mail.sent[0]?.calendar?.method).to.equal("CANCEL");
    expect(cancel).to.include("METHOD:CANCEL");
    expect(cancel).to.include(`UID:session-${session.id}@carnet.example`);
    expect(cancel).to.include("SEQUENCE:2");
    expect(mail.sent[0]?.subject).to.match(/annul/i);
    expect(mail.sent[1]?.subject).to.match(/cancel/i);
  });

  it("goes out through nodemailer as a text/calendar part with its method", async () => {
    const built: Buffer[] = [];
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
    const transport = nodemailerTransport(
      {
        sendMail: async (options) => {
          const info = await stream.sendMail(options);
          if (Buffer.isBuffer(info.message)) built.push(info.message);
          return info;
        },
      },
      "Carnet <no-reply@carnet.example>",
    );
    await transport.send({
      to: "lea@example.test",
      subject: "Convocation",
      text: "Bonjour",
      calendar: { method: "REQUEST", content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n" },
    });
    const mime = built[0]?.toString("utf8") ?? "";
    expect(mime).to.match(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mime).to.match(/filename=invitation\.ics/);
  });
});

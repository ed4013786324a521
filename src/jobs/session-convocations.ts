// Convocation e-mails of group sessions, each with its iCalendar invitation: sent to every convened
// tutee whose last e-mail carries an older sequence (the first convocation, each change, the
// cancellation), in the tutee's language. Without SMTP or an address, the in-app notice is all.
import { displayName, type PeopleDirectory, type Person } from "../domain/people/people.js";
import { invitationCalendar } from "../domain/sessions/calendar.js";
import { isCancelled, sessionUid, type GroupSession } from "../domain/sessions/group-session.js";
import { localOf } from "../domain/sessions/local-time.js";
import type { ConvocationOutbox } from "../domain/sessions/ports.js";
import type { MailMessage } from "../domain/validation/ports.js";
import { DEFAULT_LOCALE, toSupportedLocale, translator } from "../i18n/i18n.js";
import type { LoopedJob, MailingJobDeps } from "./job-loop.js";

export const CONVOCATION_INTERVAL_MS = 60_000;

export interface ConvocationJobDeps extends MailingJobDeps {
  outbox: ConvocationOutbox;
  people: Pick<PeopleDirectory, "people">;
  /** Carnet's public host: the calendar UIDs' right-hand side. */
  host: string;
  /** The sender address, the organizer's when the tutor has none. */
  mailFrom: string;
  timeZone: string;
}

/** "Carnet <no-reply@x>" → "no-reply@x". */
function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

export class ConvocationJob implements LoopedJob {
  /** Started by main.ts: every minute (a convocation leaves within a minute of the change). */
  readonly loop = { name: "session-convocations", intervalMs: CONVOCATION_INTERVAL_MS };

  constructor(private readonly deps: ConvocationJobDeps) {}

  /** Sends what is due; returns how many e-mails left. */
  async run(): Promise<number> {
    let sent = 0;
    for (const { session, learnerIds } of await this.deps.outbox.dueConvocations()) {
      const people = await this.deps.people.people(session.platformId, [session.tutorId, ...learnerIds]);
      const done: string[] = [];
      for (const learnerId of learnerIds) {
        const tutee = people.get(learnerId);
        if (!this.deps.mail || !tutee?.email) {
          done.push(learnerId);
          continue;
        }
        try {
          await this.deps.mail.send(this.message(session, tutee, people.get(session.tutorId)));
          done.push(learnerId);
          sent += 1;
        } catch (error) {
          // Left due: the next run tries again.
          this.deps.logger.warn(
            { job: "session-convocations", err: error instanceof Error ? error.message : String(error) },
            "convocation e-mail failed",
          );
        }
      }
      if (done.length > 0)
        await this.deps.outbox.markMailed(session.platformId, session.id, done, session.sequence);
    }
    return sent;
  }

  private message(session: GroupSession, tutee: Person, tutor: Person | undefined): MailMessage {
    const locale = toSupportedLocale(tutee.locale) ?? DEFAULT_LOCALE;
    const t = translator(locale);
    const cancelled = isCancelled(session);
    const kind = cancelled ? "cancel" : session.sequence > 0 ? "update" : "request";
    const at = localOf(session.startsAt, this.deps.timeZone);
    const end = localOf(session.endsAt, this.deps.timeZone);
    const tutorName = tutor ? displayName(tutor) : t("sessions:mail.yourTutor");
    const date = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", {
      dateStyle: "full",
      timeZone: this.deps.timeZone,
    }).format(session.startsAt);
    const params = { title: session.title, group: session.groupName, date, time: at.time, end: end.time };
    const lines = [
      t(`sessions:mail.${kind}.intro`, { ...params, name: displayName(tutee), tutor: tutorName }),
      "",
      t("sessions:mail.when", params),
      ...(session.place ? [t("sessions:mail.place", { place: session.place })] : []),
      ...(session.videoUrl ? [t("sessions:mail.link", { url: session.videoUrl })] : []),
      ...(session.agenda.length > 0 && !cancelled
        ? ["", t("sessions:mail.agenda"), ...session.agenda.map((item) => `- ${item}`)]
        : []),
      "",
      t("sessions:mail.outro"),
    ];
    const organizer = {
      name: tutorName,
      email: tutor?.email ?? addressOf(this.deps.mailFrom),
    };
    return {
      to: tutee.email ?? "",
      subject: t(`sessions:mail.${kind}.subject`, params),
      text: lines.join("\n"),
      calendar: {
        method: cancelled ? "CANCEL" : "REQUEST",
        content: invitationCalendar({
          uid: sessionUid(session, this.deps.host),
          sequence: session.sequence,
          method: cancelled ? "CANCEL" : "REQUEST",
          issuedAt: session.updatedAt,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          summary: `${session.title} — ${session.groupName}`,
          description: session.agenda.join("\n"),
          location: session.place,
          url: session.videoUrl,
          organizer,
          attendees: [{ name: displayName(tutee), email: tutee.email ?? "" }],
        }),
      },
    };
  }
}

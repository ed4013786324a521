// Reminders of the validation loop, run every hour by main.ts and idempotent per day: validators get one
// daily digest of the requests waiting longer than their course allows (in-app always, by e-mail when
// SMTP is set), and learners get an e-mail gathering the decisions made on their requests.
import type { Transporter } from "nodemailer";
import type { CourseScope } from "../domain/course.js";
import { displayName, type PeopleDirectory, type Person } from "../domain/people/people.js";
import type {
  CourseRulesReader,
  EmailOutbox,
  MailMessage,
  MailTransport,
  NotificationSink,
  QueuedEmail,
  TeachingDirectory,
} from "../domain/validation/ports.js";
import type { CompetenceRecord } from "../domain/validation/records.js";
import { dayKey, selectReminders, waitingDays } from "../domain/validation/waiting.js";
import { translator, toSupportedLocale, DEFAULT_LOCALE } from "../i18n/i18n.js";
import type { PendingRecord } from "../persistence/competence-records.js";
import type { DailyMarkers } from "../persistence/job-markers.js";
import { NotificationRenderer } from "../presenters/notifications.js";
import type { LoopedJob, MailingJobDeps } from "./job-loop.js";

export const REMINDER_INTERVAL_MS = 3600_000;

/** What the reminders read and write, each through its repository (built once by the container). */
export interface ReminderSources {
  records: {
    changedSince(since: Date): Promise<CompetenceRecord[]>;
    allPending(): Promise<PendingRecord[]>;
  };
  /** The cohort rows follow the records; the job catches up any row a failed write left behind. */
  summaries: { sync(record: CompetenceRecord, now: Date): Promise<void> };
  notifications: NotificationSink & EmailOutbox;
  directory: Pick<TeachingDirectory, "courseValidators">;
  rules: CourseRulesReader;
  people: Pick<PeopleDirectory, "person" | "people" | "course">;
  markers: DailyMarkers;
}

export interface ReminderJobDeps extends ReminderSources, MailingJobDeps {}

export interface ReminderRunResult {
  day: string;
  digests: number;
  digestEmails: number;
  decisionEmails: number;
  /** "platformId userId" of every validator reminded in this run. */
  reminded: string[];
}

/** SMTP through nodemailer (config.smtpUrl); tests inject their own MailTransport instead. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  // nodemailer costs about 10 MB of memory: loaded with the first e-mail, not by every process at start.
  let smtp: Promise<MailTransport> | undefined;
  return {
    send: async (message: MailMessage) => {
      smtp ??= import("nodemailer").then(({ default: nodemailer }) =>
        nodemailerTransport(nodemailer.createTransport(smtpUrl), from),
      );
      await (await smtp).send(message);
    },
  };
}

/** Any nodemailer transport (SMTP in production; the stream transport shows tests the MIME message). */
export function nodemailerTransport(transport: Pick<Transporter, "sendMail">, from: string): MailTransport {
  return {
    send: async (message: MailMessage) => {
      const { calendar } = message;
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(calendar
          ? { icalEvent: { method: calendar.method, filename: "invitation.ics", content: calendar.content } }
          : {}),
      });
    },
  };
}

const courseKey = (c: CourseScope): string => `${c.platformId} ${c.deploymentId} ${c.contextId}`;

export class ValidationReminderJob implements LoopedJob {
  /** Started by main.ts: every hour (the job itself sends at most one digest per validator and day). */
  readonly loop = { name: "validation-reminders", intervalMs: REMINDER_INTERVAL_MS };

  constructor(private readonly deps: ReminderJobDeps) {}

  async run(): Promise<ReminderRunResult> {
    const now = this.deps.clock.now();
    const day = dayKey(now);
    await this.repairSummaries(now);
    const digest = await this.sendDigests(day, now);
    const decisionEmails = await this.sendDecisionEmails(now);
    return {
      day,
      digests: digest.reminded.length,
      digestEmails: digest.emails,
      decisionEmails,
      reminded: digest.reminded,
    };
  }

  /** The cohort rows follow the records; a row left behind by a failed write is caught up here. */
  private async repairSummaries(now: Date): Promise<void> {
    const { records, summaries } = this.deps;
    for (const record of await records.changedSince(new Date(now.getTime() - 2 * REMINDER_INTERVAL_MS))) {
      await summaries.sync(record, now);
    }
  }

  private async sendDigests(day: string, now: Date): Promise<{ reminded: string[]; emails: number }> {
    const { records, notifications, markers } = this.deps;
    const pending = await records.allPending();
    const { rules, validators } = await this.courseFacts(pending);
    const delay = (item: CourseScope): number => rules.get(courseKey(item))?.reminderAfterDays ?? 14;
    const selections = selectReminders<PendingRecord & { recordId: string }>(
      pending.map((record) => ({ ...record, recordId: record._id })),
      { now, reminderAfterDays: delay, courseValidators: (item) => validators.get(courseKey(item)) ?? [] },
    );
    const reminded: string[] = [];
    let emails = 0;
    for (const selection of selections) {
      const markerId = `digest:${day}:${selection.platformId}:${selection.validatorId}`;
      // Already reminded today (by this instance or another).
      if (!(await markers.claim(markerId, "validation-digest", day, now))) continue;
      try {
        emails += await this.mailDigest(selection.platformId, selection.validatorId, selection.items, now);
      } catch (error) {
        // The mail did not leave: forget today's marker so the next hourly run tries again.
        await markers.release(markerId);
        this.deps.logger.warn(
          { job: "validation-digest", err: error instanceof Error ? error.message : String(error) },
          "digest e-mail failed",
        );
        continue;
      }
      const requests = new Set(selection.items.map((item) => item.requestId ?? item._id));
      await notifications.notify(
        [
          {
            platformId: selection.platformId,
            userId: selection.validatorId,
            kind: "reminder",
            params: { count: requests.size, days: Math.min(...selection.items.map(delay)) },
            path: "validation/queue",
          },
        ],
        now,
      );
      reminded.push(`${selection.platformId} ${selection.validatorId}`);
    }
    return { reminded, emails };
  }

  /** Each course's reminder delay and who teaches in it, read once per course. */
  private async courseFacts(
    pending: readonly PendingRecord[],
  ): Promise<{ rules: Map<string, { reminderAfterDays: number }>; validators: Map<string, string[]> }> {
    const courses = new Map<string, CourseScope>();
    for (const record of pending) {
      courses.set(courseKey(record), {
        platformId: record.platformId,
        deploymentId: record.deploymentId,
        contextId: record.contextId,
      });
    }
    const rules = new Map<string, { reminderAfterDays: number }>();
    const validators = new Map<string, string[]>();
    for (const [key, scope] of courses) {
      rules.set(key, await this.deps.rules.get(scope));
      validators.set(key, await this.deps.directory.courseValidators(scope));
    }
    return { rules, validators };
  }

  /** The digest by e-mail when SMTP is set and the person has an address: 1 sent, else 0. */
  private async mailDigest(
    platformId: string,
    validatorId: string,
    items: PendingRecord[],
    now: Date,
  ): Promise<number> {
    if (!this.deps.mail) return 0;
    const person = await this.deps.people.person(platformId, validatorId);
    if (!person?.email) return 0;
    await this.deps.mail.send(await this.digestMessage(person, platformId, items, now));
    return 1;
  }

  private async digestMessage(
    person: Person,
    platformId: string,
    items: PendingRecord[],
    now: Date,
  ): Promise<MailMessage> {
    const t = translator(toSupportedLocale(person.locale) ?? DEFAULT_LOCALE);
    const groups = new Map<string, PendingRecord[]>();
    for (const item of items) {
      const key = item.requestId ?? item._id;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const learners = await this.deps.people.people(platformId, [
      ...new Set(items.map((item) => item.learnerId)),
    ]);
    const titles = await this.courseTitles(items);
    const lines = [...groups.values()].map((group) => {
      const first = group[0];
      const learner = first ? learners.get(first.learnerId) : undefined;
      const oldest = group.reduce(
        (min, item) => (item.waitingSince < min ? item.waitingSince : min),
        first?.waitingSince ?? now,
      );
      return t("validation:digest.line", {
        learner: learner ? displayName(learner) : t("validation:someone"),
        course: (first && titles.get(courseKey(first))) ?? first?.contextId ?? "",
        codes: group.map((item) => item.competenceCode).join(", "),
        waiting: t("validation:waiting.since", { count: waitingDays(oldest, now) }),
      });
    });
    return {
      to: person.email ?? "",
      subject: t("validation:digest.subject", { count: groups.size }),
      text: [
        t("validation:digest.intro", { name: displayName(person) }),
        "",
        ...lines,
        "",
        t("validation:digest.outro"),
      ].join("\n"),
    };
  }

  private async courseTitles(items: readonly PendingRecord[]): Promise<Map<string, string>> {
    const courses = new Map(items.map((item) => [courseKey(item), item]));
    const titles = new Map<string, string>();
    for (const [key, item] of courses) {
      const course = await this.deps.people.course({
        platformId: item.platformId,
        deploymentId: item.deploymentId,
        contextId: item.contextId,
      });
      if (course?.title) titles.set(key, course.title);
    }
    return titles;
  }

  /** One e-mail per learner gathering the decisions made since the last run. */
  private async sendDecisionEmails(now: Date): Promise<number> {
    const { notifications } = this.deps;
    const waiting = await notifications.pendingEmails();
    if (waiting.length === 0) return 0;
    if (!this.deps.mail) {
      await notifications.dropEmails(waiting.map((n) => n.id));
      return 0;
    }
    const byUser = new Map<string, QueuedEmail[]>();
    for (const notification of waiting) {
      const key = `${notification.platformId} ${notification.userId}`;
      byUser.set(key, [...(byUser.get(key) ?? []), notification]);
    }
    let sent = 0;
    for (const list of byUser.values()) {
      const first = list[0];
      if (!first) continue;
      const user = await this.deps.people.person(first.platformId, first.userId);
      const ids = list.map((n) => n.id);
      if (!user?.email) {
        await notifications.dropEmails(ids);
        continue;
      }
      const t = translator(toSupportedLocale(user.locale) ?? DEFAULT_LOCALE);
      const renderer = await NotificationRenderer.for(this.deps.people, first.platformId, list, t);
      // Support messages alone get words of their own: nothing about validation, nothing about support.
      const words = list.every((n) => n.kind === "support_message") ? "supportMail" : "decisionMail";
      try {
        await this.deps.mail.send({
          to: user.email,
          subject: t(`validation:${words}.subject`),
          text: [
            t(`validation:${words}.intro`, { name: displayName(user) }),
            "",
            ...list.map((n) => `- ${renderer.text(n)}`),
            "",
            t(`validation:${words}.outro`),
          ].join("\n"),
        });
      } catch (error) {
        this.deps.logger.warn(
          { job: "validation-decision-mail", err: error instanceof Error ? error.message : String(error) },
          "decision e-mail failed",
        );
        continue;
      }
      await notifications.markEmailed(ids, now);
      sent += 1;
    }
    return sent;
  }
}

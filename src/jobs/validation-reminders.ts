// Reminders of the validation loop, run every hour by main.ts and idempotent per day: validators get one
// daily digest of the requests waiting longer than their course allows (in-app always, by e-mail when
// SMTP is set), and learners get an e-mail gathering the decisions made on their requests.
import nodemailer from "nodemailer";
import type { Clock } from "../clock.js";
import type { CourseRules, MailMessage, MailTransport } from "../domain/validation/ports.js";
import { dayKey, selectReminders, waitingDays } from "../domain/validation/waiting.js";
import { translator, toSupportedLocale, DEFAULT_LOCALE } from "../i18n/i18n.js";
import type { Logger } from "../logger.js";
import type { PendingRecord } from "../persistence/competence-records.js";
import type { CourseDoc, LtiModels, UserDoc } from "../persistence/models/lti-models.js";
import type { NotificationDoc } from "../persistence/models/validation-models.js";
import { displayName, PeopleRepository } from "../persistence/people-repository.js";
import type { ValidationParts } from "../container.js";
import { NotificationRenderer } from "../presenters/notifications.js";
import { JobLoop } from "./job-loop.js";
import { isDuplicateKey } from "../persistence/errors.js";

export const REMINDER_INTERVAL_MS = 3600_000;

export interface ReminderJobDeps {
  validation: Pick<ValidationParts, "records" | "summaries" | "notifications" | "tutoring" | "models">;
  courseSettings: {
    get(scope: { platformId: string; deploymentId: string; contextId: string }): Promise<CourseRules>;
  };
  models: Pick<LtiModels, "User" | "Course" | "Membership">;
  clock: Clock;
  logger: Logger;
  /** Absent when SMTP is not configured: in-app notifications only. */
  mail?: MailTransport;
}

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
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async (message: MailMessage) => {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

const courseKey = (c: { platformId: string; deploymentId: string; contextId: string }): string =>
  `${c.platformId} ${c.deploymentId} ${c.contextId}`;

export class ValidationReminderJob {
  private readonly people: PeopleRepository;

  constructor(private readonly deps: ReminderJobDeps) {
    this.people = new PeopleRepository(deps.models);
  }

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
    const { records, summaries } = this.deps.validation;
    for (const record of await records.changedSince(new Date(now.getTime() - 2 * REMINDER_INTERVAL_MS))) {
      await summaries.sync(record, now);
    }
  }

  private async sendDigests(day: string, now: Date): Promise<{ reminded: string[]; emails: number }> {
    const { records, tutoring, notifications, models } = this.deps.validation;
    const pending = await records.allPending();
    const courses = new Map<string, { platformId: string; deploymentId: string; contextId: string }>();
    for (const record of pending) {
      courses.set(courseKey(record), {
        platformId: record.platformId,
        deploymentId: record.deploymentId,
        contextId: record.contextId,
      });
    }
    const rules = new Map<string, CourseRules>();
    const validators = new Map<string, string[]>();
    for (const [key, scope] of courses) {
      rules.set(key, await this.deps.courseSettings.get(scope));
      validators.set(key, await tutoring.courseValidators(scope));
    }
    const selections = selectReminders<PendingRecord & { recordId: string }>(
      pending.map((record) => ({ ...record, recordId: record._id })),
      {
        now,
        reminderAfterDays: (item) => rules.get(courseKey(item))?.reminderAfterDays ?? 14,
        courseValidators: (item) => validators.get(courseKey(item)) ?? [],
      },
    );
    const reminded: string[] = [];
    let emails = 0;
    for (const selection of selections) {
      const markerId = `digest:${day}:${selection.platformId}:${selection.validatorId}`;
      try {
        await models.JobRun.create({ _id: markerId, job: "validation-digest", day, createdAt: now });
      } catch (error) {
        if (isDuplicateKey(error)) continue; // already reminded today
        throw error;
      }
      const requests = new Set(selection.items.map((item) => item.requestId ?? item._id));
      const minDays = Math.min(
        ...selection.items.map((item) => rules.get(courseKey(item))?.reminderAfterDays ?? 14),
      );
      try {
        if (this.deps.mail) {
          const user = await findUser(this.deps.models, selection.platformId, selection.validatorId);
          if (user?.email) {
            await this.deps.mail.send(
              await this.digestMessage(user, selection.platformId, selection.items, now),
            );
            emails += 1;
          }
        }
      } catch (error) {
        // The mail did not leave: forget today's marker so the next hourly run tries again.
        await models.JobRun.deleteOne({ _id: markerId });
        this.deps.logger.warn(
          { job: "validation-digest", err: error instanceof Error ? error.message : String(error) },
          "digest e-mail failed",
        );
        continue;
      }
      await notifications.notify(
        [
          {
            platformId: selection.platformId,
            userId: selection.validatorId,
            kind: "reminder",
            params: { count: requests.size, days: minDays },
            path: "validation/queue",
          },
        ],
        now,
      );
      reminded.push(`${selection.platformId} ${selection.validatorId}`);
    }
    return { reminded, emails };
  }

  private async digestMessage(
    user: UserDoc,
    platformId: string,
    items: PendingRecord[],
    now: Date,
  ): Promise<MailMessage> {
    const t = translator(toSupportedLocale(user.locale) ?? DEFAULT_LOCALE);
    const groups = new Map<string, PendingRecord[]>();
    for (const item of items) {
      const key = item.requestId ?? item._id;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const learners = await this.people.people(platformId, [...new Set(items.map((item) => item.learnerId))]);
    const courses = await this.deps.models.Course.find({
      platformId,
      contextId: { $in: [...new Set(items.map((i) => i.contextId))] },
    }).lean<CourseDoc[]>();
    const lines = [...groups.values()].map((group) => {
      const first = group[0];
      const learner = first ? learners.get(first.learnerId) : undefined;
      const course = courses.find(
        (c) => first && c.contextId === first.contextId && c.deploymentId === first.deploymentId,
      );
      const oldest = group.reduce(
        (min, item) => (item.waitingSince < min ? item.waitingSince : min),
        first?.waitingSince ?? now,
      );
      return t("validation:digest.line", {
        learner: learner ? displayName(learner) : t("validation:someone"),
        course: course?.title ?? first?.contextId ?? "",
        codes: group.map((item) => item.competenceCode).join(", "),
        waiting: t("validation:waiting.since", { count: waitingDays(oldest, now) }),
      });
    });
    return {
      to: user.email ?? "",
      subject: t("validation:digest.subject", { count: groups.size }),
      text: [
        t("validation:digest.intro", { name: nameOf(user) }),
        "",
        ...lines,
        "",
        t("validation:digest.outro"),
      ].join("\n"),
    };
  }

  /** One e-mail per learner gathering the decisions made since the last run. */
  private async sendDecisionEmails(now: Date): Promise<number> {
    const { notifications } = this.deps.validation;
    const waiting = await notifications.pendingEmails();
    if (waiting.length === 0) return 0;
    if (!this.deps.mail) {
      await notifications.dropEmails(waiting.map((n) => n._id));
      return 0;
    }
    const byUser = new Map<string, NotificationDoc[]>();
    for (const notification of waiting) {
      const key = `${notification.platformId} ${notification.userId}`;
      byUser.set(key, [...(byUser.get(key) ?? []), notification]);
    }
    let sent = 0;
    for (const list of byUser.values()) {
      const first = list[0];
      if (!first) continue;
      const user = await findUser(this.deps.models, first.platformId, first.userId);
      const ids = list.map((n) => n._id);
      if (!user?.email) {
        await notifications.dropEmails(ids);
        continue;
      }
      const t = translator(toSupportedLocale(user.locale) ?? DEFAULT_LOCALE);
      const renderer = await NotificationRenderer.for(this.people, first.platformId, list, t);
      try {
        await this.deps.mail.send({
          to: user.email,
          subject: t("validation:decisionMail.subject"),
          text: [
            t("validation:decisionMail.intro", { name: nameOf(user) }),
            "",
            ...list.map((n) => `- ${renderer.text(n)}`),
            "",
            t("validation:decisionMail.outro"),
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

function nameOf(user: UserDoc): string {
  return displayName({
    name: user.name,
    givenName: user.givenName,
    familyName: user.familyName,
    sub: user.sub,
  });
}

async function findUser(
  models: Pick<LtiModels, "User">,
  platformId: string,
  userId: string,
): Promise<UserDoc | null> {
  return models.User.findOne({ _id: userId, platformId }).lean<UserDoc>();
}

/** Started by main.ts: every hour (the job itself sends at most one digest per validator and day). */
export function startValidationJobs(deps: ReminderJobDeps): {
  job: ValidationReminderJob;
  stop(): Promise<void>;
} {
  const job = new ValidationReminderJob(deps);
  const loop = new JobLoop("validation-reminders", () => job.run(), {
    intervalMs: REMINDER_INTERVAL_MS,
    logger: deps.logger,
  });
  loop.start();
  return { job, stop: () => loop.stop() };
}

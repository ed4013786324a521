// Once a day, each tutor whose tutees are past their programme's contact rhythm is told how many: in
// the app, and by e-mail when SMTP is set. Idempotent per tutor and day across instances (a marker);
// the workspace shows the same count first. No tutee's name leaves Carnet in the e-mail.
import { displayName, type PeopleDirectory } from "../domain/people/people.js";
import type { TutorWorkspace } from "../domain/tutoring/workspace.js";
import type { NotificationSink } from "../domain/validation/ports.js";
import { dayKey } from "../domain/validation/waiting.js";
import { DEFAULT_LOCALE, toSupportedLocale, translator } from "../i18n/i18n.js";
import type { DailyMarkers } from "../persistence/job-markers.js";
import type { LoopedJob, MailingJobDeps } from "./job-loop.js";

export const CONTACT_RHYTHM_INTERVAL_MS = 3600_000;

export interface ContactRhythmDeps extends MailingJobDeps {
  tutors: { currentTutors(): Promise<{ platformId: string; tutorId: string }[]> };
  workspace: Pick<TutorWorkspace, "forTutor">;
  notifications: NotificationSink;
  people: Pick<PeopleDirectory, "person">;
  markers: DailyMarkers;
}

export class ContactRhythmJob implements LoopedJob {
  /** Started by main.ts: every hour (at most one notice per tutor and day). */
  readonly loop = { name: "contact-rhythm", intervalMs: CONTACT_RHYTHM_INTERVAL_MS };

  constructor(private readonly deps: ContactRhythmDeps) {}

  /** Tells today's overdue tutors; returns "platformId tutorId" of each one told. */
  async run(): Promise<string[]> {
    const { deps } = this;
    const now = deps.clock.now();
    const day = dayKey(now);
    const told: string[] = [];
    for (const { platformId, tutorId } of await deps.tutors.currentTutors()) {
      const { overdue } = await deps.workspace.forTutor(platformId, tutorId);
      if (overdue === 0) continue;
      const marker = `contact-rhythm:${day}:${platformId}:${tutorId}`;
      if (!(await deps.markers.claim(marker, "contact-rhythm", day, now))) continue;
      try {
        await deps.notifications.notify(
          [
            {
              platformId,
              userId: tutorId,
              kind: "tutoring_rhythm",
              params: { count: overdue },
              path: "tutoring",
            },
          ],
          now,
        );
      } catch (error) {
        await deps.markers.release(marker);
        throw error;
      }
      await this.mail(platformId, tutorId, overdue);
      told.push(`${platformId} ${tutorId}`);
    }
    return told;
  }

  private async mail(platformId: string, tutorId: string, count: number): Promise<void> {
    const { mail, people, logger } = this.deps;
    if (!mail) return;
    const tutor = await people.person(platformId, tutorId);
    if (!tutor?.email) return;
    const t = translator(toSupportedLocale(tutor.locale) ?? DEFAULT_LOCALE);
    try {
      await mail.send({
        to: tutor.email,
        subject: t("tutoring:rhythmMail.subject", { count }),
        text: [
          t("tutoring:rhythmMail.intro", { name: displayName(tutor) }),
          "",
          t("tutoring:rhythmMail.body", { count }),
        ].join("\n"),
      });
    } catch (error) {
      logger.warn(
        { job: "contact-rhythm", err: error instanceof Error ? error.message : String(error) },
        "contact rhythm e-mail failed",
      );
    }
  }
}

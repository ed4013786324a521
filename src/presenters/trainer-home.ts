// The trainers' home: the queue at a glance, the learners needing attention with their reasons, and
// the course's roster.
import { displayName } from "../domain/people/people.js";
import {
  ATTENTION_INACTIVE_WEEKS,
  type AttentionEntry,
  type TrainerHomeView,
} from "../domain/validation/trainer-home.js";
import { waitingDays } from "../domain/validation/waiting.js";
import type { Translate } from "../i18n/i18n.js";
import { learnerPath, type PresenterView } from "./validation-links.js";

/** The home lists the most urgent few; the cohort matrix has the rest. */
const ATTENTION_LIMIT = 12;

function reasonsOf(entry: AttentionEntry, t: Translate): string {
  const reasons: string[] = [];
  if (entry.overdueDays !== undefined)
    reasons.push(t("validation:home.reasonOverdue", { count: entry.overdueDays }));
  if (entry.neverLaunched) reasons.push(t("validation:home.reasonNeverLaunched"));
  else if (entry.quietWeeks !== undefined)
    reasons.push(t("validation:cohort.inactiveWeeks", { count: entry.quietWeeks ?? 0 }));
  return reasons.join(" · ");
}

export function presentTrainerHome(
  home: TrainerHomeView,
  view: PresenterView,
): { title: string } & Record<string, unknown> {
  const { t, base } = view;
  const { queue } = home;
  return {
    title: t("home.teacherTitle"),
    learners: home.learners.map((learner) => ({
      id: learner.id,
      displayName: displayName(learner),
      source: learner.source,
    })),
    learnerCount: home.learners.length,
    // Until a framework is chosen learners can only write traces: the setup comes first.
    setup: home.setup.frameworkChosen
      ? null
      : {
          frameworkHref: `${base}/frameworks`,
          settingsHref: `${base}/course/settings`,
          gradingHref: `${base}/grading`,
          rules: t("home.setup.rulesNow", {
            count: home.setup.validationsRequired,
            days: home.setup.reminderAfterDays,
          }),
        },
    validationHome: {
      queue: {
        requests: queue.requests,
        items: queue.items,
        // A request without a known waiting date still counts; only its waiting time is left out.
        oldest: queue.oldest
          ? t("validation:waiting.since", { count: waitingDays(queue.oldest, queue.now) })
          : "",
        overdue: queue.overdue,
        href: `${base}/validation/queue`,
      },
      attention: home.attention.slice(0, ATTENTION_LIMIT).map((entry) => ({
        name: displayName(entry.learner),
        href: learnerPath(base, entry.learner.id),
        reasons: reasonsOf(entry, t),
      })),
      moreAttention: Math.max(0, home.attention.length - ATTENTION_LIMIT),
      cohortHref: `${base}/cohort?inactive=${ATTENTION_INACTIVE_WEEKS}`,
      tutoringHref: `${base}/tutoring`,
    },
  };
}

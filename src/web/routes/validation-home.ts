// What the validation area puts on the home pages: for trainers, the queue at a glance and the
// learners needing attention; for learners, their referent and where each competence stands.
import type { Response } from "express";
import { teachesHere } from "../../domain/actor.js";
import { launchScope } from "../../domain/validation/service.js";
import { inactiveWeeks, isOverdue, waitingDays } from "../../domain/validation/waiting.js";
import type { MembershipDoc } from "../../persistence/models/lti-models.js";
import { displayName, PeopleRepository } from "../../persistence/people-repository.js";
import { actorOf } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { competenceOverview, referentView } from "./validation-learner.js";
import { courseContext } from "./validation-support.js";

/** Silence is a signal: after this many weeks without activity a learner is listed on the trainers' home. */
export const ATTENTION_INACTIVE_WEEKS = 3;
const ATTENTION_LIMIT = 12;

/** A usable date: stored data may lack one (a pending record written without `waitingSince`). */
function isDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

export async function trainerHomeModel(deps: LaunchedDeps, res: Response): Promise<Record<string, unknown>> {
  const actor = actorOf(res);
  if (!teachesHere(actor)) return {};
  const t = res.locals.t;
  const base = res.locals.base ?? "";
  const now = deps.clock.now();
  const scope = launchScope(actor);
  const people = new PeopleRepository(deps.services.models);
  const framework = await deps.services.frameworks.forPlacement({
    ...scope,
    resourceLinkId: actor.resourceLinkId,
  });
  const [queue, rules] = await Promise.all([
    deps.services.validation.queue.overview(actor),
    deps.services.courseSettings.get(scope),
  ]);

  const [memberships, rowsHere] = await Promise.all([
    deps.services.models.Membership.find({ ...scope, roles: "learner", status: { $ne: "Deleted" } }).lean<
      MembershipDoc[]
    >(),
    framework ? deps.services.validation.summaries.rows(scope, framework.id) : Promise.resolve([]),
  ]);
  const reminderAfterDays = rules.reminderAfterDays;
  const overdueBy = new Map<string, number>();
  const activityBy = new Map<string, Date>();
  for (const row of rowsHere) {
    if (isDate(row.oldestWaiting) && isOverdue(row.oldestWaiting, now, reminderAfterDays)) {
      overdueBy.set(row.learnerId, waitingDays(row.oldestWaiting, now));
    }
    if (row.learnerActivityAt) activityBy.set(row.learnerId, row.learnerActivityAt);
  }
  const attention = memberships
    .filter((m) => !m.roles.includes("teacher") && m.userId !== actor.userId)
    .map((m) => {
      const activity = [m.lastLaunchAt, activityBy.get(m.userId)].reduce<Date | undefined>(
        (max, at) => (at && (!max || at > max) ? at : max),
        undefined,
      );
      const weeks = inactiveWeeks(activity, now);
      const overdueDays = overdueBy.get(m.userId);
      const reasons: string[] = [];
      if (overdueDays !== undefined) reasons.push(t("validation:home.reasonOverdue", { count: overdueDays }));
      if (m.source === "roster" && !m.lastLaunchAt) reasons.push(t("validation:home.reasonNeverLaunched"));
      else if (weeks === null || weeks >= ATTENTION_INACTIVE_WEEKS)
        reasons.push(t("validation:cohort.inactiveWeeks", { count: weeks ?? 0 }));
      return { userId: m.userId, reasons, weight: (overdueDays ?? 0) * 10 + (weeks ?? 52) };
    })
    .filter((entry) => entry.reasons.length > 0)
    .sort((a, b) => b.weight - a.weight);
  const names = await people.people(
    actor.platformId,
    attention.slice(0, ATTENTION_LIMIT).map((entry) => entry.userId),
  );

  return {
    validationHome: {
      queue: {
        requests: queue.requests,
        items: queue.items,
        // A request without a known waiting date still counts; only its waiting time is left out.
        oldest: isDate(queue.oldest)
          ? t("validation:waiting.since", { count: waitingDays(queue.oldest, now) })
          : "",
        overdue: queue.overdue,
        href: `${base}/validation/queue`,
      },
      attention: attention.slice(0, ATTENTION_LIMIT).map((entry) => {
        const person = names.get(entry.userId);
        return {
          name: person ? displayName(person) : t("validation:someone"),
          href: `${base}/learners/${encodeURIComponent(entry.userId)}`,
          reasons: entry.reasons.join(" · "),
        };
      }),
      moreAttention: Math.max(0, attention.length - ATTENTION_LIMIT),
      cohortHref: `${base}/cohort?inactive=${ATTENTION_INACTIVE_WEEKS}`,
      tutoringHref: `${base}/tutoring`,
    },
  };
}

export async function learnerHomeSummary(
  deps: LaunchedDeps,
  res: Response,
): Promise<Record<string, unknown>> {
  const actor = actorOf(res);
  if (!actor.contextId) return {};
  const base = res.locals.base ?? "";
  const people = new PeopleRepository(deps.services.models);
  const ctx = await courseContext(deps, res);
  const referent = await referentView(deps, people, ctx, actor.userId);
  const overview = ctx.framework
    ? await competenceOverview(deps, people, res, { ...ctx, framework: ctx.framework }, actor.userId)
    : null;
  return {
    validationSummary: {
      referent,
      overview,
      competencesHref: `${base}/competences`,
      requestHref: `${base}/requests/new`,
    },
  };
}

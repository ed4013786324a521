// The queue page: one row per request with the learner, the course when it is another one, the waiting
// time against the course's delay, the items and whom the request is addressed to.
import type { Actor } from "../domain/actor.js";
import { namesOf, type PeopleDirectory } from "../domain/people/people.js";
import type { QueueGroup, QueuePage } from "../domain/validation/queue.js";
import type { Translate } from "../i18n/i18n.js";
import { competencePagePath, courseKey, courseTitles, type PresenterView } from "./validation-links.js";
import { waiting, type Waiting } from "./validation.js";

/** A row lists the first few codes; the count says how many there are. */
const CODES_SHOWN = 6;

export interface QueueRow {
  learner: string;
  course: string;
  otherCourse: boolean;
  count: number;
  codes: string;
  waiting: Waiting | null;
  /** Everyone else the request is addressed to (the actor shows as a badge of their own). */
  assigned: string;
  assignedToMe: boolean;
  /** Addressed to nobody in particular: any formateur of the course may answer. */
  toCourseTrainers: boolean;
  tutee: boolean;
  href: string;
}

export interface QueuePageModel {
  title: string;
  rows: QueueRow[];
  waitingForOthers: QueueRow[];
  total: number;
  items: number;
  overdue: number;
  oldest: string;
  pagination: { label: string; previous: string | null; next: string | null } | null;
  mine: boolean;
  allHref: string;
  mineHref: string;
}

export async function presentQueue(
  actor: Actor,
  queue: QueuePage,
  view: PresenterView & { people: Pick<PeopleDirectory, "people" | "course"> },
): Promise<QueuePageModel> {
  const { t, base } = view;
  const named = [...queue.shown, ...queue.waitingForOthers];
  const [names, titles] = await Promise.all([
    namesOf(
      view.people,
      actor.platformId,
      named.flatMap((g) => [g.learnerId, ...g.assignedValidatorIds]),
    ),
    courseTitles(
      view.people,
      actor.platformId,
      named.map((group) => group.course),
    ),
  ]);
  const row = (group: QueueGroup): QueueRow => queueRow(actor, group, queue.now, { t, base, names, titles });
  const pageHref = (target: number): string =>
    `${base}/validation/queue?${new URLSearchParams({ ...(queue.mine ? { show: "mine" } : {}), page: String(target) }).toString()}`;
  return {
    title: t("validation:queue.title"),
    rows: queue.shown.map(row),
    waitingForOthers: queue.waitingForOthers.map(row),
    total: queue.total,
    items: queue.items,
    overdue: queue.overdue,
    oldest: queue.oldest
      ? (waiting(t, queue.oldest.oldest, queue.now, queue.oldest.reminderAfterDays)?.text ?? "")
      : "",
    pagination:
      queue.pages > 1
        ? {
            label: t("validation:queue.page", { page: queue.page, pages: queue.pages }),
            previous: queue.page > 1 ? pageHref(queue.page - 1) : null,
            next: queue.page < queue.pages ? pageHref(queue.page + 1) : null,
          }
        : null,
    mine: queue.mine,
    allHref: `${base}/validation/queue`,
    mineHref: `${base}/validation/queue?show=mine`,
  };
}

function queueRow(
  actor: Actor,
  group: QueueGroup,
  now: Date,
  view: {
    t: Translate;
    base: string;
    names: ReadonlyMap<string, string>;
    titles: ReadonlyMap<string, string>;
  },
): QueueRow {
  const { t, base, names } = view;
  const others = group.assignedValidatorIds.filter((id) => id !== actor.userId);
  return {
    learner: names.get(group.learnerId) ?? t("validation:someone"),
    course: view.titles.get(courseKey(group.course)) ?? group.course.contextId,
    otherCourse:
      group.course.contextId !== actor.contextId || group.course.deploymentId !== actor.deploymentId,
    count: group.codes.length,
    codes: group.codes.slice(0, CODES_SHOWN).join(", ") + (group.codes.length > CODES_SHOWN ? " …" : ""),
    waiting: waiting(t, group.oldest, now, group.reminderAfterDays),
    assigned: others.map((id) => names.get(id) ?? t("validation:someone")).join(", "),
    assignedToMe: group.assignedToMe,
    toCourseTrainers: group.assignedValidatorIds.length === 0,
    tutee: group.tutee,
    href: group.requestId
      ? `${base}/validation/requests/${encodeURIComponent(group.requestId)}`
      : competencePagePath(base, group.learnerId, group.frameworkId, group.codes[0] ?? ""),
  };
}

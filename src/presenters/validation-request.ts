// A request as its validator decides it: per item the evidence, the state, the last decision and the
// choices, with what was typed kept when the form comes back (refused, or decided meanwhile by someone).
import type { Actor } from "../domain/actor.js";
import { sameCourse } from "../domain/course.js";
import { namesOf, type PeopleDirectory } from "../domain/people/people.js";
import type { CompetenceRecord, TimelineEntry } from "../domain/validation/records.js";
import { DECISIONS, type RequestForDecision } from "../domain/validation/request-review.js";
import type { ItemOutcome } from "../domain/validation/service.js";
import { isPending } from "../domain/validation/states.js";
import type { Translate } from "../i18n/i18n.js";
import { typedValue, type TypedValues } from "./typed-values.js";
import {
  competencePagePath,
  learnerPath,
  traceLinker,
  type PresenterView,
  type TraceLink,
} from "./validation-links.js";
import {
  competenceInfo,
  levelLabel,
  levelOptions,
  localized,
  selfLevelLabel,
  stateBadge,
  waiting,
  type LevelOption,
  type StateBadge,
  type Waiting,
} from "./validation.js";

/** What came back with the page: the typed form, field messages, and each item's outcome after a save. */
export interface SentDecisions {
  values: TypedValues;
  errors: Readonly<Record<string, string>>;
  outcomes?: ReadonlyMap<string, ItemOutcome>;
}

export interface DecisionItemView {
  index: number;
  code: string;
  /** Empty when the framework has no title of its own for the code (never the code twice). */
  title: string;
  badge: StateBadge;
  rev: number;
  selfLevel: string;
  level: string;
  evidence: { version: number; resubmitted: boolean; justification: string; traces: TraceLink[] } | null;
  approvals: string;
  approvedByMe: boolean;
  decidable: boolean;
  waiting: Waiting | null;
  levels: LevelOption[];
  decision: { value: string; label: string; checked: boolean }[];
  comment: string;
  selected: boolean;
  error: string;
  outcome: { label: string; conflict: boolean } | null;
  lastDecision: { action: string; who: string; at: Date; comment: string } | null;
  href: string;
}

const NOT_DECISIONS = new Set(["request", "resubmit", "self_assess"]);

export async function presentRequest(
  actor: Actor,
  review: RequestForDecision,
  view: PresenterView & { people: Pick<PeopleDirectory, "people" | "course">; savedCount: number },
  sent?: SentDecisions,
): Promise<Record<string, unknown> & { title: string }> {
  const { t, locale, base } = view;
  const { request, framework, rules, records } = review;
  const here =
    actor.contextId !== null &&
    sameCourse(request, { deploymentId: actor.deploymentId, contextId: actor.contextId });
  const [names, course] = await Promise.all([
    namesOf(view.people, actor.platformId, [
      request.learnerId,
      ...request.assignedValidatorIds,
      ...deciders(records),
    ]),
    view.people.course(request),
  ]);
  const context: ItemContext = {
    actor,
    review,
    view,
    names,
    link: traceLinker(base, review.traceTitles, t),
    here,
    ...(sent ? { sent } : {}),
  };
  const items = request.items.map((item, index) => decisionItem(context, item.code, index));
  const decidable = items.filter((item) => item.decidable).length;
  const learner = names.get(request.learnerId);
  return {
    title: t("validation:request.title", { name: learner ?? "" }),
    learner: {
      name: learner ?? t("validation:someone"),
      fileHref: here ? learnerPath(base, request.learnerId) : "",
    },
    courseTitle: course?.title ?? request.contextId,
    framework: localized(framework.definition.title, locale),
    createdAt: request.createdAt,
    basisPriorPractice: request.basis === "prior_practice",
    assigned: request.assignedValidatorIds.length
      ? request.assignedValidatorIds.map((id) => names.get(id) ?? t("validation:someone")).join(", ")
      : t("validation:answerers.courseTrainers"),
    waiting: waiting(t, oldestWaiting(request.items, records), review.now, rules.reminderAfterDays),
    double: rules.validationsRequired >= 2,
    items,
    decidable,
    decided: items.length - decidable,
    bulkLevels: levelOptions(framework, locale, typedValue(sent?.values, "bulkLevel"), true),
    bulkComment: typedValue(sent?.values, "bulkComment") ?? "",
    bulkError: sent?.errors.bulk ?? "",
    conflicts: items.filter((item) => item.outcome?.conflict).length,
    savedCount: view.savedCount,
    action: `${base}/validation/requests/${encodeURIComponent(request.id)}`,
    queueHref: `${base}/validation/queue`,
    portfolioHref: `${learnerPath(base, request.learnerId)}/traces`,
  };
}

interface ItemContext {
  actor: Actor;
  review: RequestForDecision;
  view: PresenterView;
  names: ReadonlyMap<string, string>;
  link: (id: string, revision: number) => TraceLink;
  /** The request is of the launch's course: links to the learner's pages work from here. */
  here: boolean;
  sent?: SentDecisions;
}

function decisionItem(context: ItemContext, code: string, index: number): DecisionItemView {
  const { actor, review, names, link, sent } = context;
  const { t, locale, base } = context.view;
  const { framework, rules } = review;
  const record = review.records.get(code);
  const state = record?.state ?? "not_started";
  const pending = isPending(state);
  const approvedByMe = (record?.approvals ?? []).some((approval) => approval.validatorId === actor.userId);
  const typed = typedItem(sent?.values, index);
  const outcome = sent?.outcomes?.get(code);
  const title = competenceInfo(framework, code, locale)?.title ?? "";
  return {
    index,
    code,
    title: title === code ? "" : title,
    badge: stateBadge(t, state),
    rev: record?.rev ?? 0,
    selfLevel: selfLevelLabel(framework, record?.selfLevel, locale),
    level: levelLabel(framework, record?.level, locale),
    evidence: record?.evidence
      ? {
          version: record.evidenceVersion,
          resubmitted: record.evidenceVersion > 1,
          justification: record.evidence.justification,
          traces: record.evidence.traceIds.map((id, i) => link(id, record.evidence?.traceRevisions[i] ?? 0)),
        }
      : null,
    approvals: rules.validationsRequired >= 2 && pending ? `${record?.approvals.length ?? 0}/2` : "",
    approvedByMe: pending && approvedByMe,
    decidable: pending && !approvedByMe,
    waiting: pending ? waiting(t, record?.waitingSince, review.now, rules.reminderAfterDays) : null,
    levels: levelOptions(framework, locale, typed.level ?? record?.selfLevel, true),
    decision: DECISIONS.map((decision) => ({
      value: decision,
      label: t(`validation:decide.choices.${decision}`),
      checked: (typed.decision ?? "none") === decision,
    })),
    comment: typed.comment,
    selected: typed.selected,
    error: itemError(sent?.errors, code, index),
    outcome:
      outcome && outcome !== "skipped"
        ? { label: t(`validation:decide.outcomes.${outcome}`), conflict: outcome === "conflict" }
        : null,
    lastDecision: lastDecisionView(record, names, t),
    href: context.here ? competencePagePath(base, review.request.learnerId, framework.id, code) : "",
  };
}

function deciders(records: ReadonlyMap<string, CompetenceRecord>): string[] {
  return [...records.values()].flatMap((record) => [
    ...record.timeline.map((entry) => entry.actorId),
    ...record.approvals.map((approval) => approval.validatorId),
  ]);
}

function lastDecisionView(
  record: CompetenceRecord | undefined,
  names: ReadonlyMap<string, string>,
  t: Translate,
): DecisionItemView["lastDecision"] {
  const last = [...(record?.timeline ?? [])]
    .reverse()
    .find((entry: TimelineEntry) => !NOT_DECISIONS.has(entry.action));
  if (!last) return null;
  return {
    action: t(`validation:actions.${last.action}`),
    who: names.get(last.actorId) ?? t("validation:someone"),
    at: last.at,
    comment: last.comment ?? "",
  };
}

function oldestWaiting(
  items: readonly { code: string }[],
  records: ReadonlyMap<string, CompetenceRecord>,
): Date | undefined {
  return items.reduce<Date | undefined>((min, item) => {
    const since = records.get(item.code)?.waitingSince;
    return since && (!min || since < min) ? since : min;
  }, undefined);
}

/** The domain names an item's fields by code ("comment:C01"), the form's parser by index ("comment_0"). */
function itemError(
  errors: Readonly<Record<string, string>> | undefined,
  code: string,
  index: number,
): string {
  if (!errors) return "";
  const keys = [
    `comment:${code}`,
    `level:${code}`,
    `comment_${index}`,
    `level_${index}`,
    `decision_${index}`,
    `rev_${index}`,
  ];
  return keys.map((key) => errors[key]).find(Boolean) ?? "";
}

/** One item's part of the typed form (nothing typed: the page's defaults). */
function typedItem(
  values: TypedValues | undefined,
  index: number,
): { decision?: string; comment: string; level?: string; selected: boolean } {
  if (!values) return { comment: "", selected: false };
  const selected = values.selected;
  const picked = Array.isArray(selected) ? selected : selected === undefined ? [] : [selected];
  const level = typedValue(values, `level_${index}`);
  const decision = typedValue(values, `decision_${index}`);
  return {
    comment: typedValue(values, `comment_${index}`)?.trim() ?? "",
    selected: picked.includes(String(index)),
    ...(level ? { level } : {}),
    ...(decision ? { decision } : {}),
  };
}

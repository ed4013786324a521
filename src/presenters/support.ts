// The support space's pages as view models: names resolved, words translated, dates kept as dates, the
// `can` flags from the policies. Nothing here reaches another area's page, export or notification.
import type { Actor } from "../domain/actor.js";
import type { SupportAccess } from "../domain/support/access-log.js";
import type { CaseReading } from "../domain/support/case-work.js";
import { nextReview, type SupportCase } from "../domain/support/cases.js";
import type { LearnerSpace } from "../domain/support/space.js";
import type { Signal } from "../domain/support/signals.js";
import { CASE_OUTCOMES, CASE_STEPS, SECOND_LEVELS, SIGNAL_CATEGORIES } from "../domain/support/vocabulary.js";
import type { Translate } from "../i18n/i18n.js";
import { abilities } from "../policies/policy.js";
import { supportCasePolicy, supportLearnerPolicy, type SupportLearner } from "../policies/support.js";
import { typedValue, type TypedValues } from "./typed-values.js";
import { nameOr } from "./person-name.js";

export interface SupportView {
  t: Translate;
  base: string;
  /** Display names of everyone the page mentions. */
  names: ReadonlyMap<string, string>;
  values?: TypedValues;
  errors?: Readonly<Record<string, string>>;
}

interface Option {
  value: string;
  label: string;
  selected: boolean;
}

function nameOf(view: SupportView, id: string): string {
  return nameOr(view.names, id, view.t, "support:someone");
}

function options(
  view: SupportView,
  field: string,
  values: readonly string[],
  key: string,
  current = "",
): Option[] {
  const chosen = typedValue(view.values, field) ?? current;
  return values.map((value) => ({
    value,
    label: view.t(`support:${key}.${value}`),
    selected: value === chosen,
  }));
}

function people(view: SupportView, field: string, ids: readonly string[]): Option[] {
  const chosen = typedValue(view.values, field) ?? "";
  return ids.map((id) => ({ value: id, label: nameOf(view, id), selected: id === chosen }));
}

function caseSummary(view: SupportView, supportCase: SupportCase, withLearner: boolean) {
  return {
    href: `${view.base}/support/cases/${supportCase.id}`,
    learner: withLearner ? nameOf(view, supportCase.learnerId) : "",
    openedAt: supportCase.openedAt,
    step: view.t(`support:steps.${supportCase.step}`),
    reviewOn: nextReview(supportCase),
    closed: supportCase.closure !== null,
    outcome: supportCase.closure ? view.t(`support:outcomes.${supportCase.closure.outcome}`) : "",
  };
}

function accessRow(view: SupportView, access: SupportAccess) {
  return {
    reader: nameOf(view, access.readerId),
    part: view.t(`support:parts.${access.part}`),
    at: access.at,
  };
}

export interface SpaceParts {
  learner: LearnerSpace & { choices: string[] };
  memberCases: SupportCase[];
  toTakeUp: Pick<Signal, "learnerId" | "raisedAt">[];
  canSettings: boolean;
}

export function presentSpace(actor: Actor, parts: SpaceParts, view: SupportView) {
  const { learner } = parts;
  return {
    title: view.t("support:space.title"),
    request: {
      action: `${view.base}/support/request`,
      choices: people(view, "personId", learner.choices),
      message: typedValue(view.values, "message") ?? "",
      errors: view.errors ?? {},
    },
    ownCases: learner.cases.map((supportCase) => caseSummary(view, supportCase, false)),
    accessLog: learner.accessLog.map((access) => accessRow(view, access)),
    purged: learner.purged,
    memberCases: parts.memberCases.map((supportCase) => caseSummary(view, supportCase, true)),
    toTakeUp: parts.toTakeUp.map((signal) => ({
      learner: nameOf(view, signal.learnerId),
      href: `${view.base}/support/learners/${signal.learnerId}`,
      at: signal.raisedAt,
    })),
    settingsHref: parts.canSettings ? `${view.base}/support/settings` : "",
    isLearnerSelf: actor.roles.includes("learner"),
  };
}

function signalRow(view: SupportView, signal: Signal) {
  const source = signal.source;
  const by =
    source.kind === "person"
      ? `${nameOf(view, source.userId)} (${view.t(`support:recorders.${source.as}`)})`
      : source.kind === "external"
        ? view.t("support:recorders.external")
        : view.t(`support:machine.${source.rule}`, source.facts);
  return {
    id: signal.id,
    category: view.t(`support:categories.${signal.category}`),
    note: signal.note,
    by,
    at: signal.raisedAt,
    inCase: signal.caseId !== null,
  };
}

export function presentLearner(
  actor: Actor,
  learner: SupportLearner,
  signals: Signal[],
  view: SupportView & { recorded?: boolean },
) {
  const can = abilities(actor, supportLearnerPolicy, learner);
  const here = `${view.base}/support/learners/${learner.learnerId}`;
  return {
    title: view.t("support:learner.title", { name: nameOf(view, learner.learnerId) }),
    learnerName: nameOf(view, learner.learnerId),
    recorded: view.recorded === true,
    can,
    concern: {
      action: `${here}/signals`,
      categories: options(view, "category", SIGNAL_CATEGORIES, "categories"),
      note: typedValue(view.values, "note") ?? "",
      errors: view.errors ?? {},
    },
    signals: signals.map((signal) => signalRow(view, signal)),
    openAction: `${here}/cases`,
  };
}

export function presentCase(actor: Actor, reading: CaseReading, memberChoices: string[], view: SupportView) {
  const { supportCase } = reading;
  const can = abilities(actor, supportCasePolicy, reading.access);
  const here = `${view.base}/support/cases/${supportCase.id}`;
  const byStep = CASE_STEPS.map((step) => ({
    label: view.t(`support:steps.${step}`),
    current: step === supportCase.step,
    notes: supportCase.notes
      .filter((note) => note.step === step)
      .map((note) => ({
        author: nameOf(view, note.authorId),
        at: note.at,
        text: note.text,
        involved: note.involved,
        agreedActions: note.agreedActions,
        reviewOn: note.reviewOn,
        membersOnly: note.audience === "members",
      })),
  }));
  return {
    title: view.t("support:case.title", { name: nameOf(view, supportCase.learnerId) }),
    learnerName: nameOf(view, supportCase.learnerId),
    isLearner: actor.userId === supportCase.learnerId,
    can,
    step: view.t(`support:steps.${supportCase.step}`),
    origin: view.t(`support:origins.${supportCase.origin}`),
    openedAt: supportCase.openedAt,
    reviewOn: nextReview(supportCase),
    members: supportCase.members.map((id) => ({
      name: nameOf(view, id),
      byLearner: supportCase.addedByLearner.includes(id),
    })),
    steps: byStep,
    signals: reading.signals.map((signal) => signalRow(view, signal)),
    escalations: supportCase.escalations.map((escalation) => ({
      level: view.t(`support:levels.${escalation.level}`),
      name: escalation.name,
      contact: escalation.contact,
      at: escalation.at,
      by: nameOf(view, escalation.by),
    })),
    closure: supportCase.closure
      ? {
          outcome: view.t(`support:outcomes.${supportCase.closure.outcome}`),
          note: supportCase.closure.note,
          at: supportCase.closure.at,
        }
      : null,
    forms: {
      note: `${here}/notes`,
      step: `${here}/step`,
      member: `${here}/members`,
      escalation: `${here}/escalation`,
      closure: `${here}/closure`,
    },
    values: {
      text: typedValue(view.values, "text") ?? "",
      involved: typedValue(view.values, "involved") ?? "",
      agreedActions: typedValue(view.values, "agreedActions") ?? "",
      reviewOn: typedValue(view.values, "reviewOn") ?? "",
      name: typedValue(view.values, "name") ?? "",
      contact: typedValue(view.values, "contact") ?? "",
      closureNote: typedValue(view.values, "note") ?? "",
      membersOnly: typedValue(view.values, "audience") === "members",
    },
    errors: view.errors ?? {},
    noteSteps: options(view, "step", CASE_STEPS, "steps", supportCase.step),
    moveSteps: options(view, "step", CASE_STEPS, "steps", supportCase.step),
    levels: options(view, "level", SECOND_LEVELS, "levels"),
    outcomes: options(view, "outcome", CASE_OUTCOMES, "outcomes"),
    memberChoices: people(view, "personId", memberChoices),
  };
}

export function presentSettings(
  candidates: readonly string[],
  chosen: readonly string[],
  view: SupportView & { saved: boolean },
) {
  const typed = view.values?.personIds;
  const selected = new Set(typed === undefined ? chosen : Array.isArray(typed) ? typed : [typed]);
  return {
    title: view.t("support:settings.title"),
    action: `${view.base}/support/settings`,
    saved: view.saved,
    people: candidates.map((id) => ({ value: id, label: nameOf(view, id), checked: selected.has(id) })),
    errors: view.errors ?? {},
  };
}

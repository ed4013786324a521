// The learner's competences → view models: their page and their home's summary (state per competence,
// progress, what waits for whom), and the box naming who accompanies them.
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { leafCompetences } from "../domain/frameworks/framework.js";
import { displayName, namesOf, type PeopleDirectory } from "../domain/people/people.js";
import {
  isRequestable,
  type CompetenceOverview,
  type Referent,
} from "../domain/validation/learner-competences.js";
import { excerpt, toComplete } from "../domain/validation/evidence-progress.js";
import type { CompetenceRecord } from "../domain/validation/records.js";
import { isPending } from "../domain/validation/states.js";
import type { PresenterView } from "./validation-links.js";
import {
  assessableCount,
  competenceInfo,
  groupByDomain,
  localized,
  recordSummary,
  type DomainGroup,
} from "./validation.js";
import { nameOr } from "./person-name.js";

export interface ReferentView {
  name: string;
  email: string | undefined;
  isTutor: boolean;
}

export function presentReferent(referent: Referent | null): ReferentView | null {
  return referent
    ? { name: displayName(referent.person), email: referent.person.email, isTutor: referent.isTutor }
    : null;
}

export interface PendingItemView {
  code: string;
  title: string;
  waiting: string;
  overdue: boolean;
  answerers: string;
}

/** A competence a formateur asked to complete: the reason's start, since when, where to complete it. */
export interface ToCompleteView {
  code: string;
  title: string;
  reason: string;
  by: string;
  since: Date | null;
  href: string;
}

export interface OverviewView {
  framework: { id: string; title: string };
  progress: { validated: number; required: number; pending: number; toComplete: number };
  double: boolean;
  domains: DomainGroup<Record<string, unknown>>[];
  pendingItems: PendingItemView[];
  toCompleteItems: ToCompleteView[];
  canRequest: boolean;
}

/** Where each competence stands, for the learner's page and home; null without a framework. */
export async function presentOverview(
  overview: CompetenceOverview,
  view: PresenterView & { people: Pick<PeopleDirectory, "people"> },
): Promise<OverviewView | null> {
  const { framework, rules, scope } = overview.course;
  if (!framework) return null;
  const { t, locale, base } = view;
  const records = new Map(overview.records.map((record) => [record.competenceCode, record]));
  const asked = toComplete(overview.records);
  const names = await namesOf(view.people, scope.platformId, [
    ...overview.records.flatMap((record) => record.assignedValidatorIds),
    ...asked.flatMap((item) => item.askedBy ?? []),
  ]);
  const competenceHref = (code: string): string =>
    `${base}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(code)}`;
  const answerers = (record: CompetenceRecord | undefined): string =>
    record && record.assignedValidatorIds.length > 0
      ? record.assignedValidatorIds.map((id) => nameOr(names, id, t)).join(", ")
      : t("validation:answerers.courseTrainers");
  const summaryOf = (record: CompetenceRecord | undefined, code: string): ReturnType<typeof recordSummary> =>
    recordSummary(t, locale, framework, record, overview.now, rules, overview.tagged.get(code) ?? 0);
  const domains = groupByDomain(framework, locale, (node) => {
    const record = records.get(node.code);
    const summary = summaryOf(record, node.code);
    return {
      code: node.code,
      title: localized(node.title, locale),
      href: competenceHref(node.code),
      ...summary,
      answerers: summary.waiting ? answerers(record) : "",
      proposal: Boolean(record?.proposal),
    };
  });
  const pendingItems = pendingOf(overview.records).map((record) => {
    const summary = summaryOf(record, record.competenceCode);
    return {
      code: record.competenceCode,
      title: competenceInfo(framework, record.competenceCode, locale)?.title ?? record.competenceCode,
      waiting: summary.waiting?.text ?? "",
      overdue: summary.waiting?.overdue ?? false,
      answerers: answerers(record),
    };
  });
  return {
    framework: { id: framework.id, title: localized(framework.definition.title, locale) },
    progress: {
      validated: overview.records.filter((record) => record.state === "validated").length,
      required: assessableCount(framework),
      pending: pendingItems.length,
      toComplete: overview.records.filter((record) => record.state === "more_evidence").length,
    },
    double: rules.validationsRequired >= 2,
    domains,
    pendingItems,
    toCompleteItems: asked.map(({ record, reason, askedBy, since }) => ({
      code: record.competenceCode,
      title: competenceInfo(framework, record.competenceCode, locale)?.title ?? record.competenceCode,
      reason: excerpt(reason),
      by: askedBy ? nameOr(names, askedBy, t) : "",
      since,
      // The learner lands on the form that completes this competence, not at the top of its page.
      href: `${competenceHref(record.competenceCode)}#resubmit-title`,
    })),
    canRequest: canRequest(framework, records),
  };
}

/** What waits for an answer, the longest waiting first. */
function pendingOf(records: readonly CompetenceRecord[]): CompetenceRecord[] {
  return records
    .filter((record) => isPending(record.state))
    .sort((a, b) => (a.waitingSince?.getTime() ?? 0) - (b.waitingSince?.getTime() ?? 0));
}

function canRequest(framework: StoredFramework, records: ReadonlyMap<string, CompetenceRecord>): boolean {
  return leafCompetences(framework.definition).some(({ node }) =>
    isRequestable(records.get(node.code)?.state ?? "not_started"),
  );
}

/** The learner's competences page, with what the last request did (sent, or raced by a change). */
export async function presentCompetencesPage(
  overview: CompetenceOverview,
  outcome: { sent: number; conflicts: number },
  view: PresenterView & { people: Pick<PeopleDirectory, "people"> },
): Promise<Record<string, unknown> & { title: string }> {
  const { t } = view;
  const title = t("validation:competences.title");
  const referent = presentReferent(overview.referent);
  const shown = await presentOverview(overview, view);
  if (!shown) return { title, noFramework: true, referent };
  return {
    title,
    referent,
    ...shown,
    requestHref: `${view.base}/requests/new`,
    sent: [
      outcome.sent > 0 ? t("validation:competences.sent", { count: outcome.sent }) : "",
      outcome.conflicts > 0 ? t("validation:competences.conflicts", { count: outcome.conflicts }) : "",
    ]
      .filter(Boolean)
      .join(" "),
  };
}

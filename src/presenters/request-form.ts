// The request form → its two steps. Step 1: a compact checklist of the framework's competences by
// domain, each with its state, those with tagged traces suggested first. Step 2: only the chosen ones,
// each with the traces tagged with it ticked, one justification for all (an item may have its own),
// the basis and the validators. What was typed comes back with the form's errors.
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { leafCompetences } from "../domain/frameworks/framework.js";
import { namesOf, type PeopleDirectory } from "../domain/people/people.js";
import { taggedCounts, tracesTaggedWith } from "../domain/validation/evidence-progress.js";
import { isRequestable, type RequestFormData } from "../domain/validation/learner-competences.js";
import type { TraceSummary } from "../domain/validation/ports.js";
import type { Translate } from "../i18n/i18n.js";
import type { PresenterView } from "./validation-links.js";
import {
  competenceTitle,
  groupByDomain,
  localized,
  recordSummary,
  selfLevelOptions,
  type StateBadge,
} from "./validation.js";

/** One competence's part of the form, as typed. */
export interface TypedItem {
  level?: string;
  justification: string;
  traceIds: string[];
}

/** The form as typed: each competence's part (by code), those ticked, the shared justification, the validators, the basis. */
export interface RequestFormValues {
  picked: string[];
  items: ReadonlyMap<string, TypedItem>;
  justification: string;
  validatorIds: string[];
  basis: "traces" | "prior_practice";
}

export interface RequestFormOptions {
  /** The competences chosen at step 1 (or from a competence's page), in any order. */
  chosen?: readonly string[];
  /** Show step 1 (the choice) even though competences are chosen: "change my choice". */
  pick?: boolean;
  values?: RequestFormValues;
  errors?: Readonly<Record<string, string>>;
}

type View = PresenterView & { people: Pick<PeopleDirectory, "people"> };
type Model = Record<string, unknown> & { title: string };

/** One competence of the framework, where the learner stands with it. */
interface Leaf {
  index: number;
  code: string;
  title: string;
  requestable: boolean;
  badge: StateBadge;
  tagged: string;
  taggedCount: number;
  href: string;
}

export async function presentRequestForm(
  data: RequestFormData,
  options: RequestFormOptions,
  view: View,
): Promise<Model> {
  const leaves = leavesOf(data, view);
  const shown = options.values ? [...options.values.items.keys()] : (options.chosen ?? []);
  const chosen = leaves.filter((leaf) => leaf.requestable && shown.includes(leaf.code));
  const base = {
    title: view.t("validation:requestNew.title"),
    framework: {
      id: data.course.framework.id,
      title: localized(data.course.framework.definition.title, view.locale),
    },
    errors: options.errors ?? {},
    portfolioHref: `${view.base}/traces`,
    formHref: `${view.base}/requests/new`,
  };
  if (options.pick || chosen.length === 0) return { ...base, ...pickStep(data, leaves, shown, view) };
  return { ...base, ...(await evidenceStep(data, chosen, options, view)) };
}

function leavesOf(data: RequestFormData, view: View): Leaf[] {
  const { framework, rules } = data.course;
  const counts = taggedCounts(data.traces, framework.id);
  return leafCompetences(framework.definition).map(({ node }, index) => {
    const record = data.records.get(node.code);
    const taggedCount = counts.get(node.code) ?? 0;
    const summary = recordSummary(view.t, view.locale, framework, record, data.now, rules, taggedCount);
    return {
      index,
      code: node.code,
      title: competenceTitle(node, view.locale),
      requestable: isRequestable(record?.state ?? "not_started"),
      badge: summary.badge,
      tagged: summary.tagged,
      taggedCount,
      href: `${view.base}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(node.code)}`,
    };
  });
}

/** Step 1: the competences with tagged traces not yet asked for first, then every domain's checklist. */
function pickStep(
  data: RequestFormData,
  leaves: Leaf[],
  chosen: readonly string[],
  view: View,
): Record<string, unknown> {
  const picked = new Set(chosen);
  const suggested = leaves.filter((leaf) => leaf.requestable && leaf.taggedCount > 0);
  const suggestedCodes = new Set(suggested.map((leaf) => leaf.code));
  const option = (leaf: Leaf): Leaf & { checked: boolean } => ({ ...leaf, checked: picked.has(leaf.code) });
  const byCode = new Map(leaves.map((leaf) => [leaf.code, leaf]));
  const groups = groupByDomain(data.course.framework, view.locale, (node) => byCode.get(node.code))
    .map((group) => ({
      title: group.title,
      items: group.items
        .filter((leaf): leaf is Leaf => leaf !== undefined && !suggestedCodes.has(leaf.code))
        .map(option),
    }))
    .filter((group) => group.items.length > 0);
  return {
    step: "pick",
    suggested: suggested.map(option),
    groups,
    anyRequestable: leaves.some((leaf) => leaf.requestable),
    fieldAnchors: { items: suggested[0] ? `pick-${suggested[0].index}` : "pick-list" },
  };
}

/** Step 2: the chosen competences with their evidence, one justification, the basis, the validators. */
async function evidenceStep(
  data: RequestFormData,
  chosen: Leaf[],
  options: RequestFormOptions,
  view: View,
): Promise<Record<string, unknown>> {
  const { t, locale } = view;
  const { framework } = data.course;
  const values = options.values;
  const errors = options.errors ?? {};
  const anchors: Record<string, string> = {
    validators: "validator-0",
    items: "items-title",
    traces: "items-title",
    basis: "basis-traces",
    justification: "justification",
  };
  const items = chosen.map((leaf) => {
    const own = values?.items.get(leaf.code);
    const record = data.records.get(leaf.code);
    for (const field of [`justification:${leaf.code}`, `justification_${leaf.index}`])
      anchors[field] = `just-${leaf.index}`;
    for (const field of [`level:${leaf.code}`, `level_${leaf.index}`]) anchors[field] = `level-${leaf.index}`;
    const error =
      errors[`justification:${leaf.code}`] ??
      errors[`level:${leaf.code}`] ??
      errors[`justification_${leaf.index}`] ??
      errors[`level_${leaf.index}`] ??
      "";
    const evidence = evidenceOf(data.traces, framework, leaf.code, own?.traceIds);
    const levels = selfLevelOptions(framework, locale, own?.level ?? record?.selfLevel);
    return {
      ...leaf,
      picked: values ? values.picked.includes(leaf.code) : true,
      ...evidence,
      levels,
      justification: own?.justification ?? "",
      // The item's own fields stay folded unless something was typed there or is wrong there.
      ownOpen: Boolean(own?.justification || own?.level || error),
      error,
    };
  });
  return {
    step: "evidence",
    items,
    count: items.length,
    justification: values?.justification ?? "",
    validators: await validatorsOf(data, values, view),
    basisPriorPractice: values?.basis === "prior_practice",
    hasTraces: data.traces.length > 0,
    editHref: `${view.base}/requests/new?${new URLSearchParams([
      ["step", "pick"],
      ...chosen.map((leaf): [string, string] => ["code", leaf.code]),
    ]).toString()}`,
    countText: t("validation:requestNew.chosenCount", { count: items.length }),
    fieldAnchors: anchors,
  };
}

type TraceChoice = TraceSummary & { checked: boolean };

/** The traces tagged with the competence (ticked unless the form says otherwise), then the others. */
function evidenceOf(
  traces: readonly TraceSummary[],
  framework: StoredFramework,
  code: string,
  typed: readonly string[] | undefined,
): { taggedTraces: TraceChoice[]; otherTraces: TraceChoice[]; othersOpen: boolean } {
  const taggedIds = new Set(tracesTaggedWith(traces, framework.id, code).map((trace) => trace.id));
  const checked = (trace: TraceSummary): boolean =>
    typed ? typed.includes(trace.id) : taggedIds.has(trace.id);
  const choice = (trace: TraceSummary): TraceChoice => ({
    id: trace.id,
    title: trace.title,
    revision: trace.revision,
    checked: checked(trace),
  });
  const others = traces.filter((trace) => !taggedIds.has(trace.id)).map(choice);
  return {
    taggedTraces: traces.filter((trace) => taggedIds.has(trace.id)).map(choice),
    otherTraces: others,
    othersOpen: others.some((trace) => trace.checked),
  };
}

/** The referent first and ticked by default, then everyone else the learner may address, by name. */
async function validatorsOf(
  data: RequestFormData,
  values: RequestFormValues | undefined,
  view: { t: Translate; people: Pick<PeopleDirectory, "people"> },
): Promise<{ id: string; name: string; checked: boolean; referent: boolean }[]> {
  const names = await namesOf(view.people, data.course.scope.platformId, data.validators);
  const chosen = new Set(values?.validatorIds ?? (data.referentId ? [data.referentId] : []));
  return data.validators
    .map((id) => ({
      id,
      name: names.get(id) ?? view.t("validation:someone"),
      checked: chosen.has(id),
      referent: id === data.referentId,
    }))
    .sort((a, b) => Number(b.referent) - Number(a.referent) || a.name.localeCompare(b.name, "fr"));
}

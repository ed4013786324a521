// The request form → its page: every competence of the framework grouped by domain (open ones with
// their level, justification and traces to pick), the validators to address, what was typed kept.
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import { leafCompetences } from "../domain/frameworks/framework.js";
import { namesOf, type PeopleDirectory } from "../domain/people/people.js";
import { isRequestable, type RequestFormData } from "../domain/validation/learner-competences.js";
import type { Locale } from "../i18n/i18n.js";
import type { PresenterView } from "./validation-links.js";
import { groupByDomain, localized, recordSummary, selfLevelOptions } from "./validation.js";

/** One competence's part of the form, as typed. */
export interface TypedItem {
  level?: string;
  justification: string;
  traceIds: string[];
}

/** The form as typed: each competence's part (by code), those ticked, the validators, the basis. */
export interface RequestFormValues {
  picked: string[];
  items: ReadonlyMap<string, TypedItem>;
  validatorIds: string[];
  basis: "traces" | "prior_practice";
}

export interface RequestFormOptions {
  values?: RequestFormValues;
  errors?: Readonly<Record<string, string>>;
  /** A competence to tick on arrival (from a competence's page). */
  preselect?: string;
}

type View = PresenterView & { people: Pick<PeopleDirectory, "people"> };

export async function presentRequestForm(
  data: RequestFormData,
  options: RequestFormOptions,
  view: View,
): Promise<Record<string, unknown> & { title: string }> {
  const { t, locale, base } = view;
  const { framework } = data.course;
  const errors = options.errors ?? {};
  const values = options.values;
  const preselected = new Set(values?.picked ?? (options.preselect ? [options.preselect] : []));
  const anchors: Record<string, string> = {
    validators: "validator-0",
    items: "pick-0",
    basis: "basis-traces",
  };
  const items = leafCompetences(framework.definition).map(({ node }, index) => {
    const record = data.records.get(node.code);
    const requestable = isRequestable(record?.state ?? "not_started");
    const own = values?.items.get(node.code);
    anchors[`justification:${node.code}`] = `just-${index}`;
    anchors[`level:${node.code}`] = `level-${index}`;
    anchors[`justification_${index}`] = `just-${index}`;
    anchors[`level_${index}`] = `level-${index}`;
    return {
      index,
      code: node.code,
      title: localized(node.title, locale),
      requestable,
      picked: requestable && preselected.has(node.code),
      ...recordSummary(t, locale, framework, record, data.now, data.course.rules),
      levels: selfLevelOptions(framework, locale, own?.level ?? record?.selfLevel),
      justification: own?.justification ?? "",
      traces: data.traces.map((trace) => ({ ...trace, checked: own?.traceIds.includes(trace.id) ?? false })),
      error:
        errors[`justification:${node.code}`] ??
        errors[`level:${node.code}`] ??
        errors[`justification_${index}`] ??
        errors[`level_${index}`] ??
        "",
      href: `${base}/competences/${encodeURIComponent(framework.id)}/${encodeURIComponent(node.code)}`,
    };
  });
  return {
    title: t("validation:requestNew.title"),
    framework: { id: framework.id, title: localized(framework.definition.title, locale) },
    groups: groupItems(framework, locale, items),
    validators: await validatorsOf(data, values, view),
    basisPriorPractice: values?.basis === "prior_practice",
    hasTraces: data.traces.length > 0,
    errors,
    fieldAnchors: anchors,
    portfolioHref: `${base}/traces`,
  };
}

/** The referent first and ticked by default, then everyone else the learner may address, by name. */
async function validatorsOf(
  data: RequestFormData,
  values: RequestFormValues | undefined,
  view: View,
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

function groupItems<T extends { code: string }>(
  framework: StoredFramework,
  locale: Locale,
  items: T[],
): { title: string; items: T[] }[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  return groupByDomain(framework, locale, (node) => byCode.get(node.code)).map((group) => ({
    title: group.title,
    items: group.items.filter((item): item is T => item !== undefined),
  }));
}

// The tutor's synthesis for the jury, as its author sees it: where it stands and what comes next, the
// form (the newest text, or what was typed when it was refused), share and finalise when they apply,
// every version with its dates; one earlier version read-only, compared word by word with the one before.
import { diffText } from "../../domain/portfolio/diff.js";
import type { SafeHtml } from "../../domain/portfolio/markdown.js";
import {
  MAX_SYNTHESIS_FIELD_LENGTH,
  progressOf,
  SYNTHESIS_FIELDS,
  type SynthesisStage,
  type SynthesisVersion,
} from "../../domain/dossier/synthesis.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { dateTimeFormat } from "../../i18n/format.js";
import { typedValue, type FormPageView } from "../typed-values.js";

export interface SynthesisPageView extends FormPageView {
  /** A step just done (saved, shared, final), from the redirect's query. */
  done?: string;
  /** Why the last action could not be done (someone saved meanwhile, not read yet…), localized. */
  conflict?: string;
}

const STAGE_BADGE: Record<SynthesisStage, string> = {
  none: "badge--muted",
  draft: "badge--wait",
  shared: "badge--wait",
  read: "badge--ok",
  final: "badge--ok",
};

/** The badge the tutees list and the page show: the stage in words, and its colour. */
export function stageBadge(
  progress: { stage: SynthesisStage; finalBefore: boolean },
  t: Translate,
): { text: string; className: string } {
  const text = t(`dossier:tutorSynthesis.stage.${progress.stage}`);
  return {
    text: progress.finalBefore ? t("dossier:tutorSynthesis.finalBefore", { stage: text }) : text,
    className: STAGE_BADGE[progress.stage],
  };
}

export function synthesisHref(base: string, learnerId: string): string {
  return `${base}/learners/${encodeURIComponent(learnerId)}/synthesis`;
}

/** A version's number, status and dates, as the list of versions and the version's page show them. */
function versionDates(
  version: SynthesisVersion,
  t: Translate,
  when: Intl.DateTimeFormat,
): Record<string, unknown> {
  return {
    version: version.version,
    status: t(`dossier:synthesis.status.${version.status}`),
    created: when.format(version.createdAt),
    shared: version.sharedAt ? when.format(version.sharedAt) : "",
    read: version.readAt ? when.format(version.readAt) : "",
    final: version.finalAt ? when.format(version.finalAt) : "",
  };
}

function formatter(locale: Locale): Intl.DateTimeFormat {
  return dateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
}

export function presentTutorSynthesis(
  input: { learnerId: string; learnerName: string; versions: readonly SynthesisVersion[] },
  view: SynthesisPageView,
): Record<string, unknown> & { title: string } {
  const { t, locale, base } = view;
  const href = synthesisHref(base, input.learnerId);
  const latest = input.versions[0];
  const progress = progressOf(input.versions);
  const when = formatter(locale);
  const name = input.learnerName || t("validation:someone");
  const fields = SYNTHESIS_FIELDS.map((field) => {
    const value = view.values ? (typedValue(view.values, field) ?? "") : (latest?.[field] ?? "");
    return {
      name: field,
      label: t(`dossier:synthesis.fields.${field}`),
      hint: t(`dossier:tutorSynthesis.hints.${field}`),
      value,
      length: [...value].length,
      max: MAX_SYNTHESIS_FIELD_LENGTH,
      error: view.errors?.[field] ?? "",
    };
  });
  return {
    title: t("dossier:tutorSynthesis.title", { name }),
    learnerName: name,
    badge: stageBadge(progress, t),
    next: t(`dossier:tutorSynthesis.next.${progress.stage}`, { name }),
    done: view.done ? t(`dossier:tutorSynthesis.done.${view.done}`, { name }) : "",
    conflict: view.conflict ?? "",
    errors: view.errors ?? {},
    form: { action: href, basedOn: String(latest?.version ?? 0), fields },
    share: latest?.status === "draft" ? { action: `${href}/share`, version: latest.version } : null,
    finalize:
      latest?.status === "shared" && latest.readAt
        ? { action: `${href}/finalize`, version: latest.version }
        : null,
    notReadYet: latest?.status === "shared" && !latest.readAt,
    versions: input.versions.map((version) => ({
      ...versionDates(version, t, when),
      href: `${href}/versions/${version.version}`,
    })),
    backHref: `${base}/tutoring`,
  };
}

export interface VersionField {
  label: string;
  text: string;
  /** Compared with the version before (null for the first version). */
  diff: { html: SafeHtml; changed: boolean; tooDifferent: boolean } | null;
}

/** One version, read-only, each part compared with the version before it. */
export function presentSynthesisVersion(
  input: {
    learnerId: string;
    learnerName: string;
    version: SynthesisVersion;
    previous: SynthesisVersion | null;
  },
  view: Pick<SynthesisPageView, "t" | "locale" | "base">,
): Record<string, unknown> & { title: string } {
  const { t, locale, base } = view;
  const { version, previous } = input;
  const when = formatter(locale);
  const name = input.learnerName || t("validation:someone");
  const fields: VersionField[] = SYNTHESIS_FIELDS.map((field) => ({
    label: t(`dossier:synthesis.fields.${field}`),
    text: version[field],
    diff: previous ? diffText(previous[field], version[field]) : null,
  }));
  return {
    title: t("dossier:tutorSynthesis.versionTitle", { name, version: version.version }),
    learnerName: name,
    ...versionDates(version, t, when),
    previous: previous?.version ?? null,
    fields,
    backHref: synthesisHref(base, input.learnerId),
  };
}

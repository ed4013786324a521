// View models of writing: the type chooser and the editor (sections with their guidance and progress,
// the framework's boxes, tags from other frameworks read-only), shown again with what was typed.
import type { ArrangedTypes } from "../../domain/portfolio/field-types.js";
import type { Trace } from "../../domain/portfolio/types.js";
import { checkTracePrivacy } from "../../domain/portfolio/privacy.js";
import { emptySections, localize, type TraceTypeDefinition } from "../../domain/portfolio/trace-types.js";
import { SECTION_PROGRESS } from "../../domain/portfolio/types.js";
import type { EditorFacts, TraceInput } from "../../domain/portfolio/writing.js";
import { dateTimeFormat } from "../../i18n/format.js";
import type { ViewContext } from "./context.js";
import { competenceOptions, situationOptions, type DomainOptionView } from "./framework-views.js";
import { frameworkChoices, frameworkLabel, type FrameworkChoice } from "./lists.js";
import {
  privacyViews,
  tagViews,
  type PresentContext,
  type PrivacyView,
  type TagView,
} from "./trace-views.js";

export interface TypeChoice {
  key: string;
  href: string;
  name: string;
  description: string;
  sections: string;
  /** A draft of this type is waiting in this course. */
  hasDraft: boolean;
}

export interface TypeChooserPage {
  title: string;
  types: TypeChoice[];
  /** Other fields' types (a teacher's clinical vignette…), offered behind "other types". */
  otherTypes: TypeChoice[];
  can: { manageTypes: boolean };
}

export function presentTypeChooser(
  types: ArrangedTypes,
  can: { manageTypes: boolean },
  view: ViewContext,
  drafted: readonly string[] = [],
): TypeChooserPage {
  const { t, locale, base } = view;
  const choice = (type: TraceTypeDefinition): TypeChoice => ({
    key: type.key,
    href: `${base}/traces/new/${encodeURIComponent(type.key)}`,
    name: localize(type.name, locale),
    description: localize(type.description, locale),
    sections: type.sections.map((section) => localize(section.title, locale)).join(" · "),
    hasDraft: drafted.includes(type.key),
  });
  return {
    title: t("portfolio:new.title"),
    types: types.main.map(choice),
    otherTypes: types.others.map(choice),
    can,
  };
}

/** What the editor shows: a new trace or a saved one, what was typed, and why it came back. */
export interface EditorState {
  type: TraceTypeDefinition;
  trace: Trace | null;
  /** What was typed (null: the trace as saved, or an empty new one). */
  input: TraceInput | null;
  /** Field name → localized message, after a refusal. */
  errors?: Readonly<Record<string, string>>;
  /** Someone saved in between: nothing was overwritten. */
  conflict?: boolean;
  /**
   * The draft whose text `input` holds, restored when the editor opened. The form carries the revision
   * the draft was written on: if the trace was saved since, saving shows the conflict, never overwrites.
   */
  restored?: { savedAt: Date; baseRevision: number | null; stale: boolean };
  /** After the draft button (no script) or discarding the draft: `?draft=saved|discarded`. */
  draftFlash?: string;
}

/**
 * The editor shown again with another framework: the text as typed, the boxes of that framework as
 * the trace saved them (none for a new trace), so saving never clears tags by surprise.
 */
export function reframed(input: TraceInput, trace: Trace | null, frameworkId: string): TraceInput {
  const id = frameworkId.trim();
  return {
    ...input,
    frameworkId: id === "" ? null : id,
    competences: (trace?.competences ?? [])
      .filter((tag) => tag.frameworkId === id)
      .map((tag) => ({ code: tag.code, level: tag.level })),
    situations: (trace?.situations ?? []).filter((tag) => tag.frameworkId === id).map((tag) => tag.code),
  };
}

/** Today as the date field wants it (YYYY-MM-DD), where the learners are. */
function today(now: Date): string {
  return dateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(now);
}

export interface SectionField {
  key: string;
  title: string;
  body: string;
  error: string | null;
  guidance: string[];
  progressOptions: { value: string; label: string; selected: boolean }[];
}

function sectionFields(state: EditorState, ctx: PresentContext): SectionField[] {
  const { t, locale } = ctx;
  const sections = state.trace?.sections ?? emptySections(state.type);
  return sections.map((section) => {
    const sent = state.input?.sections.find((candidate) => candidate.key === section.key);
    const template = state.type.sections.find((candidate) => candidate.key === section.key);
    const progress = sent?.progress ?? section.progress;
    const guidance = template ? localize(template.guidance, locale) : "";
    return {
      key: section.key,
      title: localize(section.title, locale),
      body: sent?.body ?? section.body,
      error: state.errors?.[`body_${section.key}`] ?? null,
      guidance: guidance.split("\n").filter((line) => line.trim() !== ""),
      progressOptions: SECTION_PROGRESS.map((value) => ({
        value,
        label: t(`portfolio:progress.${value}`),
        selected: value === progress,
      })),
    };
  });
}

export interface EditorPage {
  title: string;
  heading: string;
  isNew: boolean;
  action: string;
  cancelHref: string;
  typeKey: string;
  typeName: string;
  typeDescription: string;
  revision: number;
  values: { title: string; date: string; placement: string };
  errors: Readonly<Record<string, string>>;
  conflict: boolean;
  sections: SectionField[];
  framework: { id: string; title: string } | null;
  frameworks: FrameworkChoice[];
  domains: DomainOptionView[];
  situations: { code: string; title: string; checked: boolean }[];
  otherTags: { competences: TagView[]; situations: TagView[] };
  hasOtherTags: boolean;
  privacy: PrivacyView[];
  draft: DraftView;
}

/** The editor's draft: where it is saved and discarded, what was restored. */
export interface DraftView {
  saveAction: string;
  discardAction: string;
  restored: { notice: string; stale: boolean } | null;
  /** The notice after saving the draft with its button, or after discarding it. */
  flash: string | null;
}

/** The day ("6 déc.") and time ("23:40") of a draft, where the learners are. */
export function draftTime(at: Date, locale: string): { day: string; time: string } {
  const zone = "Europe/Paris";
  return {
    day: dateTimeFormat(locale, { timeZone: zone, day: "numeric", month: "short" }).format(at),
    time: dateTimeFormat(locale, { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(at),
  };
}

function draftView(state: EditorState, ctx: PresentContext): DraftView {
  const { t, locale, base } = ctx;
  const editor = state.trace
    ? `${base}/traces/${state.trace.id}`
    : `${base}/traces/new/${encodeURIComponent(state.type.key)}`;
  const restored = state.restored;
  return {
    saveAction: `${editor}/draft`,
    discardAction: `${editor}/draft/discard`,
    restored: restored
      ? { notice: t("portfolio:drafts.restored", draftTime(restored.savedAt, locale)), stale: restored.stale }
      : null,
    flash:
      state.draftFlash === "saved" || state.draftFlash === "discarded"
        ? t(`portfolio:drafts.${state.draftFlash === "saved" ? "savedNoScript" : "discarded"}`)
        : null,
  };
}

export function presentEditor(state: EditorState, facts: EditorFacts, ctx: PresentContext): EditorPage {
  const { t, locale, base } = ctx;
  const { trace, input, type } = state;
  const { framework } = facts;
  const tagSource = input
    ? {
        competences: input.competences.map((tag) => ({ frameworkId: input.frameworkId ?? "", ...tag })),
        situations: input.situations.map((code) => ({ frameworkId: input.frameworkId ?? "", code })),
      }
    : { competences: trace?.competences ?? [], situations: trace?.situations ?? [] };
  // Tags chosen from another framework (another course) are kept; shown read-only.
  const otherTags = trace
    ? tagViews(
        {
          competences: trace.competences.filter((tag) => tag.frameworkId !== framework?.id),
          situations: trace.situations.filter((tag) => tag.frameworkId !== framework?.id),
        },
        facts.tagFrameworks,
        locale,
      )
    : { competences: [], situations: [] };
  return {
    title: trace
      ? t("portfolio:editor.editTitle", { title: trace.title })
      : t("portfolio:editor.newTitle", { type: localize(type.name, locale) }),
    heading: trace ? trace.title : localize(type.name, locale),
    isNew: trace === null,
    action: trace ? `${base}/traces/${trace.id}` : `${base}/traces`,
    cancelHref: trace ? `${base}/traces/${trace.id}` : `${base}/traces/new`,
    typeKey: type.key,
    typeName: localize(type.name, locale),
    typeDescription: localize(type.description, locale),
    revision: state.restored?.baseRevision ?? trace?.revision ?? 0,
    values: {
      title: input?.title ?? trace?.title ?? "",
      date: input?.date ?? trace?.date ?? today(facts.now),
      placement: input?.placement ?? trace?.placement ?? facts.lastPlacement,
    },
    errors: state.errors ?? {},
    conflict: state.conflict ?? false,
    sections: sectionFields(state, ctx),
    framework: framework ? { id: framework.id, title: frameworkLabel(framework, locale) } : null,
    frameworks: frameworkChoices(facts.frameworks, framework, locale),
    domains: framework ? competenceOptions(framework, tagSource, locale, t) : [],
    situations: framework ? situationOptions(framework, tagSource, locale) : [],
    otherTags,
    hasOtherTags: otherTags.competences.length + otherTags.situations.length > 0,
    privacy: trace && !input ? privacyViews(checkTracePrivacy(trace), trace, ctx) : [],
    draft: draftView(state, ctx),
  };
}

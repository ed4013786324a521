// Validation records → view models: state badges with words (never colour alone), waiting times,
// levels in the reader's language, and timelines with who, when, role, channel, evidence and reason.
import type { StoredFramework } from "../domain/frameworks/catalog.js";
import type { CompetenceNode, LocalizedText } from "../domain/frameworks/framework.js";
import {
  findCompetence,
  leafCompetences,
  selfAssessmentLevels,
  walkCompetences,
} from "../domain/frameworks/framework.js";
import { approvalProgress } from "../domain/validation/double-validation.js";
import type { FormativeComment, SelfAssessment } from "../domain/validation/ports.js";
import type { CompetenceRecord, TimelineEntry } from "../domain/validation/records.js";
import { shownState, type ShownState } from "../domain/validation/evidence-progress.js";
import { isOverdue, waitingDays } from "../domain/validation/waiting.js";
import type { SafeHtml } from "../domain/portfolio/markdown.js";
import { descriptionHtml } from "./framework-description.js";
import { stateWording, type Tone } from "../domain/validation/wording.js";
import type { Translate } from "../i18n/i18n.js";
import type { TraceLink } from "./validation-links.js";
import { nameOr } from "./person-name.js";

export type Locale = "fr" | "en";

export function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return (locale === "en" ? text.en : undefined) ?? text.fr;
}

/**
 * A competence's title as shown beside its code: frameworks imported from Moodle often repeat the code
 * in the title ("A1.1" or "A1.1 Maîtriser…"), which printed "A1.1 A1.1". The code is shown once.
 */
export function titleBesideCode(code: string, title: string): string {
  const trimmed = title.trim();
  if (trimmed === code) return "";
  if (trimmed.startsWith(code)) {
    const rest = trimmed.slice(code.length);
    if (/^[\s:\-–—]/.test(rest)) return rest.replace(/^[\s:\-–—]+/, "");
  }
  return trimmed;
}

/** A framework node's title in the locale, without the code it may repeat. */
export function competenceTitle(node: { code: string; title: LocalizedText }, locale: Locale): string {
  return titleBesideCode(node.code, localized(node.title, locale));
}

export interface StateBadge {
  state: ShownState;
  label: string;
  code: string;
  tone: Tone;
}

export function stateBadge(t: Translate, state: ShownState): StateBadge {
  const wording = stateWording(state);
  return { state, label: t(wording.labelKey), code: t(wording.codeKey), tone: wording.tone };
}

export function levelLabel(framework: StoredFramework, code: string | undefined, locale: Locale): string {
  if (!code) return "";
  const level = framework.definition.scale.levels.find((candidate) => candidate.code === code);
  return level ? localized(level.label, locale) : code;
}

/** A self-assessed level in the reader's language: the framework's self-assessment scale, not its validation levels. */
export function selfLevelLabel(framework: StoredFramework, code: string | undefined, locale: Locale): string {
  if (!code) return "";
  const level = selfAssessmentLevels(framework.definition).find((candidate) => candidate.code === code);
  return level ? localized(level.label, locale) : code;
}

/** The choices of a self-assessment: only a level the learner picked (or had picked) is selected. */
export function selfLevelOptions(
  framework: StoredFramework,
  locale: Locale,
  selected: string | undefined,
): LevelOption[] {
  return selfAssessmentLevels(framework.definition).map((level) => ({
    code: level.code,
    label: localized(level.label, locale),
    selected: level.code === selected,
  }));
}

export interface LevelOption {
  code: string;
  label: string;
  selected: boolean;
}

export function levelOptions(
  framework: StoredFramework,
  locale: Locale,
  selected: string | undefined,
  proficientOnly: boolean,
): LevelOption[] {
  const levels = framework.definition.scale.levels.filter((level) => !proficientOnly || level.proficient);
  const chosen =
    selected && levels.some((level) => level.code === selected)
      ? selected
      : proficientOnly
        ? levels[0]?.code
        : undefined;
  return levels.map((level) => ({
    code: level.code,
    label: localized(level.label, locale),
    selected: level.code === chosen,
  }));
}

export interface Waiting {
  days: number;
  text: string;
  overdue: boolean;
}

export function waiting(
  t: Translate,
  since: Date | undefined,
  now: Date,
  reminderAfterDays: number,
): Waiting | null {
  if (!since) return null;
  const days = waitingDays(since, now);
  return {
    days,
    text: days === 0 ? t("validation:waiting.today") : t("validation:waiting.since", { count: days }),
    overdue: isOverdue(since, now, reminderAfterDays),
  };
}

export interface CompetenceInfo {
  code: string;
  title: string;
  /** Sanitized HTML (imported descriptions may be HTML), null when there is none. */
  description: SafeHtml | null;
  domain: string;
}

export function competenceInfo(
  framework: StoredFramework,
  code: string,
  locale: Locale,
): CompetenceInfo | null {
  const located = findCompetence(framework.definition, code);
  if (!located) return null;
  const rootCode = located.path[0];
  const root = rootCode ? framework.definition.competences.find((node) => node.code === rootCode) : undefined;
  return {
    code,
    title: competenceTitle(located.node, locale),
    description: descriptionHtml(located.node.description, located.node.descriptionFormat, locale),
    domain: root ? localized(root.title, locale) : "",
  };
}

export interface DomainGroup<T> {
  code: string;
  title: string;
  items: T[];
}

/** Assessable competences grouped under their top-level domain (a flat framework gives one group). */
export function groupByDomain<T>(
  framework: StoredFramework,
  locale: Locale,
  build: (node: CompetenceNode) => T,
): DomainGroup<T>[] {
  const groups: DomainGroup<T>[] = [];
  for (const { node, path } of leafCompetences(framework.definition)) {
    const rootCode = path[0] ?? "";
    let group = groups.find((candidate) => candidate.code === rootCode);
    if (!group) {
      const root = framework.definition.competences.find((candidate) => candidate.code === rootCode);
      group = {
        code: rootCode,
        title: root ? `${root.code} · ${localized(root.title, locale)}` : "",
        items: [],
      };
      groups.push(group);
    }
    group.items.push(build(node));
  }
  return groups;
}

export function assessableCount(framework: StoredFramework): number {
  return leafCompetences(framework.definition).length;
}

export function competenceTitles(framework: StoredFramework, locale: Locale): Map<string, string> {
  return new Map(
    [...walkCompetences(framework.definition.competences)].map(({ node }) => [
      node.code,
      competenceTitle(node, locale),
    ]),
  );
}

export type { TraceLink } from "./validation-links.js";

export interface TimelineView {
  at: Date;
  action: string;
  who: string;
  role: string;
  channel: string;
  from: StateBadge;
  to: StateBadge;
  changed: boolean;
  level: string;
  comment: string;
  evidenceVersion: number;
  evidence: { justification: string; traces: TraceLink[] } | null;
  approvals: string | null;
  externalName: string;
  /** "validé par observation en stage par Dr X, maître de stage, via invitation" */
  provenance: string;
  scanHref: string;
  decision: boolean;
}

const DECISIONS = new Set([
  "validate",
  "ask_more_evidence",
  "withdraw",
  "observe",
  "accept_proposal",
  "record_paper",
]);

export function timelineView(
  t: Translate,
  locale: Locale,
  framework: StoredFramework,
  entries: readonly TimelineEntry[],
  names: ReadonlyMap<string, string>,
  traceLink: (id: string, revision: number) => TraceLink,
  scanHref: (scanId: string) => string,
): TimelineView[] {
  return [...entries]
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
    .map((entry) => ({
      at: entry.at,
      action: t(`validation:actions.${entry.action}`),
      // A supervisor acting through an invitation has no Carnet account: the name they were invited by.
      who: entry.invitationId && entry.externalName ? entry.externalName : nameOr(names, entry.actorId, t),
      role: t(`validation:roles.${entry.actorRole}`),
      channel: t(`validation:channels.${entry.channel}`),
      from: stateBadge(t, entry.from),
      to: stateBadge(t, entry.to),
      changed: entry.from !== entry.to,
      level:
        entry.action === "self_assess"
          ? selfLevelLabel(framework, entry.level, locale)
          : levelLabel(framework, entry.level, locale),
      comment: entry.comment ?? "",
      evidenceVersion: entry.evidenceVersion,
      evidence: entry.evidence
        ? {
            justification: entry.evidence.justification,
            traces: entry.evidence.traceIds.map((id, index) =>
              traceLink(id, entry.evidence?.traceRevisions[index] ?? 0),
            ),
          }
        : null,
      approvals:
        entry.approvals !== undefined && entry.required !== undefined && entry.required > 1
          ? `${entry.approvals}/${entry.required}`
          : null,
      externalName: entry.externalName ?? "",
      provenance: entry.invitationId
        ? t("validation:timeline.invitedObservation", { name: entry.externalName ?? "" })
        : "",
      scanHref: entry.scanId ? scanHref(entry.scanId) : "",
      decision: DECISIONS.has(entry.action),
    }));
}

export function selfAssessmentView(
  locale: Locale,
  framework: StoredFramework,
  history: readonly SelfAssessment[],
  traceLink: (id: string, revision: number) => TraceLink,
): { at: Date; level: string; justification: string; traces: TraceLink[]; current: boolean }[] {
  return history.map((entry, index) => ({
    at: entry.createdAt,
    level: selfLevelLabel(framework, entry.level, locale),
    justification: entry.justification,
    traces: entry.traceIds.map((id, i) => traceLink(id, entry.traceRevisions[i] ?? 0)),
    current: index === 0,
  }));
}

export function commentView(
  t: Translate,
  comments: readonly FormativeComment[],
  names: ReadonlyMap<string, string>,
): { at: Date; who: string; role: string; body: string }[] {
  return comments.map((comment) => ({
    at: comment.createdAt,
    who: nameOr(names, comment.authorId, t),
    role: t(`validation:roles.${comment.authorRole}`),
    body: comment.body,
  }));
}

/**
 * The record's state for a summary line: badge, level, waiting, "1/2", and the traces tagged with the
 * competence (`tagged`: how many; a competence with tagged traces no longer reads "not started").
 */
export function recordSummary(
  t: Translate,
  locale: Locale,
  framework: StoredFramework,
  record: Pick<CompetenceRecord, "state" | "level" | "selfLevel" | "approvals" | "waitingSince"> | undefined,
  now: Date,
  rules: { validationsRequired: number; reminderAfterDays: number },
  tagged = 0,
): {
  badge: StateBadge;
  level: string;
  selfLevel: string;
  waiting: Waiting | null;
  approvals: string | null;
  tagged: string;
} {
  const state = record?.state ?? "not_started";
  return {
    badge: stateBadge(t, shownState(state, tagged)),
    tagged: tagged > 0 ? t("validation:competences.tagged", { count: tagged }) : "",
    level: levelLabel(framework, record?.level, locale),
    selfLevel: selfLevelLabel(framework, record?.selfLevel, locale),
    waiting:
      record && (state === "submitted" || state === "resubmitted")
        ? waiting(t, record.waitingSince, now, rules.reminderAfterDays)
        : null,
    approvals:
      record && state !== "validated" && record.approvals.length > 0
        ? approvalProgress(record.approvals, rules.validationsRequired)
        : null,
  };
}

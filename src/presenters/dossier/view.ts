// A dossier in the reader's language: the one view model behind the PDF and the print view, with
// French typography applied to every text and labels for states, channels and levels.
import type {
  DossierCompetence,
  DossierContent,
  DossierTrace,
  SessionAttendance,
} from "../../domain/dossier/dossier.js";
import { SYNTHESIS_FIELDS } from "../../domain/dossier/synthesis.js";
import { typographyFor } from "../../domain/dossier/typography.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { dateTimeFormat } from "../../i18n/format.js";
import { localized } from "../validation.js";
import { markdownParagraphs } from "./plain-text.js";

export interface CompetenceLine {
  code: string;
  title: string;
  state: string;
  stateCode: string;
  level: string;
  date: string;
  validators: string;
}

export interface TraceBlock {
  anchor: string;
  title: string;
  meta: string;
  sections: { title: string; paragraphs: string[] }[];
  competences: string;
  attachments: { filename: string; size: string }[];
}

export interface AttendanceLine {
  date: string;
  kind: string;
  title: string;
  mark: string;
  markCode: SessionAttendance["mark"];
}

export interface DossierView {
  title: string;
  learnerName: string;
  programme: string;
  /** "Name — Programme": the line on top of every page. */
  running: string;
  framework: string;
  generatedOn: string;
  labels: Record<string, string>;
  domains: { title: string; competences: CompetenceLine[] }[];
  synthesis: { meta: string; parts: { title: string; paragraphs: string[] }[] } | null;
  /** One row per session held or interview completed: date, kind, title, attendance. */
  attendance: AttendanceLine[];
  traces: TraceBlock[];
  attachments: { filename: string; size: string; trace: string }[];
}

const LABEL_KEYS = [
  "toc",
  "competences",
  "synthesis",
  "attendance",
  "traces",
  "attachments",
  "noSynthesis",
  "noAttendance",
  "attendanceKind",
  "attendanceTitle",
  "attendanceMark",
  "noTraces",
  "noAttachments",
  "noFramework",
  "page",
  "state",
  "level",
  "date",
  "validators",
  "tracedCompetences",
  "attachedFiles",
  "inArchive",
  "colon",
] as const;

export function sizeLabel(bytes: number, locale: Locale): string {
  const units = ["o", "Ko", "Mo", "Go"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number}\u00a0${locale === "en" ? ["B", "KB", "MB", "GB"][unit] : units[unit]}`;
}

interface ReaderTools {
  t: Translate;
  locale: Locale;
  typo: (text: string) => string;
  day: Intl.DateTimeFormat;
}

export function presentDossier(content: DossierContent, view: { t: Translate; locale: Locale }): DossierView {
  const { t, locale } = view;
  const typo = typographyFor(locale);
  const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: "Europe/Paris" });
  const tools: ReaderTools = { t, locale, typo, day };
  const traceTitles = new Map(content.traces.map((trace) => [trace.id, trace.title]));
  return {
    title: typo(t("dossier:pdf.title")),
    learnerName: content.learnerName,
    programme: typo(content.programme),
    running: [content.learnerName, content.programme].filter(Boolean).join(" — "),
    framework: content.framework
      ? typo(
          `${localized(content.framework.title, locale)} (${content.framework.key} v${content.framework.version})`,
        )
      : "",
    generatedOn: typo(t("dossier:pdf.generatedOn", { date: day.format(content.generatedAt) })),
    labels: Object.fromEntries(LABEL_KEYS.map((key) => [key, typo(t(`dossier:pdf.${key}`))])),
    domains: domainsOf(content.competences, tools),
    synthesis: content.synthesis ? synthesisOf(content.synthesis, tools) : null,
    attendance: content.attendance.map((row) => attendanceLine(row, tools)),
    traces: content.traces.map((trace) => traceOf(trace, tools)),
    attachments: content.traces.flatMap((trace) =>
      trace.attachments.map((file) => ({
        filename: file.filename,
        size: sizeLabel(file.size, locale),
        trace: typo(traceTitles.get(file.traceId) ?? ""),
      })),
    ),
  };
}

/** The competences grouped under their domain, in the framework's order. */
function domainsOf(competences: readonly DossierCompetence[], tools: ReaderTools): DossierView["domains"] {
  const { t, locale, typo, day } = tools;
  const domains: DossierView["domains"] = [];
  for (const competence of competences) {
    const title = typo(`${competence.domain.code} · ${localized(competence.domain.title, locale)}`);
    let domain = domains.find((candidate) => candidate.title === title);
    if (!domain) domains.push((domain = { title, competences: [] }));
    domain.competences.push({
      code: competence.code,
      title: typo(localized(competence.title, locale)),
      state: typo(t(`validation:states.${competence.state}`)),
      stateCode: competence.state,
      level: competence.level ? typo(localized(competence.level.label, locale)) : "",
      date: competence.validatedAt ? day.format(competence.validatedAt) : "",
      validators: typo(
        competence.validators
          .map((v) => `${v.name || t("validation:someone")} (${t(`validation:channels.${v.channel}`)})`)
          .join(" ; "),
      ),
    });
  }
  return domains;
}

function attendanceLine(row: SessionAttendance, { t, typo, day }: ReaderTools): AttendanceLine {
  const title =
    row.kind === "interview"
      ? t("dossier:pdf.interviewTitle", { number: row.number ?? 1 })
      : [row.title, row.group].filter(Boolean).join(" · ");
  return {
    date: day.format(row.at),
    kind: typo(t(`dossier:pdf.kinds.${row.kind}`)),
    title: typo(title),
    mark: typo(t(`dossier:pdf.marks.${row.mark}`)),
    markCode: row.mark,
  };
}

function synthesisOf(
  synthesis: NonNullable<DossierContent["synthesis"]>,
  { t, typo, day }: ReaderTools,
): NonNullable<DossierView["synthesis"]> {
  return {
    meta: typo(
      t("dossier:pdf.synthesisMeta", {
        author: synthesis.authorName || t("validation:someone"),
        version: synthesis.version,
        date: day.format(synthesis.finalAt ?? synthesis.createdAt),
      }),
    ),
    parts: SYNTHESIS_FIELDS.map((field) => ({
      title: typo(t(`dossier:synthesis.fields.${field}`)),
      paragraphs: synthesis[field]
        .split(/\n\s*\n/)
        .map((p) => typo(p.trim()))
        .filter(Boolean),
    })),
  };
}

function traceOf(trace: DossierTrace, { t, locale, typo }: ReaderTools): TraceBlock {
  return {
    anchor: `trace-${trace.id}`,
    title: typo(trace.title),
    meta: typo(
      [trace.date, trace.placement, t("dossier:pdf.revision", { number: trace.revision })]
        .filter(Boolean)
        .join(" · "),
    ),
    sections: trace.sections.map((section) => ({
      title: typo(localized(section.title, locale)),
      paragraphs: markdownParagraphs(section.body).map(typo),
    })),
    competences: trace.competenceCodes.join(", "),
    attachments: trace.attachments.map((file) => ({
      filename: file.filename,
      size: sizeLabel(file.size, locale),
    })),
  };
}

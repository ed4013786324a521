// The certification record as CSV (through the one CSV writer: formula-safe, Moodle's dialect) and as
// the JSON behind it. Columns are stable codes a scolarité office maps once; labels follow the reader.
import type { CertificationRecord } from "../../domain/dossier/certification.js";
import { writeCsvRow } from "../../domain/frameworks/csv.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { localized } from "../validation.js";

export const CERTIFICATION_COLUMNS = [
  "learner_id",
  "learner_lms_id",
  "learner_name",
  "learner_email",
  "domain",
  "competence_code",
  "competence",
  "state",
  "state_label",
  "level",
  "validated_on",
  "validators",
  "channels",
] as const;

type Column = (typeof CERTIFICATION_COLUMNS)[number];

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

export function certificationJson(
  record: CertificationRecord,
  view: { t: Translate; locale: Locale },
): { framework: CertificationRecord["framework"]; rows: Record<Column, string>[] } {
  const { t, locale } = view;
  return {
    framework: record.framework,
    rows: record.rows.map((row) => ({
      learner_id: row.learner.id,
      learner_lms_id: row.learner.sub,
      learner_name: row.learner.name,
      learner_email: row.learner.email,
      domain: row.domain.code,
      competence_code: row.code,
      competence: localized(row.title, locale),
      state: row.state,
      state_label: t(`validation:states.${row.state}`),
      level: row.level?.code ?? "",
      validated_on: day(row.validatedAt),
      validators: row.validators.map((validator) => validator.name).join(" | "),
      channels: [...new Set(row.validators.map((validator) => validator.channel))].join(" | "),
    })),
  };
}

export function certificationCsv(
  record: CertificationRecord,
  view: { t: Translate; locale: Locale },
): string {
  const { rows } = certificationJson(record, view);
  // A byte-order mark so that spreadsheets open the accents as UTF-8.
  return `\uFEFF${writeCsvRow(CERTIFICATION_COLUMNS)}${rows
    .map((row) => writeCsvRow(CERTIFICATION_COLUMNS.map((column) => row[column])))
    .join("")}`;
}

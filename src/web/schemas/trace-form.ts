// The trace editor's form: what was typed, as a TraceInput to show again, then the rules of a saved trace
// (a title, a real date, bounded texts) whose refusals name the field to correct.
import { z, ZodError } from "zod";
import { PortfolioError, type PortfolioErrorCode } from "../../domain/portfolio/errors.js";
import { SECTION_PROGRESS } from "../../domain/portfolio/types.js";
import type { TraceInput } from "../../domain/portfolio/writing.js";
import { ValidationError } from "../../errors.js";
import { inputErrorOf } from "../form-problem.js";
import { allOf, firstOf, MAX_PLACEMENT, MAX_TITLE } from "./portfolio.js";

export type Fields = Readonly<Record<string, string | string[] | undefined>>;

const ProgressSchema = z.enum(SECTION_PROGRESS).catch("empty");

/**
 * The editor's fields as typed: title, date, placement; per section `body_<key>` and `progress_<key>`;
 * tags from one framework (`frameworkId`, checkboxes `competence` with `level:<code>`, `situation`).
 */
export function traceInputOf(fields: Fields, sectionKeys: readonly string[]): TraceInput {
  const frameworkId = firstOf(fields.frameworkId).trim();
  return {
    title: firstOf(fields.title),
    date: firstOf(fields.date),
    placement: firstOf(fields.placement),
    sections: sectionKeys.map((key) => ({
      key,
      body: firstOf(fields[`body_${key}`]),
      progress: ProgressSchema.parse(firstOf(fields[`progress_${key}`])),
    })),
    frameworkId: frameworkId === "" ? null : frameworkId,
    competences: allOf(fields.competence).map((code) => {
      const level = firstOf(fields[`level:${code}`]).trim();
      return { code, level: level === "" ? null : level };
    }),
    situations: allOf(fields.situation),
  };
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const TraceHeaderSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "INVALID_DATE")
    .refine(isRealDate, "INVALID_DATE"),
  placement: z.string().trim().max(MAX_PLACEMENT),
});

/** The input as it will be saved (trimmed), or a ValidationError naming each field to correct. */
export function checkedTraceInput(input: TraceInput): TraceInput {
  const header = TraceHeaderSchema.safeParse(input);
  if (!header.success) {
    const issues = header.error.issues.map((issue) => ({ ...issue, path: ["body", ...issue.path] }));
    throw inputErrorOf(new ZodError(issues));
  }
  return { ...input, ...header.data };
}

/** Whether the editor was sent to show another framework's boxes rather than to save. */
export function isReframe(fields: Fields): boolean {
  return firstOf(fields.intent) === "reframe";
}

/** What was typed in the editor for these sections (a trace's, or its type's for a new one). */
export function typedIn(fields: Fields, sections: readonly { key: string }[]): TraceInput {
  return traceInputOf(
    fields,
    sections.map((section) => section.key),
  );
}

/** The revision the editor was opened on (-1 when missing: any save then looks stale). */
export function expectedRevision(fields: Fields): number {
  const number = Number.parseInt(firstOf(fields.revision), 10);
  return Number.isFinite(number) ? number : -1;
}

/**
 * A domain refusal about one field (a tag that does not exist, a link refused): shown next to that
 * field, the form re-rendered with what was typed.
 */
export async function onField<T>(
  work: Promise<T>,
  field: string,
  codes: readonly PortfolioErrorCode[],
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PortfolioError && codes.includes(error.code))
      throw new ValidationError("VALIDATION_FAILED", error.params, { [field]: error.code });
    throw error;
  }
}

// Input of the portfolio's pages and forms: path parameters with their patterns (malformed → 404),
// queries that never refuse a page, and bounded form fields (bad → 400 with the form shown again).
import { z, ZodError, type ZodIssue } from "zod";
import { isWebUrl } from "../../domain/portfolio/trace-files.js";
import {
  CustomTraceTypeSchema,
  MAX_CUSTOM_SECTIONS,
  TRACE_TYPE_KEY_PATTERN,
  type CustomTraceTypeInput,
} from "../../domain/portfolio/trace-types.js";
import { inputErrorOf } from "../form-problem.js";
import { DECISION_OUTCOMES, TRACE_STATUSES, type CourseRef } from "../../domain/portfolio/types.js";

export const MAX_TITLE = 200;
export const MAX_PLACEMENT = 120;
export const MAX_SECTION = 50_000;
export const MAX_COMMENT = 10_000;
export const MAX_REASON = 5_000;

export const TRACE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Course checkboxes carry "<deploymentId>~<contextId>", each part URI-encoded (the presenter's encodeCourse). */
export function decodeCourse(value: string): CourseRef | null {
  const [deployment, context, ...rest] = value.split("~");
  if (!deployment || !context || rest.length > 0) return null;
  try {
    return { deploymentId: decodeURIComponent(deployment), contextId: decodeURIComponent(context) };
  } catch {
    return null;
  }
}

/** A query value that never refuses a page: a malformed one is ignored. */
const lenient = (max: number): z.ZodType<string | undefined, z.ZodTypeDef, unknown> =>
  z.string().max(max).optional().catch(undefined);

/** Outcome notices after a redirect (Post/Redirect/Get): codes the presenter looks up, never text. */
const FlashQuery = z.object({ done: lenient(40), error: lenient(40) });

type FieldValue = string | string[] | undefined;
/** Checkboxes of one name (competences, situations, courses): more than any form offers. */
const MAX_REPEATED = 500;

/** One value of a field that may be repeated (checkboxes): the first string, else "". */
export function firstOf(value: FieldValue): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Every value of a repeated field. */
export function allOf(value: FieldValue): string[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A form field as browsers send it, a string or (repeated) strings, each bounded. */
const field = (max: number): z.ZodType<string | string[] | undefined, z.ZodTypeDef, unknown> =>
  z
    .union([
      z.string().max(max, "TOO_LONG"),
      z.array(z.string().max(max, "TOO_LONG")).max(MAX_REPEATED, "TOO_LONG"),
    ])
    .optional();

export const TraceTypesPageInput = z.object({ query: FlashQuery });

/** The admin form: names, descriptions, and per slot `section_<n>_titleFr|titleEn|guidanceFr|guidanceEn`. */
export const AddTraceTypeInput = z.object({ body: z.record(field(2000)) });

export const ArchiveTraceTypeInput = z.object({
  params: z.object({ key: z.string().max(80).regex(TRACE_TYPE_KEY_PATTERN) }),
  body: z.object({ archived: z.enum(["0", "1"]).catch("1") }),
});

/**
 * The admin form as a type to add: filled slots become sections (empty ones are ignored); a refusal
 * names the form's own fields (`nameFr`, `section_2_titleFr`…).
 */
export function customTraceTypeOf(fields: Readonly<Record<string, FieldValue>>): CustomTraceTypeInput {
  const text = (name: string): string => firstOf(fields[name]);
  const slots: { index: number; section: Record<string, string> }[] = [];
  for (let index = 0; index < MAX_CUSTOM_SECTIONS; index += 1) {
    const section = Object.fromEntries(
      ["titleFr", "titleEn", "guidanceFr", "guidanceEn"].map((name) => [
        name,
        text(`section_${index}_${name}`),
      ]),
    );
    if (Object.values(section).some((value) => value.trim() !== "")) slots.push({ index, section });
  }
  const parsed = CustomTraceTypeSchema.safeParse({
    nameFr: text("nameFr"),
    nameEn: text("nameEn"),
    descriptionFr: text("descriptionFr"),
    descriptionEn: text("descriptionEn"),
    sections: slots.map((slot) => slot.section),
  });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue): ZodIssue => {
    const [first, position, name] = issue.path;
    if (first !== "sections") return { ...issue, path: ["body", String(first)] };
    const slot = typeof position === "number" ? slots[position] : undefined;
    // No section at all: the first title is the one to fill.
    if (!slot) return { ...issue, path: ["body", "section_0_titleFr"], message: "REQUIRED" };
    return { ...issue, path: ["body", `section_${slot.index}_${String(name)}`] };
  });
  throw inputErrorOf(new ZodError(issues));
}

export const FrameworkViewInput = z.object({ query: z.object({ framework: lenient(200) }) });

export const LearnerTracesInput = z.object({
  params: z.object({ userId: z.string().min(1).max(200) }),
});

export const TraceListInput = z.object({
  query: FlashQuery.extend({
    status: z.enum(TRACE_STATUSES).optional().catch(undefined),
    type: lenient(80),
    // A page out of range (or not a number) shows the nearest page rather than an error.
    page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  }),
});

const TraceParams = z.object({ traceId: z.string().regex(TRACE_ID_PATTERN) });

const TypeParams = z.object({ typeKey: z.string().max(80).regex(TRACE_TYPE_KEY_PATTERN) });
/** `draft=saved` after the draft button (no script). */
const EditorQuery = z.object({ framework: lenient(200), draft: lenient(20) });

export const NewTraceInput = z.object({ params: TypeParams, query: EditorQuery });

export const EditTraceInput = z.object({ params: TraceParams, query: EditorQuery });

/**
 * The editor's fields: `typeKey`, `title`, `date`, `placement`, `revision`, `intent`, `framework`,
 * `frameworkId`; per section `body_<key>` and `progress_<key>`; checkboxes `competence` (with
 * `level:<code>`) and `situation`. Every field is bounded here; the rules of a saved trace are checked
 * when it is saved (src/web/schemas/trace-form.ts), so a framework can be switched with the title empty.
 */
const TraceFormBody = z.record(field(MAX_SECTION));

export const CreateTraceInput = z.object({ body: TraceFormBody });
export const SaveTraceInput = z.object({ params: TraceParams, body: TraceFormBody });

/** A draft of the editor's form: the same fields, sent by the editor's script or its draft button. */
export const NewDraftInput = z.object({ params: TypeParams, body: TraceFormBody });
export const TraceDraftInput = z.object({ params: TraceParams, body: TraceFormBody });
export const DiscardNewDraftInput = z.object({ params: TypeParams });
export const DiscardTraceDraftInput = z.object({ params: TraceParams });

export const TracePageInput = z.object({ params: TraceParams, query: FlashQuery });

export const RevisionInput = z.object({
  params: TraceParams.extend({
    number: z
      .string()
      .regex(/^[1-9]\d{0,6}$/)
      .transform(Number),
  }),
});

export const CompareInput = z.object({
  params: TraceParams,
  query: z.object({
    from: z.coerce.number().int().min(1).max(10_000_000),
    to: z.coerce.number().int().min(1).max(10_000_000),
  }),
});

export const CommentInput = z.object({
  params: TraceParams,
  body: z.object({ body: z.string().trim().min(1).max(MAX_COMMENT) }),
});

export const DecisionInput = z.object({
  params: TraceParams,
  body: z.object({
    outcome: z.enum(DECISION_OUTCOMES),
    reason: z.string().trim().min(1).max(MAX_REASON),
  }),
});

export const LinkInput = z.object({
  params: TraceParams,
  body: z.object({
    url: z.string().trim().min(1).max(2000).refine(isWebUrl, "TRACE_LINK_INVALID"),
    label: z.string().trim().max(200).default(""),
  }),
});

export const LinkDeleteInput = z.object({
  params: TraceParams.extend({
    index: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number),
  }),
});

export const AttachInput = z.object({ params: TraceParams });

/** Attached files are stored under GridFS ids. */
export const FileInput = z.object({
  params: TraceParams.extend({ fileId: z.string().regex(/^[0-9a-f]{24}$/i) }),
});

// Input of the learner's validation pages and the trainers' competence and file pages: path parameters,
// the few query flags, and every form's fields bounded and typed (repeated fields as lists).
import { z } from "zod";
import { MAX_COMMENT_LENGTH } from "../../domain/validation/service.js";
import {
  CONTACT_CHANNELS,
  MAX_CONTACT_NOTE_LENGTH,
  MAX_NOTE_LENGTH,
} from "../../domain/validation/tutor-file.js";
import type { RequestFormValues, TypedItem } from "../../presenters/request-form.js";
import { RECORD_ID } from "./validation-queue.js";

const MAX_CODE = 200;
const MAX_LEVEL = 100;
const MAX_NAME = 200;
const MAX_REV = 1_000_000;
const MAX_LIST = 500;

type FieldValue = unknown;

function last(value: FieldValue): unknown {
  return Array.isArray(value) ? (value.at(-1) ?? "") : (value ?? "");
}

function listOf(value: FieldValue): unknown {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** One text field, trimmed (the last value when a field is repeated). */
export function textField(max: number): z.ZodType<string, z.ZodTypeDef, unknown> {
  return z.preprocess(last, z.string().trim().max(max));
}

/** A repeated field (checkboxes): its non-empty values. */
export const listField = z
  .preprocess(listOf, z.array(z.string().trim().max(MAX_CODE)).max(MAX_LIST))
  .transform((values) => values.filter((value) => value !== ""));

/** The record's revision the page showed, to refuse a decision made on a stale page. */
const revField = z
  .preprocess(
    last,
    z
      .string()
      .trim()
      .regex(/^\d{0,7}$/, "OUT_OF_RANGE"),
  )
  .transform((value) => (value === "" ? undefined : Number(value)))
  .refine((value) => value === undefined || value <= MAX_REV, "OUT_OF_RANGE");

/** One of the values the form offers; the fallback when the field was left out or empty. */
function choiceField<const T extends string>(
  values: readonly [T, ...T[]],
  fallback?: T,
): z.ZodType<T, z.ZodTypeDef, unknown> {
  return z.preprocess(
    (value) => {
      const text = last(value);
      return text === "" && fallback !== undefined ? fallback : text;
    },
    z.enum(values, { errorMap: () => ({ message: "INVALID_CHOICE" }) }),
  );
}

const competenceParams = {
  frameworkId: RECORD_ID,
  code: z.string().min(1).max(MAX_CODE),
};

export const OwnCompetencesInput = z.object({
  query: z.object({
    sent: z.coerce.number().int().min(0).max(1000).catch(0).optional(),
    conflicts: z.coerce.number().int().min(0).max(1000).catch(0).optional(),
  }),
});

/**
 * The request form's page: the competences chosen (`code`, repeated; from step 1 or a competence's page)
 * and the step to show — "pick" to change the choice, "evidence" when the learner pressed "Continue".
 */
export const NewRequestInput = z.object({
  query: z.object({
    code: listField,
    step: z.enum(["pick", "evidence"]).optional().catch(undefined),
  }),
});

const DONE = ["self-assessment", "resubmit", "proposal", "comments", "actions", "paper"] as const;
/** A competence page's query: what was just done there (an unknown value is ignored). */
export const CompetencePageQuery = z.object({ done: z.enum(DONE).optional().catch(undefined) });

/** /competences/:frameworkId/:code — the learner's own competence. */
export const OwnCompetenceParams = z.object(competenceParams);
/** /learners/:userId/competences/:frameworkId/:code — a learner's competence for their trainers. */
export const LearnerCompetenceParams = z.object({ userId: RECORD_ID, ...competenceParams });

const comment = textField(MAX_COMMENT_LENGTH);

export const SelfAssessmentForm = z.object({
  rev: revField,
  level: textField(MAX_LEVEL),
  comment,
  traceIds: listField,
});

export const ResubmitForm = z.object({
  rev: revField,
  channel: choiceField(["online", "prior_practice"], "online"),
  comment,
  traceIds: listField,
});

export const ProposalAnswerForm = z.object({
  rev: revField,
  answer: choiceField(["accept", "decline"]),
  comment,
});

export const CommentForm = z.object({ comment });

export const TRAINER_ACTIONS = ["validate", "ask_more_evidence", "observe", "propose", "withdraw"] as const;

export const TrainerActionForm = z.object({
  action: choiceField(TRAINER_ACTIONS),
  rev: revField,
  level: textField(MAX_LEVEL),
  comment,
  traceIds: listField,
});

export const PaperForm = z.object({
  rev: revField,
  level: textField(MAX_LEVEL),
  comment,
  externalName: textField(MAX_NAME),
});

export const LearnerFileInput = z.object({
  params: z.object({ userId: RECORD_ID }),
  query: z.object({ done: z.enum(["note", "contact"]).optional().catch(undefined) }),
});

export const NoteForm = z.object({ note: textField(MAX_NOTE_LENGTH) });

export const ContactForm = z.object({
  date: z.preprocess(
    last,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "INVALID_DATE")
      .refine(isRealDay, "INVALID_DATE"),
  ),
  channel: choiceField(CONTACT_CHANNELS),
  contactNote: textField(MAX_CONTACT_NOTE_LENGTH),
});

export const ScanInput = z.object({ params: z.object({ scanId: z.string().regex(/^[a-f0-9]{24}$/) }) });

function isRealDay(value: string): boolean {
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** One competence's part of the request form as sent (its index in the form, the code it showed). */
export interface SheetItem {
  index: number;
  code: string;
  picked: boolean;
  level?: string;
  justification: string;
  traceIds: string[];
}

/**
 * The request form as sent: every competence's part (ticked or not), the justification shared by the
 * items that have none of their own, the validators, the basis.
 */
export interface RequestSheet {
  items: SheetItem[];
  justification: string;
  validatorIds: string[];
  basis: "traces" | "prior_practice";
}

type Problem = (field: string, code: string) => void;

/** Reads the form's fields, reporting each field out of bounds (or, re-rendering, reporting nothing). */
export function requestSheetOf(
  body: Readonly<Record<string, unknown>>,
  problem: Problem = () => undefined,
): RequestSheet {
  const text = (field: string, max: number): string => {
    const value = last(body[field]);
    const typed = typeof value === "string" ? value.trim() : "";
    if (typed.length > max) problem(field, "TOO_LONG");
    return typed;
  };
  const values = (field: string): string[] => {
    const all = listOf(body[field]);
    return Array.isArray(all)
      ? all
          .filter((v): v is string => typeof v === "string")
          .map((v) => v.trim())
          .filter(Boolean)
      : [];
  };
  const picked = new Set(values("pick"));
  // Each open competence sends its code: what was typed for it is kept, ticked or not.
  const indexes = Object.keys(body)
    .flatMap((name) => /^code_(\d{1,4})$/.exec(name)?.[1] ?? [])
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, MAX_LIST);
  const items = indexes.map((index) => {
    const level = text(`level_${index}`, MAX_LEVEL);
    return {
      index,
      code: text(`code_${index}`, MAX_CODE),
      picked: picked.has(String(index)),
      justification: text(`justification_${index}`, MAX_COMMENT_LENGTH),
      traceIds: values(`traces_${index}`).slice(0, MAX_LIST),
      ...(level ? { level } : {}),
    };
  });
  const basis = text("basis", 20) || "traces";
  if (basis !== "traces" && basis !== "prior_practice") problem("basis", "INVALID_CHOICE");
  return {
    items,
    justification: text("justification", MAX_COMMENT_LENGTH),
    validatorIds: values("validators").slice(0, MAX_LIST),
    basis: basis === "prior_practice" ? "prior_practice" : "traces",
  };
}

export const RequestForm = z
  .record(z.unknown())
  .transform((body, ctx) =>
    requestSheetOf(body, (field, code) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: code }),
    ),
  );

/**
 * What was typed for the competences that are still where the form showed them, and which of them are
 * ticked (a stale form, sent after the framework changed, ticks nothing else).
 */
export function requestValues(sheet: RequestSheet, leaves: readonly string[]): RequestFormValues {
  const items = new Map<string, TypedItem>();
  const picked: string[] = [];
  for (const item of sheet.items) {
    if (leaves[item.index] !== item.code || items.has(item.code)) continue;
    items.set(item.code, {
      justification: item.justification,
      traceIds: item.traceIds,
      ...(item.level ? { level: item.level } : {}),
    });
    if (item.picked) picked.push(item.code);
  }
  return {
    picked,
    items,
    justification: sheet.justification,
    validatorIds: sheet.validatorIds,
    basis: sheet.basis,
  };
}

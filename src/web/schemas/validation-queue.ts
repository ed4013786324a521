// Input of the validators' pages: the queue's view (all or mine, page), a request's id, and the
// decision form (per item `code_<i>`, `rev_<i>`, `decision_<i>`, `comment_<i>`, `level_<i>`; the bulk
// part `selected`, `bulkComment`, `bulkLevel`; `intent` save or bulk) parsed into a DecisionSheet.
import { z } from "zod";
import { DECISIONS, type DecisionSheet, type TypedDecision } from "../../domain/validation/request-review.js";
import { MAX_COMMENT_LENGTH, MAX_ITEMS_PER_REQUEST, type Decision } from "../../domain/validation/service.js";

/** Ids Carnet generates (UUIDs) and those of older or imported data: short, no separators to abuse. */
export const RECORD_ID = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

const MAX_CODE = 200;
const MAX_LEVEL = 100;
const MAX_REV = 1_000_000;

export const QueueInput = z.object({
  query: z.object({
    show: z.string().optional(),
    // A page number out of range (or not one) shows the nearest page rather than an error.
    page: z.coerce.number().int().catch(1).optional(),
  }),
});

export const RequestPageInput = z.object({
  params: z.object({ id: RECORD_ID }),
  query: z.object({ decided: z.coerce.number().int().min(0).max(MAX_ITEMS_PER_REQUEST).catch(0).optional() }),
});

type FieldValue = string | string[] | undefined;
const FormFields = z.record(z.union([z.string(), z.array(z.string())]));

function last(value: FieldValue): string {
  return (Array.isArray(value) ? (value.at(-1) ?? "") : (value ?? "")).trim();
}

function all(value: FieldValue): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => v.trim());
}

/** The form's fields, each checked, into the typed sheet; problems name the field to correct. */
const DecisionSheetSchema = FormFields.transform((body, ctx): DecisionSheet => {
  const problem = (field: string, message: string): void => {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  };
  const text = (field: string, max: number): string => {
    const value = last(body[field]);
    if (value.length > max) problem(field, "TOO_LONG");
    return value;
  };
  const items = new Map<number, TypedDecision>();
  for (let index = 0; index < MAX_ITEMS_PER_REQUEST; index += 1) {
    const code = text(`code_${index}`, MAX_CODE);
    if (code === "") continue;
    const decision = text(`decision_${index}`, 40) || "none";
    const chosen = DECISIONS.find((candidate) => candidate === decision);
    if (!chosen) problem(`decision_${index}`, "INVALID_CHOICE");
    const revText = text(`rev_${index}`, 10);
    const rev = revText === "" ? -1 : Number(revText);
    if (!Number.isInteger(rev) || rev < -1 || rev > MAX_REV) problem(`rev_${index}`, "OUT_OF_RANGE");
    const level = text(`level_${index}`, MAX_LEVEL);
    items.set(index, {
      code,
      decision: chosen ?? ("none" satisfies Decision),
      comment: text(`comment_${index}`, MAX_COMMENT_LENGTH),
      rev,
      ...(level ? { level } : {}),
    });
  }
  const selected = new Set(
    all(body.selected)
      .filter((value) => /^\d{1,3}$/.test(value))
      .map(Number),
  );
  const bulkLevel = text("bulkLevel", MAX_LEVEL);
  // Both submit buttons name their intent: a form without one was not sent by the page.
  const intent = text("intent", 20);
  if (intent !== "save" && intent !== "bulk")
    problem("intent", intent === "" ? "REQUIRED" : "INVALID_CHOICE");
  return {
    bulk: intent === "bulk",
    selected,
    bulkComment: text("bulkComment", MAX_COMMENT_LENGTH),
    ...(bulkLevel ? { bulkLevel } : {}),
    items,
  };
});

export const DecisionInput = z.object({
  params: z.object({ id: RECORD_ID }),
  body: DecisionSheetSchema,
});

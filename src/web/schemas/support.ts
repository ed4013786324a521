// The support space's inputs: ids in paths, bounded texts in forms (the domain checks choices and dates).
import { z } from "zod";
import { listOf } from "./ids.js";
import { SUPPORT_LIMITS } from "../../domain/support/vocabulary.js";

const Id = z.string().regex(/^[\w:.-]{1,128}$/);

function text(max: number): z.ZodDefault<z.ZodString> {
  return z.string({ invalid_type_error: "REQUIRED" }).max(max, "TOO_LONG").default("");
}

function choice(): z.ZodDefault<z.ZodString> {
  return z.string({ invalid_type_error: "INVALID_CHOICE" }).max(64, "INVALID_CHOICE").default("");
}

export const CaseParams = z.object({ params: z.object({ caseId: Id }) });
export const LearnerParams = z.object({ params: z.object({ learnerId: Id }) });
/** The learner's page, after a concern was recorded (?recorded=1). */
export const LearnerPage = LearnerParams.extend({
  query: z.object({ recorded: z.string().max(5).optional() }),
});

/** A person chosen from the form's list (support persons, members). */
const personChoice = z
  .string({ invalid_type_error: "REQUIRED" })
  .max(128, "INVALID_CHOICE")
  .min(1, "REQUIRED");

export const SupportRequestForm = z.object({
  body: z.object({
    personId: personChoice,
    message: text(SUPPORT_LIMITS.noteText),
  }),
});

export const ConcernForm = LearnerParams.extend({
  body: z.object({ category: choice(), note: text(SUPPORT_LIMITS.signalNote) }),
});

export const OpenCaseForm = LearnerParams.extend({
  body: z.object({
    signalIds: listOf(Id, 200),
    note: text(SUPPORT_LIMITS.noteText),
  }),
});

export const NoteForm = CaseParams.extend({
  body: z.object({
    step: choice(),
    text: text(SUPPORT_LIMITS.noteText),
    involved: text(SUPPORT_LIMITS.involved),
    agreedActions: text(SUPPORT_LIMITS.agreedActions),
    reviewOn: z.string({ invalid_type_error: "INVALID_DATE" }).max(10, "INVALID_DATE").default(""),
    audience: z.string().max(16).default("case"),
  }),
});

export const StepForm = CaseParams.extend({ body: z.object({ step: choice() }) });

export const MemberForm = CaseParams.extend({
  body: z.object({
    personId: personChoice,
  }),
});

export const EscalationForm = CaseParams.extend({
  body: z.object({
    level: choice(),
    name: text(SUPPORT_LIMITS.secondLevelName),
    contact: text(SUPPORT_LIMITS.secondLevelContact),
  }),
});

export const ClosureForm = CaseParams.extend({
  body: z.object({ outcome: choice(), note: text(SUPPORT_LIMITS.outcomeNote) }),
});

export const SupportPersonsForm = z.object({
  body: z.object({
    personIds: listOf(Id, 300),
  }),
});

export const SavedQuery = z.object({ query: z.object({ saved: z.string().max(5).optional() }) });

// The dossier's forms: the traces a learner chooses, the tutor's synthesis.
import { z } from "zod";
import { listOf } from "./ids.js";
import { MAX_DOSSIER_TRACES } from "../../domain/dossier/assemble.js";
import { MAX_SYNTHESIS_FIELD_LENGTH } from "../../domain/dossier/synthesis.js";

export const ID = z.string().regex(/^[\w-]{1,64}$/);

/** One checkbox or several: always a list. */
const idList = listOf(ID, MAX_DOSSIER_TRACES);

export const ChooseTracesForm = z.object({ body: z.object({ traces: idList }) });

const synthesisText = z.string().max(MAX_SYNTHESIS_FIELD_LENGTH, { message: "TOO_LONG" });

/** The version a form was built on: a number sent as text ("0" before the first version). */
const versionNumber = z
  .string()
  .regex(/^\d{1,6}$/, { message: "VERSION_INVALID" })
  .transform(Number);

export const SynthesisForm = z.object({
  params: z.object({ learnerId: ID }),
  body: z.object({
    progress: synthesisText,
    reflexivity: synthesisText,
    competences: synthesisText,
    recommendations: synthesisText,
    basedOn: versionNumber,
  }),
});

/** Share or finalise: the version the tutor's page showed (a newer one makes it a 409). */
export const SynthesisStepForm = z.object({
  params: z.object({ learnerId: ID }),
  body: z.object({ version: versionNumber }),
});

export const SynthesisPageQuery = z.object({
  params: z.object({ learnerId: ID }),
  query: z.object({ done: z.enum(["saved", "shared", "final"]).optional() }),
});

export const SynthesisVersionParams = z.object({
  params: z.object({
    learnerId: ID,
    version: z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number),
  }),
});

export const LearnerParams = z.object({ params: z.object({ learnerId: ID }) });

export const SavedQuery = z.object({ query: z.object({ saved: z.string().max(2).optional() }) });

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "DATE_INVALID" });
const MEMBER_LINE = /^(.{1,120}?)[\s,;<]+([^\s<>,;@]{1,64}@[^\s<>,;@]{1,190}\.[^\s<>,;@]{1,30})>?$/;

/** "Dr Anne Martin <anne.martin@example.org>" or "Anne Martin, anne@example.org", one per line. */
const memberLines = z
  .string()
  .max(8000, { message: "TOO_LONG" })
  .transform((text, ctx) => {
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const members: { name: string; email: string }[] = [];
    for (const line of lines) {
      const match = MEMBER_LINE.exec(line);
      const name = match?.[1]
        ?.trim()
        .replace(/[,;<]+$/, "")
        .trim();
      if (!match?.[2] || !name) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "MEMBER_LINE" });
        return z.NEVER;
      }
      members.push({ name, email: match[2].toLowerCase() });
    }
    if (members.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "MEMBERS_REQUIRED" });
    if (members.length > 20) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "TOO_MANY" });
    return members;
  });

export const JuryForm = z.object({
  body: z.object({
    title: z.string().trim().min(1, { message: "REQUIRED" }).max(200, { message: "TOO_LONG" }),
    members: memberLines,
    learners: listOf(ID, 300),
    validFrom: DAY,
    validUntil: DAY,
  }),
});

export const JuryParams = z.object({ params: z.object({ juryId: z.string().uuid() }) });
export const JuryLinkParams = z.object({
  params: z.object({ juryId: z.string().uuid(), linkId: z.string().uuid() }),
});

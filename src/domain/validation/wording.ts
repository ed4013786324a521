// How states are said and shown: a label key, a short code for dense tables, and a badge tone (always
// with text, never colour alone). A negative outcome is "not validated yet / to complete", never "refused".
import type { ShownState } from "./evidence-progress.js";

export type Tone = "ok" | "wait" | "todo" | "info" | "muted";

export interface StateWording {
  /** validation:states.<state> — full label. */
  labelKey: string;
  /** validation:codes.<state> — two or three letters for the cohort matrix. */
  codeKey: string;
  tone: Tone;
}

const TONES: Record<ShownState, Tone> = {
  not_started: "muted",
  in_progress: "info",
  self_assessed: "info",
  submitted: "wait",
  more_evidence: "todo",
  resubmitted: "wait",
  validated: "ok",
  withdrawn: "todo",
};

export function stateWording(state: ShownState): StateWording {
  return { labelKey: `validation:states.${state}`, codeKey: `validation:codes.${state}`, tone: TONES[state] };
}

/** The words a negative outcome may never use, in both catalogs (checked by the unit tests). */
export const FORBIDDEN_NEGATIVE_WORDS = [/refus/i, /rejet/i, /reject/i, /\bfail/i, /échec/i];

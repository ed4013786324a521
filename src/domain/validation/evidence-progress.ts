// What the learner's traces and their trainers' requests say about each competence, computed at read
// time from the traces' tags and the records' timelines: which traces are tagged with a competence
// (so it reads "in progress", not "not started"), and what a formateur asked to complete, why, since when.
import type { TraceSummary } from "./ports.js";
import type { CompetenceRecord } from "./records.js";
import type { CompetenceState } from "./states.js";

/** The learner's traces tagged with this competence of this framework version, in the given order. */
export function tracesTaggedWith(
  traces: readonly TraceSummary[],
  frameworkId: string,
  code: string,
): TraceSummary[] {
  return traces.filter((trace) =>
    (trace.competences ?? []).some((tag) => tag.frameworkId === frameworkId && tag.code === code),
  );
}

/** How many of the learner's traces are tagged with each competence of the framework version. */
export function taggedCounts(traces: readonly TraceSummary[], frameworkId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const trace of traces) {
    // A trace tagged twice with one competence (two levels claimed) still counts once.
    const codes = new Set(
      (trace.competences ?? []).filter((tag) => tag.frameworkId === frameworkId).map((tag) => tag.code),
    );
    for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/**
 * The state as the learner reads it: the state machine's, except that a competence nobody has acted on
 * yet but with tagged traces is "in progress" — work has started, even if no one was asked yet.
 */
export type ShownState = CompetenceState | "in_progress";

export function shownState(state: CompetenceState, tagged: number): ShownState {
  return state === "not_started" && tagged > 0 ? "in_progress" : state;
}

/** A competence a formateur asked the learner to complete: the reason given, by whom, since when. */
export interface ToCompleteItem {
  record: CompetenceRecord;
  reason: string;
  askedBy: string | null;
  since: Date | null;
}

/** The competences waiting for the learner to complete them, the longest waiting first. */
export function toComplete(records: readonly CompetenceRecord[]): ToCompleteItem[] {
  return records
    .filter((record) => record.state === "more_evidence")
    .map((record) => {
      const asked = lastRequestForMore(record);
      return {
        record,
        reason: asked?.comment ?? "",
        askedBy: asked?.actorId ?? null,
        since: asked ? new Date(asked.at) : null,
      };
    })
    .sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0));
}

function lastRequestForMore(record: CompetenceRecord): CompetenceRecord["timeline"][number] | undefined {
  let last: CompetenceRecord["timeline"][number] | undefined;
  for (const entry of record.timeline) {
    if (entry.action !== "ask_more_evidence") continue;
    if (!last || new Date(entry.at).getTime() >= new Date(last.at).getTime()) last = entry;
  }
  return last;
}

/** The start of a reason, cut on a word boundary, for a list line (the full text is on the page). */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

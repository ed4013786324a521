// Learners of a simulated LMS working in Carnet, as the fault scripts' load: launch, open the home page,
// write a trace. Every request is timed and never throws, so a fault shows as a status, not a crash.
import {
  Browser,
  parseForms,
  type SimulatedLms,
  type ToolRegistration,
} from "../../../test/support/sim-lms/index.js";

export interface Learner {
  sub: string;
  browser: Browser;
  /** http://127.0.0.1:port/l/<launchId> */
  base: string;
}

export interface Outcome {
  /** HTTP status; 0 when the request failed without an answer (refused, reset, client timeout). */
  status: number;
  ms: number;
  /** The trace a 303 acknowledged, for trace creations. */
  traceId?: string;
}

export async function launchLearners(
  lms: SimulatedLms,
  tool: ToolRegistration,
  count: number,
  prefix: string,
): Promise<Learner[]> {
  const learners: Learner[] = [];
  for (let i = 0; i < count; i++) learners.push(await launchLearner(lms, tool, `${prefix}-${i}`, prefix));
  return learners;
}

/** A learner's launch from the course `${course}-course`, in a fresh browser. */
export async function launchLearner(
  lms: SimulatedLms,
  tool: ToolRegistration,
  sub: string,
  course: string,
): Promise<Learner> {
  const browser = new Browser({ timeoutMs: 60_000 });
  const result = await lms.launch(browser, {
    tool,
    user: { sub, name: `Stagiaire ${sub}` },
    roles: ["Learner"],
    context: { id: `${course}-course`, title: "Promotion fautes" },
    locale: "fr",
  });
  const base = /^(.*\/l\/[\w-]+)\/$/.exec(result.final.url)?.[1];
  if (result.final.status !== 200 || !base) {
    throw new Error(`launch of ${sub} failed: ${result.final.status} ${result.final.text.slice(0, 200)}`);
  }
  return { sub, browser, base };
}

export async function openHome(learner: Learner): Promise<Outcome> {
  return timed(async () => (await learner.browser.get(`${learner.base}/`)).status);
}

/**
 * Opens the editor of a note and saves it; acknowledged when Carnet answers 303 to the new trace. The
 * time is that of the last request (the save, or the editor when it failed): one request's wait.
 */
export async function writeTrace(learner: Learner, title: string): Promise<Outcome> {
  let started = performance.now();
  try {
    const editor = await learner.browser.get(`${learner.base}/traces/new/note`);
    const form = parseForms(editor.text).find((candidate) => candidate.action.endsWith("/traces"));
    if (editor.status !== 200 || !form) return { status: editor.status, ms: performance.now() - started };
    const entries = form.entries.filter(
      ([name]) => name !== "title" && name !== "body_note" && name !== "intent",
    );
    started = performance.now();
    const saved = await learner.browser.post(
      `${learner.base}/traces`,
      [
        ...entries,
        ["title", title],
        ["body_note", `Écrit pendant un essai de pannes : ${title}.`],
        ["intent", "save"],
      ],
      { followRedirects: false },
    );
    const traceId = /\/traces\/([0-9a-f-]{36})/.exec(saved.location ?? "")?.[1];
    return { status: saved.status, ms: performance.now() - started, ...(traceId ? { traceId } : {}) };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

export async function timed(request: () => Promise<number>): Promise<Outcome> {
  const started = performance.now();
  try {
    return { status: await request(), ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

/** GET with its own deadline, for probes (/healthz, /readyz) that must not wait on the load's timeouts. */
export function probe(url: string, timeoutMs = 60_000): Promise<Outcome> {
  return timed(async () => (await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })).status);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

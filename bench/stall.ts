// Benchmark: no request may stall the others. While each heavy request runs against the Carnet child
// process, another client polls /healthz; the worst /healthz latency per case is printed (target
// < 50 ms) with the heavy request's own time. Last, 12 concurrent 9 MB uploads with Carnet's RSS.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { Browser, parseForms, type BrowserResponse } from "../test/support/sim-lms/index.js";
import type { BenchResult } from "./lib/stats.js";
import type { BenchContext } from "./optional.js";

const HOSTILE = "*a_".repeat(16_000);

function words(count: number, seed: number): string {
  return Array.from({ length: count }, (_, index) => `mot${(index * seed) % 997}`).join(" ");
}

/** Stored entries with no data: what made sniffing a 10 MB upload take a second. */
function emptyZipEntries(bytes: number): Buffer {
  const entry = Buffer.alloc(32);
  entry.writeUInt32LE(0x04034b50, 0);
  entry.writeUInt16LE(2, 26);
  entry.write("e0", 30);
  return Buffer.concat(Array.from({ length: Math.floor(bytes / entry.length) }, () => entry));
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
}

// The poller runs in its own thread: building a 10 MB request body in this thread must not count
// as Carnet being slow.
const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
let running = true;
let measuring = false;
let worst = 0;
let polls = 0;
parentPort.on("message", (message) => {
  if (message === "start") measuring = true;
  else running = false;
});
(async () => {
  while (running) {
    const started = performance.now();
    await (await fetch(workerData.url)).arrayBuffer();
    const ms = performance.now() - started;
    if (measuring) {
      worst = Math.max(worst, ms);
      polls += 1;
    } else {
      parentPort.postMessage({ ready: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  parentPort.postMessage({ worst, polls });
})();
`;

/** Polls /healthz one request at a time until `work` settles; the slowest answer and the work's time. */
async function whilePolling(
  carnetUrl: string,
  work: () => Promise<unknown>,
): Promise<{ worstMs: number; polls: number; workMs: number }> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url: `${carnetUrl}/healthz` } });
  const messages: { ready?: boolean; worst?: number; polls?: number }[] = [];
  let wake: () => void = () => undefined;
  poller.on("message", (message: { ready?: boolean; worst?: number; polls?: number }) => {
    messages.push(message);
    wake();
  });
  const next = async (test: (message: { ready?: boolean; worst?: number }) => boolean) => {
    for (;;) {
      const found = messages.find(test);
      if (found) return found;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  // Measures start once the poller's own connection is warm.
  await next((message) => message.ready === true);
  poller.postMessage("start");
  const started = performance.now();
  await work();
  const workMs = performance.now() - started;
  poller.postMessage("stop");
  const final = await next((message) => message.worst !== undefined);
  await poller.terminate();
  const worst = final.worst ?? Number.NaN;
  const polls = final.polls ?? 0;
  return { worstMs: worst, polls, workMs };
}

async function launch(
  context: BenchContext,
  sub: string,
  roles: string[],
): Promise<{ browser: Browser; base: string }> {
  const browser = new Browser();
  const result = await context.lms.launch(browser, {
    tool: context.carnetTool,
    user: { sub, name: sub },
    roles,
    context: { id: "bench-stall", title: "Bench stall" },
    locale: "fr",
  });
  if (result.final.status !== 200) throw new Error(`launch of ${sub} failed: ${result.final.status}`);
  return { browser, base: result.final.url.replace(/\/$/, "") };
}

function csrf(page: BrowserResponse): string {
  const token = parseForms(page.text).find((form) => form.fields._csrf)?.fields._csrf;
  if (!token) throw new Error(`no CSRF token on ${page.url}`);
  return token;
}

/** Saves a new trace of this type without following the redirect (its page stays unrendered). */
async function newTrace(
  user: { browser: Browser; base: string },
  type: string,
  fields: Record<string, string>,
): Promise<string> {
  const editor = await user.browser.get(`${user.base}/traces/new/${type}`);
  const form = parseForms(editor.text).find((candidate) => candidate.action.endsWith("/traces"));
  if (!form) throw new Error("no editor form");
  const saved = await user.browser.post(
    `${user.base}/traces`,
    [...form.entries.filter(([name]) => !(name in fields) && name !== "intent"), ...Object.entries(fields)],
    { followRedirects: false },
  );
  const id = /\/traces\/([0-9a-f-]{36})/.exec(saved.location ?? "")?.[1];
  if (!id) throw new Error(`trace not saved: ${saved.status}`);
  return id;
}

export async function benchStall(context: BenchContext): Promise<BenchResult[]> {
  const learner = await launch(context, "stall-learner", ["Learner"]);
  const teacher = await launch(context, "stall-teacher", ["Instructor"]);
  const hostileId = await newTrace(learner, "rsca", {
    title: "RSCA hostile",
    body_recit: HOSTILE,
    body_analyse: HOSTILE.replace(/a/g, "b"),
    body_recherche: HOSTILE.replace(/a/g, "c"),
    body_synthese: HOSTILE.replace(/a/g, "d"),
  });
  const diffId = await newTrace(learner, "note", { title: "Deux versions", body_note: words(2500, 7) });
  const edit = await learner.browser.get(`${learner.base}/traces/${diffId}/edit`);
  const editForm = parseForms(edit.text).find((form) => form.action.endsWith(`/traces/${diffId}`));
  await learner.browser.post(
    `${learner.base}/traces/${diffId}`,
    [...(editForm?.entries ?? []).filter(([name]) => name !== "body_note"), ["body_note", words(2500, 13)]],
    { followRedirects: false },
  );
  const framesPage = await teacher.browser.get(`${teacher.base}/frameworks`);
  const tracePage = await learner.browser.get(`${learner.base}/traces/${diffId}`);
  const brackets = "[".repeat(2_000_000);
  const zip = emptyZipEntries(10 * 1000 * 1000);
  const bigForm = new URLSearchParams({
    _csrf: csrf(tracePage),
    body: "x".repeat(5 * 1024 * 1024),
  }).toString();

  const cases: { name: string; run: () => Promise<unknown> }[] = [
    {
      name: "trace of 4 × 48,000 hostile characters, first open",
      run: () => learner.browser.get(`${learner.base}/traces/${hostileId}`),
    },
    {
      name: "the same trace, opened again",
      run: () => learner.browser.get(`${learner.base}/traces/${hostileId}`),
    },
    {
      name: "compare two unrelated 2,500-word revisions",
      run: () => learner.browser.get(`${learner.base}/traces/${diffId}/compare?from=1&to=2`),
    },
    {
      name: "framework import: 2 MB of [",
      run: () =>
        teacher.browser.postMultipart(`${teacher.base}/frameworks/upload`, { _csrf: csrf(framesPage) }, [
          { field: "file", filename: "brackets.json", contentType: "application/json", data: brackets },
        ]),
    },
    {
      name: "upload: 10 MB of empty zip entries",
      run: () =>
        learner.browser.postMultipart(
          `${learner.base}/traces/${diffId}/attachments`,
          { _csrf: csrf(tracePage) },
          [{ field: "file", filename: "vide.docx", contentType: "application/zip", data: zip }],
          { followRedirects: false },
        ),
    },
    {
      name: "form of 5 MiB (answered 413)",
      run: () =>
        fetch(`${learner.base}/traces/${diffId}/comments`, {
          method: "POST",
          body: bigForm,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            cookie: learner.browser.jar.cookieHeader(learner.base) ?? "",
          },
        }).then(
          (response) => response.status,
          (error: unknown) => String(error),
        ),
    },
  ];
  const results: BenchResult[] = [];
  for (const entry of cases) {
    const measured = await whilePolling(context.carnetUrl, entry.run);
    results.push({
      name: `/healthz during: ${entry.name}`,
      value: Math.round(measured.worstMs * 10) / 10,
      unit: "ms (worst)",
      target: "< 50 ms",
      met: measured.worstMs < 50,
      note: `the request itself ${Math.round(measured.workMs)} ms; ${measured.polls} polls`,
    });
  }
  results.push(await concurrentUploads(context, learner, csrf(tracePage), diffId));
  return results;
}

/** 12 learners' worth of 9 MB files at once: Carnet's memory before and at its highest meanwhile. */
async function concurrentUploads(
  context: BenchContext,
  learner: { browser: Browser; base: string },
  token: string,
  traceId: string,
): Promise<BenchResult> {
  const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(9 * 1024 * 1024 - 9, 0x20)]);
  const before = rssMb(context.carnetPid);
  let highest = before;
  // The bodies are built before the clock starts, in this process.
  const sampler = setInterval(() => {
    highest = Math.max(highest, rssMb(context.carnetPid));
  }, 20);
  const measured = await whilePolling(context.carnetUrl, () =>
    Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        learner.browser.postMultipart(
          `${learner.base}/traces/${traceId}/attachments`,
          { _csrf: token },
          [{ field: "file", filename: `gros-${index}.pdf`, contentType: "application/pdf", data: pdf }],
          { followRedirects: false },
        ),
      ),
    ),
  );
  clearInterval(sampler);
  const after = rssMb(context.carnetPid);
  return {
    name: "Carnet RSS during 12 concurrent 9 MB uploads",
    value: highest,
    unit: "MB",
    target: "≤ 60 MB above before",
    met: highest - before <= 60,
    note: `${before} MB before, ${after} MB after; /healthz worst ${Math.round(measured.worstMs)} ms; ${Math.round(measured.workMs)} ms for all`,
  };
}

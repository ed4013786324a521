// Benchmarks 2 and 3, at three sizes each so that every figure comes with its growth exponent: the
// formateur's cohort matrix and validation queue on a cohort of 100, 300 and 1,000 learners × 60
// competences (10 traces each, with their histories), and a learner's portfolio page with 50, 200 and
// 1,000 traces. The cohort and the portfolio grow in place between the measurements.
//
// Seeding writes the database directly (insertMany of users, memberships, competence records with
// their timelines, traces and revisions), then builds the matrix's summary rows through Carnet's own
// CompetenceSummaryRepository.sync — the same code a validation runs. Requests are then measured over
// HTTP against the Carnet child process, after a real LTI launch, as a trainer's browser would.
import { randomUUID } from "node:crypto";
import type { Services } from "../src/app.js";
import { toRecord } from "../src/persistence/competence-records.js";
import type { CompetenceRecordDoc } from "../src/persistence/models/validation-models.js";
import type { TraceDoc } from "../src/persistence/models/portfolio-models.js";
import { portfolioModels } from "../src/persistence/models/portfolio-models.js";
import { frameworkJson } from "../test/support/validation.js";
import { Browser, type SimulatedLms, type ToolRegistration } from "../test/support/sim-lms/index.js";
import { growthExponent, round, runConcurrently, summarize, type BenchResult } from "./lib/stats.js";
import type { BenchContext } from "./optional.js";

const COHORT_SIZES = [100, 300, 1000];
const PORTFOLIO_SIZES = [50, 200, 1000];
const COMPETENCES = 60;
const TRACES_PER_LEARNER = 10;
const DAY = 86_400_000;
const TEACHER_SUB = "bench-teacher";

/** Deterministic pseudo-random numbers, so every run seeds the same cohort. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Cohort {
  services: Services;
  lms: SimulatedLms;
  platformId: string;
  scope: { platformId: string; deploymentId: string; contextId: string };
  frameworkId: string;
  codes: string[];
  random: () => number;
  now: number;
  learners: number;
}

export async function prepareCohort(
  services: Services,
  lms: SimulatedLms,
  platformId: string,
): Promise<Cohort> {
  const scope = { platformId, deploymentId: "1", contextId: "bench-cohort" };
  const imported = await services.frameworks.import({
    platformId,
    text: frameworkJson("bench-60", COMPETENCES, 6),
  });
  if (!imported.ok) throw new Error("bench framework did not import");
  await services.courseSettings.update(scope, { frameworkId: imported.framework.id }, "bench");
  await services.models.Course.updateOne(
    scope,
    {
      $set: { title: "Promotion bench 2026", types: ["CourseSection"] },
      $setOnInsert: { _id: randomUUID(), createdAt: new Date() },
    },
    { upsert: true },
  );
  lms.addCourse({ id: scope.contextId, title: "Promotion bench 2026" });
  const codes = Array.from({ length: COMPETENCES }, (_, i) => `C${String(i + 1).padStart(2, "0")}`);
  return {
    services,
    lms,
    platformId,
    scope,
    frameworkId: imported.framework.id,
    codes,
    random: prng(42),
    now: Date.now(),
    learners: 0,
  };
}

/** Adds learners until the cohort has `size`: people, memberships, records with timelines, traces, summaries. */
export async function growCohort(cohort: Cohort, size: number): Promise<void> {
  const { services, scope, now, random } = cohort;
  const people = Array.from({ length: size - cohort.learners }, (_, k) => {
    const i = cohort.learners + k;
    return {
      _id: randomUUID(),
      platformId: cohort.platformId,
      sub: `cohort-${i}`,
      name: `Stagiaire ${String(i).padStart(4, "0")} Bench`,
      givenName: "Stagiaire",
      familyName: `${String(i).padStart(4, "0")} Bench`,
      createdAt: new Date(now - 200 * DAY),
      lastLaunchAt: new Date(now - Math.floor(random() * 40) * DAY),
      index: i,
    };
  });
  cohort.learners = size;
  await services.models.User.insertMany(
    people.map(({ index: _index, ...person }) => person),
    { ordered: false },
  );
  await services.models.Membership.insertMany(
    people.map((person) => ({
      _id: randomUUID(),
      ...scope,
      userId: person._id,
      ltiRoles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      roles: ["learner"],
      // One in fifteen never launched: known from the LMS roster only.
      source: person.index % 15 === 0 ? "roster" : "launch",
      status: "Active",
      inRoster: true,
      lastLaunchAt: person.index % 15 === 0 ? undefined : person.lastLaunchAt,
      updatedAt: new Date(),
    })),
    { ordered: false },
  );
  // The LMS knows the same people, so the teacher's roster refresh finds them.
  for (const person of people)
    cohort.lms.addMember(scope.contextId, { userId: person.sub, roles: ["Learner"], name: person.name });

  const records: CompetenceRecordDoc[] = [];
  const traces: TraceDoc[] = [];
  for (const person of people) {
    for (const [index, code] of cohort.codes.entries()) {
      const record = recordFor(cohort, person._id, code);
      if (record) records.push(record);
      if (!record || index >= TRACES_PER_LEARNER) continue;
      const date = new Date(now - index * 7 * DAY);
      traces.push(
        traceFor(cohort.platformId, person._id, scope, `Séance ${index + 1}`, date, cohort.frameworkId, code),
      );
    }
  }
  for (let i = 0; i < records.length; i += 1000) {
    await services.validation.models.CompetenceRecord.insertMany(records.slice(i, i + 1000), {
      ordered: false,
    });
  }
  const { Trace, TraceRevision } = portfolioModels(services.validation.models.CompetenceRecord.db);
  await insertTraces(Trace, TraceRevision, traces);

  // The matrix reads one summary row per learner, written by Carnet's own projection code.
  const byLearner = new Map<string, CompetenceRecordDoc[]>();
  for (const record of records)
    byLearner.set(record.learnerId, [...(byLearner.get(record.learnerId) ?? []), record]);
  const groups = [...byLearner.values()];
  await runConcurrently(groups.length, 6, async (i) => {
    for (const record of groups[i] ?? [])
      await services.validation.summaries.sync(toRecord(record), new Date());
  });
}

/** One learner's record of one competence, in a state drawn like a real cohort's (null: not started). */
function recordFor(cohort: Cohort, learnerId: string, code: string): CompetenceRecordDoc | null {
  const roll = cohort.random();
  if (roll < 0.25) return null;
  const state: CompetenceRecordDoc["state"] =
    roll < 0.6 ? "validated" : roll < 0.72 ? "submitted" : roll < 0.8 ? "more_evidence" : "self_assessed";
  const at = new Date(cohort.now - Math.floor(cohort.random() * 90 + 1) * DAY);
  const timeline: CompetenceRecordDoc["timeline"] = [
    {
      id: randomUUID(),
      at: new Date(at.getTime() - 20 * DAY),
      action: "self_assess",
      from: "not_started",
      to: "self_assessed",
      actorId: learnerId,
      actorRole: "learner",
      channel: "online",
      evidenceVersion: 0,
      level: "intermediaire",
    },
  ];
  if (state !== "self_assessed") {
    timeline.push({
      id: randomUUID(),
      at: new Date(at.getTime() - 10 * DAY),
      action: "request",
      from: "self_assessed",
      to: "submitted",
      actorId: learnerId,
      actorRole: "learner",
      channel: "online",
      evidenceVersion: 1,
      comment: "Voir mes traces de séance.",
    });
  }
  if (state === "validated" || state === "more_evidence") {
    timeline.push({
      id: randomUUID(),
      at,
      action: state === "validated" ? "validate" : "ask_more_evidence",
      from: "submitted",
      to: state,
      actorId: TEACHER_SUB,
      actorRole: "teacher",
      channel: "online",
      evidenceVersion: 1,
      level: state === "validated" ? "competent" : undefined,
      comment: "Décision argumentée.",
    });
  }
  return {
    _id: randomUUID(),
    ...cohort.scope,
    learnerId,
    frameworkId: cohort.frameworkId,
    competenceCode: code,
    state,
    level: state === "validated" ? "competent" : undefined,
    selfLevel: "intermediaire",
    approvals:
      state === "validated" ? [{ validatorId: TEACHER_SUB, level: "competent", at, channel: "online" }] : [],
    assignedValidatorIds: [],
    waitingSince: state === "submitted" ? at : undefined,
    lastActivityAt: at,
    learnerActivityAt: at,
    evidenceVersion: state === "self_assessed" ? 0 : 1,
    rev: timeline.length,
    timeline,
    // Seeded as already delivered: the grade outbox has nothing to do for this cohort.
    gradeSync: { pending: false, version: timeline.length, changedAt: at },
    createdAt: new Date(at.getTime() - 20 * DAY),
  };
}

/** The portfolio learner's traces, grown to `size`. */
async function growPortfolio(cohort: Cohort, ownerId: string, from: number, size: number): Promise<void> {
  const { Trace, TraceRevision } = portfolioModels(cohort.services.validation.models.CompetenceRecord.db);
  const many = Array.from({ length: size - from }, (_, k) => {
    const i = from + k;
    return traceFor(
      cohort.platformId,
      ownerId,
      cohort.scope,
      `Trace ${i + 1}`,
      new Date(cohort.now - (i + 1) * 3_600_000),
      cohort.frameworkId,
      cohort.codes[i % COMPETENCES] ?? "C01",
    );
  });
  await insertTraces(Trace, TraceRevision, many);
}

function traceFor(
  platformId: string,
  ownerId: string,
  scope: { deploymentId: string; contextId: string },
  title: string,
  date: Date,
  frameworkId: string,
  code: string,
): TraceDoc {
  const day = date.toISOString().slice(0, 10);
  const sections = (["recit", "analyse", "recherche", "synthese"] as const).map((key) => ({
    key,
    title: { fr: key, en: key },
    body: `Texte de la section ${key} : une situation de classe, ce qui s'est passé et ce que j'en retiens.`,
    progress: "done" as const,
  }));
  return {
    _id: randomUUID(),
    platformId,
    ownerId,
    origin: { deploymentId: scope.deploymentId, contextId: scope.contextId },
    typeKey: "rsca",
    title,
    date: day,
    placement: "Stage S2",
    sections,
    competences: [{ frameworkId, code, level: null }],
    situations: [],
    links: [],
    attachments: [],
    visibility: "tutors",
    sharedIn: [{ deploymentId: scope.deploymentId, contextId: scope.contextId }],
    status: "shared",
    revision: 1,
    lastComment: null,
    createdAt: date,
    updatedAt: date,
    lastActivityAt: date,
  };
}

async function insertTraces(
  Trace: ReturnType<typeof portfolioModels>["Trace"],
  TraceRevision: ReturnType<typeof portfolioModels>["TraceRevision"],
  traces: TraceDoc[],
): Promise<void> {
  for (let i = 0; i < traces.length; i += 1000) {
    const batch = traces.slice(i, i + 1000);
    await Trace.insertMany(batch, { ordered: false });
    await TraceRevision.insertMany(
      batch.map((trace) => ({
        _id: randomUUID(),
        platformId: trace.platformId,
        traceId: trace._id,
        ownerId: trace.ownerId,
        number: 1,
        authorId: trace.ownerId,
        title: trace.title,
        date: trace.date,
        placement: trace.placement,
        sections: trace.sections,
        competences: trace.competences,
        situations: trace.situations,
        createdAt: trace.createdAt,
      })),
      { ordered: false },
    );
  }
}

interface PageFigures {
  total: ReturnType<typeof summarize>;
  /** Time inside Carnet until the response headers, from its Server-Timing header. */
  server: ReturnType<typeof summarize>;
  bytes: number;
}

async function measurePage(
  browser: Browser,
  url: string,
  expect: string,
  requests: number,
): Promise<PageFigures> {
  const server: number[] = [];
  let bytes = 0;
  const get = async (): Promise<void> => {
    const page = await browser.get(url);
    if (page.status !== 200 || !page.text.includes(expect))
      throw new Error(`${url}: HTTP ${page.status} ${page.text.slice(0, 200)}`);
    const timing = /app;dur=([\d.]+)/.exec(page.headers.get("server-timing") ?? "")?.[1];
    if (timing) server.push(Number(timing));
    bytes = page.text.length;
  };
  // Enough to compile the route's code paths first: the smallest size comes first and would pay for it.
  for (let i = 0; i < 15; i++) await get();
  server.length = 0;
  const { durations } = await runConcurrently(requests, 1, get);
  return { total: summarize(durations), server: summarize(server), bytes };
}

async function launchInto(
  lms: SimulatedLms,
  tool: ToolRegistration,
  sub: string,
  roles: string[],
  contextId: string,
): Promise<{ browser: Browser; base: string }> {
  const browser = new Browser();
  const result = await lms.launch(browser, {
    tool,
    user: { sub, name: sub },
    roles,
    context: { id: contextId, title: "Promotion bench 2026" },
    locale: "fr",
  });
  if (result.final.status !== 200) throw new Error(`launch of ${sub} failed: ${result.final.status}`);
  return { browser, base: result.final.url.replace(/\/$/, "") };
}

interface Series {
  label: string;
  unit: string;
  /** p95 targets by size, where the issue sets one. */
  targets: ReadonlyMap<number, number>;
  points: { size: number; figures: PageFigures }[];
}

/** Each size's p50 and p95 with its target, then the growth exponent of p95 over the three sizes. */
function seriesResults(series: Series): BenchResult[] {
  const results: BenchResult[] = series.points.map(({ size, figures }) => {
    const target = series.targets.get(size);
    return {
      name: `${series.label}, ${size} ${series.unit}: p50 / p95`,
      value: round(figures.total.p95),
      unit: "ms (p95)",
      target: target === undefined ? "—" : `p95 ≤ ${target} ms`,
      met: target === undefined ? null : figures.total.p95 <= target,
      note: `p50 ${round(figures.total.p50)} ms; server p50 ${round(figures.server.p50)} / p95 ${round(figures.server.p95)} ms (Server-Timing); ${Math.round(figures.bytes / 1024)} KiB`,
    };
  });
  const exponent = growthExponent(series.points.map(({ size, figures }) => [size, figures.total.p50]));
  const serverExponent = growthExponent(series.points.map(({ size, figures }) => [size, figures.server.p50]));
  results.push({
    name: `${series.label}: growth exponent of p50 (${series.points.map((p) => p.size).join(" → ")} ${series.unit})`,
    value: round(exponent, 2),
    unit: "",
    target: "≤ 1.1",
    met: exponent <= 1.1,
    note: `server time's exponent ${round(serverExponent, 2)}; 1.0 = cost proportional to the ${series.unit}`,
  });
  return results;
}

export async function benchWorkspace(context: BenchContext): Promise<BenchResult[]> {
  const platform = await context.services.platforms.findByIssuerAndClient(
    context.carnetTool.issuer,
    context.carnetTool.clientId,
  );
  if (!platform) throw new Error("bench platform missing");
  const scale = Math.min(1, context.scale);
  const requests = Math.max(20, Math.round(60 * context.scale));
  const cohort = await prepareCohort(context.services, context.lms, platform._id);
  const teacher = await launchInto(
    context.lms,
    context.carnetTool,
    TEACHER_SUB,
    ["Instructor"],
    cohort.scope.contextId,
  );
  const learner = await launchInto(
    context.lms,
    context.carnetTool,
    "bench-portfolio-learner",
    ["Learner"],
    cohort.scope.contextId,
  );
  const owner = await context.services.models.User.findOne({
    platformId: platform._id,
    sub: "bench-portfolio-learner",
  }).lean<{ _id: string }>();
  if (!owner) throw new Error("no portfolio learner");
  const matrix: Series = {
    label: "cohort matrix (60 competences)",
    unit: "learners",
    targets: new Map([
      [300, 80],
      [1000, 250],
    ]),
    points: [],
  };
  const queue: Series = { label: "validation queue", unit: "learners", targets: new Map(), points: [] };
  const portfolio: Series = {
    label: "learner portfolio",
    unit: "traces",
    targets: new Map([[1000, 60]]),
    points: [],
  };
  const seedStarted = performance.now();
  let seedMs = 0;
  let traces = 0;
  for (const [step, size] of COHORT_SIZES.entries()) {
    const learners = Math.round(size * scale);
    const started = performance.now();
    await growCohort(cohort, learners);
    const traceCount = Math.round((PORTFOLIO_SIZES[step] ?? 0) * scale);
    await growPortfolio(cohort, owner._id, traces, traceCount);
    traces = traceCount;
    seedMs += performance.now() - started;
    // The first page of the matrix, sorted by name (100 learners a page).
    const last = "Stagiaire 0000";
    matrix.points.push({
      size: learners,
      figures: await measurePage(teacher.browser, `${teacher.base}/cohort`, last, requests),
    });
    queue.points.push({
      size: learners,
      figures: await measurePage(teacher.browser, `${teacher.base}/validation/queue`, "Stagiaire", requests),
    });
    portfolio.points.push({
      size: traces,
      figures: await measurePage(learner.browser, `${learner.base}/traces`, "Trace 1", requests),
    });
  }
  const note = `seeded in ${round(seedMs / 1000)} s (${round((performance.now() - seedStarted - seedMs) / 1000)} s measuring), ${requests} requests per figure, ${TRACES_PER_LEARNER} traces per learner`;
  const results = [...seriesResults(matrix), ...seriesResults(queue), ...seriesResults(portfolio)];
  const first = results[0];
  if (first) first.note = `${first.note}; ${note}`;
  return results;
}

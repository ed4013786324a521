// Benchmarks 2 and 3: the formateur's cohort matrix and queue on a seeded cohort of 300 learners × 60
// competences with 10 traces each and their histories, and a learner's portfolio page with 200 traces.
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
import { round, runConcurrently, summarize, type BenchResult } from "./lib/stats.js";
import type { BenchContext } from "./optional.js";

const LEARNERS = 300;
const COMPETENCES = 60;
const TRACES_PER_LEARNER = 10;
const PORTFOLIO_TRACES = 200;
const DAY = 86_400_000;

/** Deterministic pseudo-random numbers, so every run seeds the same cohort. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Seeded {
  contextId: string;
  portfolioLearnerSub: string;
}

export async function seedCohort(
  services: Services,
  lms: SimulatedLms,
  platformId: string,
  scale: number,
): Promise<Seeded> {
  const random = prng(42);
  const now = Date.now();
  const contextId = "bench-cohort";
  const deploymentId = "1";
  const scope = { platformId, deploymentId, contextId };
  const learners = Math.round(LEARNERS * scale);

  const imported = await services.frameworks.import({
    platformId,
    text: frameworkJson("bench-60", COMPETENCES, 6),
  });
  if (!imported.ok) throw new Error("bench framework did not import");
  const framework = imported.framework;
  await services.courseSettings.update(scope, { frameworkId: framework.id }, "bench");
  const codes = Array.from({ length: COMPETENCES }, (_, i) => `C${String(i + 1).padStart(2, "0")}`);

  const people = Array.from({ length: learners }, (_, i) => ({
    _id: randomUUID(),
    platformId,
    sub: `cohort-${i}`,
    name: `Stagiaire ${String(i).padStart(3, "0")} Bench`,
    givenName: "Stagiaire",
    familyName: `${String(i).padStart(3, "0")} Bench`,
    createdAt: new Date(now - 200 * DAY),
    lastLaunchAt: new Date(now - Math.floor(random() * 40) * DAY),
  }));
  const models = services.models;
  await models.User.insertMany(people, { ordered: false });
  await models.Course.updateOne(
    scope,
    {
      $set: { title: "Promotion bench 2026", types: ["CourseSection"] },
      $setOnInsert: { _id: randomUUID(), createdAt: new Date() },
    },
    { upsert: true },
  );
  await models.Membership.insertMany(
    people.map((person, i) => ({
      _id: randomUUID(),
      ...scope,
      userId: person._id,
      ltiRoles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      roles: ["learner"],
      // One in fifteen never launched: known from the LMS roster only.
      source: i % 15 === 0 ? "roster" : "launch",
      status: "Active",
      inRoster: true,
      lastLaunchAt: i % 15 === 0 ? undefined : person.lastLaunchAt,
      updatedAt: new Date(),
    })),
    { ordered: false },
  );
  // The LMS knows the same people, so the teacher's roster refresh finds them.
  lms.addCourse({
    id: contextId,
    title: "Promotion bench 2026",
    members: people.map((p) => ({ userId: p.sub, roles: ["Learner"], name: p.name })),
  });

  const teacherSub = "bench-teacher";
  const records: CompetenceRecordDoc[] = [];
  const traces: TraceDoc[] = [];
  for (const person of people) {
    for (const [index, code] of codes.entries()) {
      const roll = random();
      if (roll < 0.25) continue; // not started: no record
      const state: CompetenceRecordDoc["state"] =
        roll < 0.6 ? "validated" : roll < 0.72 ? "submitted" : roll < 0.8 ? "more_evidence" : "self_assessed";
      const at = new Date(now - Math.floor(random() * 90 + 1) * DAY);
      const timeline: CompetenceRecordDoc["timeline"] = [
        {
          id: randomUUID(),
          at: new Date(at.getTime() - 20 * DAY),
          action: "self_assess",
          from: "not_started",
          to: "self_assessed",
          actorId: person._id,
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
          actorId: person._id,
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
          actorId: teacherSub,
          actorRole: "teacher",
          channel: "online",
          evidenceVersion: 1,
          level: state === "validated" ? "competent" : undefined,
          comment: "Décision argumentée.",
        });
      }
      records.push({
        _id: randomUUID(),
        ...scope,
        learnerId: person._id,
        frameworkId: framework.id,
        competenceCode: code,
        state,
        level: state === "validated" ? "competent" : undefined,
        selfLevel: "intermediaire",
        approvals:
          state === "validated"
            ? [{ validatorId: teacherSub, level: "competent", at, channel: "online" }]
            : [],
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
      });
      if (index >= TRACES_PER_LEARNER) continue;
      traces.push(
        traceFor(
          platformId,
          person._id,
          scope,
          `Séance ${index + 1}`,
          new Date(now - index * 7 * DAY),
          framework.id,
          code,
        ),
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

  // One learner with 200 traces for the portfolio page.
  const portfolioLearnerSub = "bench-portfolio-learner";
  const owner = await models.User.findOneAndUpdate(
    { platformId, sub: portfolioLearnerSub },
    { $set: { name: "Léa Portfolio" }, $setOnInsert: { _id: randomUUID(), createdAt: new Date() } },
    { upsert: true, new: true },
  ).lean<{ _id: string }>();
  if (!owner) throw new Error("no portfolio learner");
  const many = Array.from({ length: PORTFOLIO_TRACES }, (_, i) =>
    traceFor(
      platformId,
      owner._id,
      scope,
      `Trace ${i + 1}`,
      new Date(now - i * DAY),
      framework.id,
      codes[i % COMPETENCES] ?? "C01",
    ),
  );
  await insertTraces(Trace, TraceRevision, many);
  return { contextId, portfolioLearnerSub };
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
  for (let i = 0; i < 5; i++) await get();
  server.length = 0;
  const { durations } = await runConcurrently(requests, 1, get);
  return { total: summarize(durations), server: summarize(server), bytes };
}

function pageResults(label: string, figures: PageFigures, targetMs: number, note?: string): BenchResult[] {
  const detail = `server p50 ${round(figures.server.p50)} ms / p95 ${round(figures.server.p95)} ms (Server-Timing), ${Math.round(figures.bytes / 1024)} KiB`;
  return [
    {
      name: `${label} p50`,
      value: round(figures.total.p50),
      unit: "ms",
      target: "—",
      met: null,
      note: note ? `${note}; ${detail}` : detail,
    },
    {
      name: `${label} p95`,
      value: round(figures.total.p95),
      unit: "ms",
      target: `≤ ${targetMs} ms`,
      met: figures.total.p95 <= targetMs,
    },
  ];
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

export async function benchWorkspace(context: BenchContext): Promise<BenchResult[]> {
  const platform = await context.services.platforms.findByIssuerAndClient(
    context.carnetTool.issuer,
    context.carnetTool.clientId,
  );
  if (!platform) throw new Error("bench platform missing");
  const seedStarted = performance.now();
  const seeded = await seedCohort(context.services, context.lms, platform._id, context.scale);
  const seedMs = performance.now() - seedStarted;
  const requests = Math.max(20, Math.round(100 * context.scale));
  const teacher = await launchInto(
    context.lms,
    context.carnetTool,
    "bench-teacher",
    ["Instructor"],
    seeded.contextId,
  );
  const lastLearner = `Stagiaire ${String(Math.round(LEARNERS * context.scale) - 1).padStart(3, "0")}`;
  const matrix = await measurePage(teacher.browser, `${teacher.base}/cohort`, lastLearner, requests);
  const queue = await measurePage(teacher.browser, `${teacher.base}/validation/queue`, "Stagiaire", requests);
  const learner = await launchInto(
    context.lms,
    context.carnetTool,
    seeded.portfolioLearnerSub,
    ["Learner"],
    seeded.contextId,
  );
  const portfolio = await measurePage(learner.browser, `${learner.base}/traces`, "Trace 1", requests);

  const cohortNote = `${Math.round(LEARNERS * context.scale)} learners × ${COMPETENCES} competences, ${TRACES_PER_LEARNER} traces each; seeded in ${round(seedMs / 1000)} s; ${requests} requests`;
  return [
    ...pageResults("cohort matrix", matrix, 100, cohortNote),
    ...pageResults("validation queue", queue, 100),
    ...pageResults(`learner portfolio (${PORTFOLIO_TRACES} traces)`, portfolio, 50),
  ];
}

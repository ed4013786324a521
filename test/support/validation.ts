// Helpers for the validation area's tests: a course with a framework of N competences, launches of
// learners and trainers, and the forms of the request and decision pages filled as a browser would.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { Actor } from "../../src/domain/actor.js";
import type { LtiFixture } from "./lti-fixture.js";
import { ROLE, unique, type Session } from "./portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse, type HtmlForm } from "./sim-lms/index.js";

export { ROLE, unique, type Session };

export interface TestCourse {
  context: { id: string; title: string };
  scope: { platformId: string; deploymentId: string; contextId: string };
  frameworkId: string;
  codes: string[];
}

/** A framework of `leaves` competences C01…, in `domains` domains, scale novice < intermédiaire < compétent. */
export function frameworkJson(key: string, leaves: number, domains = 1): string {
  const perDomain = Math.ceil(leaves / domains);
  const competences = Array.from({ length: domains }, (_, d) => ({
    code: `D${d + 1}`,
    title: { fr: `Domaine ${d + 1}`, en: `Domain ${d + 1}` },
    children: Array.from({ length: Math.min(perDomain, leaves - d * perDomain) }, (_, i) => {
      const n = d * perDomain + i + 1;
      const code = `C${String(n).padStart(2, "0")}`;
      return { code, title: { fr: `Compétence ${n}`, en: `Competence ${n}` } };
    }),
  }));
  return JSON.stringify({
    key,
    version: "1",
    title: { fr: `Référentiel ${key}`, en: `Framework ${key}` },
    source: { citation: "Test framework", note: "Made for tests." },
    scale: {
      levels: [
        { code: "novice", label: { fr: "novice", en: "novice" }, proficient: false },
        { code: "intermediaire", label: { fr: "intermédiaire", en: "intermediate" }, proficient: false },
        { code: "competent", label: { fr: "compétent", en: "competent" }, proficient: true },
      ],
    },
    competences,
  });
}

export async function setupCourse(
  fixture: LtiFixture,
  options: {
    leaves?: number;
    domains?: number;
    validationsRequired?: number;
    reminderAfterDays?: number;
  } = {},
): Promise<TestCourse> {
  const { services } = fixture.carnet;
  const key = unique("fw")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
  const outcome = await services.frameworks.import({
    platformId: fixture.platform._id,
    text: frameworkJson(key, options.leaves ?? 20, options.domains ?? 1),
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const context = { id: unique("course"), title: "C2i2e — promotion 2026" };
  const scope = {
    platformId: fixture.platform._id,
    deploymentId: fixture.tool.deploymentIds[0] ?? "1",
    contextId: context.id,
  };
  await services.courseSettings.update(
    scope,
    {
      frameworkId: outcome.framework.id,
      validationsRequired: options.validationsRequired ?? 1,
      reminderAfterDays: options.reminderAfterDays ?? 14,
    },
    "test",
  );
  const codes = Array.from({ length: options.leaves ?? 20 }, (_, i) => `C${String(i + 1).padStart(2, "0")}`);
  return { context, scope, frameworkId: outcome.framework.id, codes };
}

/** A full launch through the simulated LMS (French), as the person clicking the activity. */
/**
 * A learner written straight into the database (no launch): many of them make a large cohort fast.
 * A roster learner has never launched.
 */
export async function enrolDirectly(
  fixture: LtiFixture,
  target: TestCourse,
  name: string,
  at: Date,
  extra: { roster?: boolean } = {},
): Promise<string> {
  const { User, Membership } = fixture.carnet.services.models;
  const id = randomUUID();
  await User.create({ _id: id, platformId: target.scope.platformId, sub: unique("s"), name, createdAt: at });
  await Membership.create({
    _id: randomUUID(),
    ...target.scope,
    userId: id,
    ltiRoles: ["Learner"],
    roles: ["learner"],
    source: extra.roster ? "roster" : "launch",
    status: "Active",
    ...(extra.roster ? {} : { lastLaunchAt: at }),
    updatedAt: at,
  });
  return id;
}

export async function launch(
  fixture: LtiFixture,
  options: {
    sub: string;
    name: string;
    email?: string;
    roles: string[];
    context: { id: string; title: string };
  },
): Promise<Session> {
  const result = await fixture.launch({
    user: { sub: options.sub, name: options.name, ...(options.email ? { email: options.email } : {}) },
    roles: options.roles,
    context: options.context,
    locale: "fr",
  });
  expect(result.final.status, result.final.text.slice(0, 400)).to.equal(200);
  const base = /^(.*\/l\/[\w-]+)\/$/.exec(result.final.url)?.[1];
  if (!base) throw new Error(`unexpected launch URL ${result.final.url}`);
  return {
    browser: result.browser,
    base,
    home: result.final,
    userId: async () => {
      const user = await fixture.carnet.services.models.User.findOne({
        platformId: fixture.platform._id,
        sub: options.sub,
      }).lean<{ _id: string }>();
      if (!user) throw new Error(`no user ${options.sub}`);
      return user._id;
    },
  };
}

export async function learner(
  fixture: LtiFixture,
  course: TestCourse,
  name = "Léa Stagiaire",
  sub = unique("learner"),
): Promise<Session> {
  return launch(fixture, {
    sub,
    name,
    email: `${sub}@example.test`,
    roles: [ROLE.learner],
    context: course.context,
  });
}

export async function trainer(
  fixture: LtiFixture,
  course: TestCourse,
  name = "Fanny Formatrice",
  sub = unique("trainer"),
): Promise<Session> {
  return launch(fixture, {
    sub,
    name,
    email: `${sub}@example.test`,
    roles: [ROLE.instructor],
    context: course.context,
  });
}

/** The Actor a launched session acts as (for seeding through the use cases). */
export async function actorOf(
  fixture: LtiFixture,
  session: Session,
  course: TestCourse,
  roles: Actor["roles"],
): Promise<Actor> {
  return {
    platformId: course.scope.platformId,
    deploymentId: course.scope.deploymentId,
    contextId: course.scope.contextId,
    resourceLinkId: null,
    userId: await session.userId(),
    roles,
    launchId: session.base.split("/l/")[1] ?? "",
  };
}

export function text(page: BrowserResponse): string {
  return decodeEntities(page.text.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}

/** The page's own content, without the header (which names the person browsing). */
export function mainText(page: BrowserResponse): string {
  const start = page.text.indexOf("<main");
  return text({ ...page, text: start >= 0 ? page.text.slice(start) : page.text });
}

export function formOf(page: BrowserResponse, actionSuffix: string): HtmlForm {
  const form = parseForms(page.text).find((candidate) =>
    candidate.action.split("?")[0]?.endsWith(actionSuffix),
  );
  if (!form)
    throw new Error(`no form ending with ${actionSuffix} on ${page.url}: ${page.text.slice(0, 300)}`);
  return form;
}

/**
 * Sends the new-request form for these codes (step 2 of the form, reached with them chosen), each with
 * its own justification and the traces given (none unless listed), an optional level, and an optional
 * shared justification.
 */
export async function requestValidation(
  session: Session,
  items: { code: string; justification: string; traceIds?: string[]; level?: string }[],
  options: { validatorIds?: string[]; basis?: "traces" | "prior_practice"; justification?: string } = {},
): Promise<BrowserResponse> {
  const query = new URLSearchParams([["step", "evidence"], ...items.map(({ code }) => ["code", code])]);
  const page = await session.browser.get(`${session.base}/requests/new?${query.toString()}`);
  expect(page.status, page.text.slice(0, 500)).to.equal(200);
  const form = formOf(page, "/requests/new");
  const entries: [string, string][] = [
    ["_csrf", form.fields._csrf ?? ""],
    ["basis", options.basis ?? "traces"],
    ["justification", options.justification ?? ""],
  ];
  const validators =
    options.validatorIds ?? form.entries.filter(([name]) => name === "validators").map(([, value]) => value);
  for (const id of validators) entries.push(["validators", id]);
  for (const item of items) {
    const codeField = form.controls.find(
      (control) => control.name.startsWith("code_") && control.value === item.code,
    );
    if (!codeField) throw new Error(`competence ${item.code} is not requestable`);
    const index = codeField.name.slice("code_".length);
    entries.push(
      ["pick", index],
      [`code_${index}`, item.code],
      [`justification_${index}`, item.justification],
      [`level_${index}`, item.level ?? ""],
    );
    for (const traceId of item.traceIds ?? []) entries.push([`traces_${index}`, traceId]);
  }
  return session.browser.post(`${session.base}/requests/new`, entries);
}

export interface ItemChoice {
  decision?: "validate" | "ask_more_evidence" | "comment" | "none";
  comment?: string;
  level?: string;
  selected?: boolean;
}

/** Fills the request page's decision form: per code a decision and reason, and the bulk fields. */
export async function decide(
  session: Session,
  page: BrowserResponse,
  choices: Record<string, ItemChoice>,
  options: { intent?: "save" | "bulk"; bulkComment?: string; bulkLevel?: string } = {},
): Promise<BrowserResponse> {
  const form = parseForms(page.text).find((candidate) =>
    candidate.entries.some(([name]) => name.startsWith("decision_")),
  );
  if (!form) throw new Error(`no decision form on ${page.url}`);
  const entries: [string, string][] = [["_csrf", form.fields._csrf ?? ""]];
  for (const control of form.controls) {
    if (!control.name.startsWith("code_")) continue;
    const index = control.name.slice("code_".length);
    const choice = choices[control.value] ?? {};
    entries.push([control.name, control.value], [`rev_${index}`, form.fields[`rev_${index}`] ?? ""]);
    entries.push(
      [`decision_${index}`, choice.decision ?? "none"],
      [`comment_${index}`, choice.comment ?? ""],
    );
    entries.push([`level_${index}`, choice.level ?? form.fields[`level_${index}`] ?? "competent"]);
    if (choice.selected) entries.push(["selected", index]);
  }
  entries.push(
    ["bulkComment", options.bulkComment ?? ""],
    ["bulkLevel", options.bulkLevel ?? "competent"],
    ["intent", options.intent ?? "save"],
  );
  return session.browser.post(
    form.action.startsWith("http") ? form.action : new URL(form.action, page.url).toString(),
    entries,
  );
}

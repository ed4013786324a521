// Helpers for the portfolio's tests: launch people through the simulated LMS, fill the portfolio's
// forms as a browser would (CSRF token included), upload files as multipart.
import { expect } from "chai";
import type { LtiFixture } from "./lti-fixture.js";
import { parseForms, type Browser, type BrowserResponse } from "./sim-lms/index.js";

export const ROLE = {
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  admin: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
} as const;

let counter = 0;
/** A unique suffix per call: the test database is shared by the whole run. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface Session {
  browser: Browser;
  /** http://127.0.0.1:port/l/<launchId> */
  base: string;
  home: BrowserResponse;
  userId: () => Promise<string>;
}

export async function launchAs(
  fixture: LtiFixture,
  options: { sub: string; name: string; roles: string[]; context: { id: string; title: string } },
): Promise<Session> {
  const result = await fixture.launch({
    user: { sub: options.sub, name: options.name },
    roles: options.roles,
    context: options.context,
    locale: "fr",
  });
  expect(result.final.status, result.final.text.slice(0, 400)).to.equal(200);
  const match = /^(.*\/l\/[\w-]+)\/$/.exec(result.final.url);
  if (!match?.[1]) throw new Error(`unexpected launch URL ${result.final.url}`);
  const base = match[1];
  return {
    browser: result.browser,
    base,
    home: result.final,
    userId: async () => {
      const users = fixture.carnet.services.models.User;
      const user = await users
        .findOne({ platformId: fixture.platform._id, sub: options.sub })
        .lean<{ _id: string }>();
      if (!user) throw new Error(`no user ${options.sub}`);
      return user._id;
    },
  };
}

export function csrfOf(html: string): string {
  const token = parseForms(html).find((form) => form.fields._csrf)?.fields._csrf;
  if (!token) throw new Error("no CSRF token on the page");
  return token;
}

/** The id of the trace a redirect landed on. */
export function traceIdFrom(url: string): string {
  const match = /\/traces\/([0-9a-f-]{36})(?:[/?#]|$)/.exec(url);
  if (!match?.[1]) throw new Error(`not a trace URL: ${url}`);
  return match[1];
}

/** Opens the editor of a new trace of this type and submits it with these fields. */
export async function createTrace(
  session: Session,
  typeKey: string,
  fields: Record<string, string>,
  extra: [string, string][] = [],
): Promise<{ id: string; page: BrowserResponse }> {
  const editor = await session.browser.get(`${session.base}/traces/new/${typeKey}`);
  expect(editor.status, editor.text.slice(0, 300)).to.equal(200);
  const form = parseForms(editor.text).find((candidate) => candidate.action.endsWith("/traces"));
  if (!form) throw new Error("no editor form");
  const entries = form.entries.filter(([name]) => !(name in fields) && name !== "intent");
  const page = await session.browser.post(`${session.base}/traces`, [
    ...entries,
    ...Object.entries(fields),
    ["intent", "save"],
    ...extra,
  ]);
  expect(page.status, page.text.slice(0, 600)).to.equal(200);
  return { id: traceIdFrom(page.url), page };
}

/** Submits the edit form of a trace with these fields changed (the others as the page shows them). */
export async function editTrace(
  session: Session,
  traceId: string,
  fields: Record<string, string>,
  extra: [string, string][] = [],
): Promise<BrowserResponse> {
  const editor = await session.browser.get(`${session.base}/traces/${traceId}/edit`);
  expect(editor.status, editor.text.slice(0, 300)).to.equal(200);
  const form = parseForms(editor.text).find((candidate) => candidate.action.endsWith(`/traces/${traceId}`));
  if (!form) throw new Error("no edit form");
  const entries = form.entries.filter(([name]) => !(name in fields) && name !== "intent");
  return session.browser.post(`${session.base}/traces/${traceId}`, [
    ...entries,
    ...Object.entries(fields),
    ["intent", "save"],
    ...extra,
  ]);
}

/** Posts a form of the page whose action ends with `actionSuffix`, with overrides. */
export async function submit(
  session: Session,
  page: BrowserResponse,
  actionSuffix: string,
  overrides: Record<string, string> = {},
): Promise<BrowserResponse> {
  return session.browser.submitForm(page, (form) => form.action.endsWith(actionSuffix), overrides);
}

/** A multipart upload with the session's cookies, as a browser's file form sends it. */
export async function upload(
  session: Session,
  traceId: string,
  file: { name: string; type: string; bytes: Uint8Array },
  csrf: string | null,
): Promise<Response> {
  const url = `${session.base}/traces/${traceId}/attachments`;
  const body = new FormData();
  if (csrf !== null) body.append("_csrf", csrf);
  body.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const cookie = session.browser.jar.cookieHeader(url);
  return fetch(url, { method: "POST", body, redirect: "manual", headers: cookie ? { cookie } : {} });
}

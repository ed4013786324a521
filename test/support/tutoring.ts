// Helpers for the tutoring tests: the tutoring page's forms posted as a browser would (CSRF included),
// launches with LTI's Mentor role, the relations Carnet holds.
import { expect } from "chai";
import type { TutoringRelation } from "../../src/domain/tutoring/relations.js";
import type { LtiFixture } from "./lti-fixture.js";
import { csrfOf, type Session } from "./portfolio.js";
import { parseForms, type BrowserResponse } from "./sim-lms/index.js";

export const MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor";

/** Posts to a path of the launch with the page's CSRF token (fields may repeat). */
export async function postIn(
  session: Session,
  path: string,
  fields: [string, string][] | Record<string, string>,
): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}/tutoring`);
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...entries]);
}

/** The value of the option labelled `label` in the form posting to `actionSuffix`. */
export function optionValue(page: BrowserResponse, actionSuffix: string, label: string): string {
  const form = page.text
    .split("<form")
    .find((chunk) => new RegExp(`action="[^"]*${actionSuffix}"`).test(chunk.split(">")[0] ?? ""));
  const match = form ? new RegExp(`<option value="([^"]+)"[^>]*>${label}</option>`).exec(form) : null;
  if (!match?.[1]) throw new Error(`no option ${label} in the form ${actionSuffix}`);
  return match[1];
}

export function hasForm(page: BrowserResponse, actionSuffix: string): boolean {
  return parseForms(page.text).some((form) => form.action.split("?")[0]?.endsWith(actionSuffix));
}

export async function relationsOf(fixture: LtiFixture, learnerId: string): Promise<TutoringRelation[]> {
  return fixture.carnet.services.tutoring.store.historyOfLearner(fixture.platform._id, learnerId);
}

/** A launch as LTI's Mentor, listing mentees by their LMS user ids (role_scope_mentor) when given. */
export async function mentorLaunch(
  fixture: LtiFixture,
  options: { sub: string; name: string; context: { id: string; title: string }; mentees?: string[] },
): Promise<Session & { final: BrowserResponse }> {
  const result = await fixture.launch({
    user: { sub: options.sub, name: options.name },
    roles: [MENTOR],
    context: options.context,
    locale: "fr",
    ...(options.mentees ? { roleScopeMentor: options.mentees } : {}),
  });
  expect(result.final.status, result.final.text.slice(0, 400)).to.equal(200);
  const base = /^(.*\/l\/[\w-]+)\/$/.exec(result.final.url)?.[1];
  if (!base) throw new Error(`unexpected launch URL ${result.final.url}`);
  return {
    browser: result.browser,
    base,
    home: result.final,
    final: result.final,
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

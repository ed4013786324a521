// A course set up through real launches: a teacher places Carnet (the placement and its AGS claim come
// from the launch), learners open it once (memberships), then tests write competence changes.
import { ManualClock } from "../../../src/clock.js";
import { leafCompetences } from "../../../src/domain/frameworks/framework.js";
import { startLtiFixture, TEACHER, type LtiFixture } from "../../support/lti-fixture.js";
import { gradingHarness, INSTRUCTOR_ROLE, LEARNER_ROLE, type GradingHarness } from "../../support/grading.js";
import type { Browser } from "../../support/sim-lms/index.js";

export interface Learner {
  sub: string;
  id: string;
  name: string;
}

export interface GradedCourse {
  harness: GradingHarness;
  learners: Learner[];
  lineItemUrl: string | undefined;
  placementId: string;
  resourceLinkId: string;
  teacher: { browser: Browser; launchUrl: string };
}

export interface CourseOptions {
  contextId: string;
  learners?: number;
  frameworkKey?: "c2i2e" | "medecine-generale";
  /** false: the claim carries only `lineitems` (Carnet finds or creates the line item). */
  lineItem?: boolean;
  title?: string;
}

export async function startGradingFixture(): Promise<{ fixture: LtiFixture; clock: ManualClock }> {
  // Whole seconds, so timestamps in tests read simply.
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const fixture = await startLtiFixture({ clock });
  return { fixture, clock };
}

export async function gradedCourse(
  fixture: LtiFixture,
  clock: ManualClock,
  options: CourseOptions,
): Promise<GradedCourse> {
  const harness = await gradingHarness(fixture, clock, {
    contextId: options.contextId,
    frameworkKey: options.frameworkKey ?? "c2i2e",
  });
  const context = {
    id: options.contextId,
    label: options.contextId.toUpperCase(),
    title: `Cours ${options.contextId}`,
  };
  const resourceLink = { id: `rl-${options.contextId}`, title: options.title ?? "Portfolio C2i2e (Carnet)" };
  const ags = options.lineItem === false ? { lineItem: false } : true;
  const custom = { framework: harness.framework.id };
  const teacher = await fixture.launch({
    user: TEACHER,
    roles: [INSTRUCTOR_ROLE],
    context,
    resourceLink,
    custom,
    ags,
    locale: "fr",
  });
  if (teacher.final.status !== 200) throw new Error(`teacher launch failed: ${teacher.final.status}`);
  const learners: Learner[] = [];
  for (let i = 1; i <= (options.learners ?? 2); i++) {
    const sub = `${options.contextId}-L${i}`;
    const name = `Apprenant ${i}`;
    const result = await fixture.launch({
      user: { sub, name },
      roles: [LEARNER_ROLE],
      context,
      resourceLink,
      custom,
      ags,
    });
    if (result.final.status !== 200) throw new Error(`learner launch failed: ${result.final.status}`);
    learners.push({ sub, id: (await harness.user(sub))._id, name });
  }
  const placement = await harness.placement(resourceLink.id);
  return {
    harness,
    learners,
    // Stored as null when the claim had none.
    lineItemUrl: placement.ags?.lineitem ?? undefined,
    placementId: placement._id,
    resourceLinkId: resourceLink.id,
    teacher: { browser: teacher.browser, launchUrl: teacher.final.url },
  };
}

/** The first `count` assessable competence codes of the harness's framework. */
export function competenceCodes(harness: GradingHarness, count: number): string[] {
  const codes = leafCompetences(harness.framework.definition).map(({ node }) => node.code);
  if (codes.length < count) throw new Error(`the framework has only ${codes.length} competences`);
  return codes.slice(0, count);
}

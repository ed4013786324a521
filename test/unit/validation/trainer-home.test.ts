// TrainerHome: who needs attention on the trainers' home — an overdue request, never launched, or
// silent for three weeks or more — most urgent first; and homePolicy: which home a launch opens.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { CourseMember } from "../../../src/domain/people/people.js";
import type { SummaryRow } from "../../../src/domain/validation/summary-row.js";
import { TrainerHome } from "../../../src/domain/validation/trainer-home.js";
import { homePolicy } from "../../../src/policies/home.js";
import { abilities } from "../../../src/policies/policy.js";

const DAY = 86_400_000;
const now = new Date("2026-06-01T08:00:00Z");
const ago = (days: number): Date => new Date(now.getTime() - days * DAY);
const scope = { platformId: "p", deploymentId: "d", contextId: "c" };

function actor(roles: CarnetRole[], contextId: string | null = "c"): Actor {
  return {
    platformId: "p",
    deploymentId: "d",
    contextId,
    resourceLinkId: null,
    userId: "fanny",
    roles,
    launchId: "l",
  };
}

function member(
  id: string,
  lastLaunchAt: Date | undefined,
  overrides: Partial<CourseMember> = {},
): CourseMember {
  const person = {
    id,
    name: id,
    givenName: undefined,
    familyName: undefined,
    email: undefined,
    picture: undefined,
  };
  return {
    ...person,
    sub: id,
    roles: ["learner"],
    source: "launch",
    status: "Active",
    lastLaunchAt,
    ...overrides,
  };
}

function row(learnerId: string, overrides: Partial<SummaryRow>): SummaryRow {
  const strings = { states: "", levels: "", selfLevels: "", approvals: "" };
  return {
    id: learnerId,
    ...scope,
    frameworkId: "fw",
    learnerId,
    ...strings,
    pending: [],
    pendingKeys: [],
    validated: 0,
    ...overrides,
  };
}

describe("TrainerHome", () => {
  it("lists overdue, never launched and silent learners, most urgent first, not the active ones", async () => {
    const refreshed: string[] = [];
    const home = new TrainerHome({
      queue: { overview: async () => ({ now, requests: 0, items: 0, overdue: 0, oldest: undefined }) },
      roster: {
        refreshIfStale: async (course) => {
          refreshed.push(course.contextId);
          return {};
        },
      },
      people: {
        members: async () => [
          member("active", ago(2)),
          member("late", ago(2)),
          member("quiet", ago(30)),
          member("never", undefined, { source: "roster" }),
          member("teacher", ago(60), { roles: ["learner", "teacher"] }),
          member("fanny", ago(90)),
        ],
      },
      frameworks: { forPlacement: async () => null },
      summaries: { rows: async () => [] },
      rules: { get: async () => ({ validationsRequired: 1, reminderAfterDays: 14 }) },
      clock: new ManualClock(now),
    });
    const view = await home.forCourse(actor(["teacher"]), scope);
    expect(refreshed).to.deep.equal(["c"]);
    expect(
      view.attention.map((entry) => [entry.learner.id, entry.quietWeeks, entry.neverLaunched]),
    ).to.deep.equal([
      ["never", undefined, true],
      ["quiet", 4, false],
    ]);
    expect(view.learners).to.have.length(6);
  });

  it("ranks a long overdue request above silence, counted from the summary row's oldest wait", async () => {
    const home = new TrainerHome({
      queue: { overview: async () => ({ now, requests: 1, items: 1, overdue: 1, oldest: ago(40) }) },
      roster: { refreshIfStale: async () => ({}) },
      people: { members: async () => [member("quiet", ago(35)), member("late", ago(1))] },
      frameworks: {
        forPlacement: async () => ({
          id: "fw",
          key: "k",
          version: "1",
          definition: {
            key: "k",
            version: "1",
            title: { fr: "F" },
            source: { citation: "c", note: "n" },
            scale: { levels: [] },
            competences: [],
            situationFamilies: [],
          },
          platformId: null,
          shipped: true,
          status: "active",
          importedAt: now,
        }),
      },
      summaries: { rows: async () => [row("late", { oldestWaiting: ago(40), learnerActivityAt: ago(1) })] },
      rules: { get: async () => ({ validationsRequired: 1, reminderAfterDays: 14 }) },
      clock: new ManualClock(now),
    });
    const view = await home.forCourse(actor(["teacher"]), scope);
    expect(view.attention.map((entry) => [entry.learner.id, entry.overdueDays])).to.deep.equal([
      ["late", 40],
      ["quiet", undefined],
    ]);
  });
});

describe("homePolicy", () => {
  type Home = { view: boolean; workspace: boolean; tutorWorkspace: boolean; administer: boolean };
  const home = (workspace: boolean, tutorWorkspace: boolean, administer: boolean): Home => ({
    view: true,
    workspace,
    tutorWorkspace,
    administer,
  });
  const table: [string, Actor, Home][] = [
    ["a learner", actor(["learner"]), home(false, false, false)],
    ["a formateur of the course", actor(["teacher"]), home(true, false, false)],
    ["an administrator in a course", actor(["admin"]), home(true, false, true)],
    ["an administrator without a course", actor(["admin"], null), home(false, false, true)],
    ["an administrator who is also a learner", actor(["admin", "learner"], null), home(false, false, false)],
    // LTI's Mentor is how platforms send tutors: their launch opens the tutor workspace (issue 11).
    ["a mentor", actor(["mentor"]), home(false, true, false)],
    ["a mentor who also teaches the course", actor(["mentor", "teacher"]), home(true, false, false)],
    [
      "a mentor who is also a learner (a peer tutor)",
      actor(["mentor", "learner"]),
      home(false, false, false),
    ],
  ];
  for (const [who, someone, expected] of table) {
    const opened = expected.workspace
      ? "the trainers' workspace"
      : expected.tutorWorkspace
        ? "the tutor workspace"
        : expected.administer
          ? "administration"
          : "the learner's carnet";
    it(`opens ${who} ${opened}`, () => {
      expect(abilities(someone, homePolicy, someone)).to.deep.equal(expected);
    });
  }
});

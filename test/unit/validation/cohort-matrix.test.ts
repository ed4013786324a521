// CohortMatrixQuery: learners of the course with their summary rows, "my tutees" from the teaching
// scope, filters and sorting, and a background roster refresh that fails loudly (logged), never silently.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { CourseScope } from "../../../src/domain/course.js";
import type { StoredFramework } from "../../../src/domain/frameworks/catalog.js";
import type { CourseMember } from "../../../src/domain/people/people.js";
import { TeachingScopes } from "../../../src/domain/people/teaching-scopes.js";
import { CohortMatrixQuery, type CohortFilters } from "../../../src/domain/validation/cohort-matrix.js";
import type { SummaryRow } from "../../../src/domain/validation/summary-row.js";
import { cohortPolicy } from "../../../src/policies/cohort.js";
import { can } from "../../../src/policies/policy.js";
import { FRAMEWORK_DEFINITION } from "./fakes.js";

const DAY = 86_400_000;
const now = new Date("2026-05-01T08:00:00Z");
const scope: CourseScope = { platformId: "p", deploymentId: "d1", contextId: "course-a" };
const framework: StoredFramework = {
  id: "fw",
  key: "test",
  version: "1",
  definition: FRAMEWORK_DEFINITION,
  platformId: null,
  shipped: true,
  status: "active",
  importedAt: now,
};

function actor(roles: CarnetRole[], contextId: string | null = scope.contextId): Actor {
  return {
    platformId: "p",
    deploymentId: "d1",
    contextId,
    resourceLinkId: null,
    userId: "fanny",
    roles,
    launchId: "launch-1",
  };
}

function member(id: string, name: string, overrides: Partial<CourseMember> = {}): CourseMember {
  return {
    id,
    name,
    givenName: undefined,
    familyName: undefined,
    email: undefined,
    picture: undefined,
    sub: id,
    roles: ["learner"],
    source: "launch",
    status: "Active",
    lastLaunchAt: new Date(now.getTime() - DAY),
    ...overrides,
  };
}

function row(learnerId: string, states: string, overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    id: `row-${learnerId}`,
    ...scope,
    frameworkId: "fw",
    learnerId,
    states,
    levels: "--",
    selfLevels: "--",
    approvals: "00",
    pending: [],
    pendingKeys: [],
    validated: [...states].filter((c) => c === "v").length,
    ...overrides,
  };
}

const filters = (overrides: Partial<CohortFilters> = {}): CohortFilters => ({
  never: false,
  mine: false,
  domain: "",
  sort: "name",
  ...overrides,
});

function query(options: {
  tutees?: string[];
  synced?: boolean;
  refresh?: () => Promise<{ error?: string }>;
}): {
  cohort: CohortMatrixQuery;
  warnings: string[];
  warned: Promise<void>;
} {
  const warnings: string[] = [];
  let onWarning: () => void = () => undefined;
  const warned = new Promise<void>((resolve) => {
    onWarning = resolve;
  });
  const cohort = new CohortMatrixQuery({
    frameworks: { forPlacement: async () => framework },
    rules: { get: async () => ({ validationsRequired: 1, reminderAfterDays: 14 }) },
    people: {
      course: async () => (options.synced === false ? null : { rosterSyncedAt: now }),
      members: async () => [
        member("zoe", "Zoé Tutorée"),
        member("ali", "Ali Avancé"),
        member("bea", "Béa Jamais", { source: "roster", lastLaunchAt: undefined }),
        member("fanny", "Fanny Formatrice"),
        member("tim", "Tim Formateur", { roles: ["learner", "teacher"] }),
      ],
    },
    summaries: {
      rows: async () => [
        row("ali", "vv"),
        row("zoe", "sn", { oldestWaiting: new Date(now.getTime() - 20 * DAY) }),
      ],
    },
    scopes: new TeachingScopes({ coursesTaught: async () => [], tuteesOf: async () => options.tutees ?? [] }),
    roster: { refreshIfStale: options.refresh ?? (async () => ({})) },
    log: {
      warn: (_details, message) => {
        warnings.push(message);
        onWarning();
      },
    },
    clock: new ManualClock(now),
  });
  return { cohort, warnings, warned };
}

describe("CohortMatrixQuery", () => {
  it("lists the course's learners (not its teachers, not the reader), tutees first, then by name", async () => {
    const { cohort } = query({ tutees: ["zoe"] });
    const matrix = await cohort.matrix(actor(["teacher"]), scope, filters());
    expect(matrix.learners.map((l) => l.name)).to.deep.equal(["Zoé Tutorée", "Ali Avancé", "Béa Jamais"]);
    expect(matrix).to.include({ total: 3, required: 2, rosterError: false });
    expect(matrix.learners[0]).to.include({ tutee: true, oldestWaiting: 20 });
  });

  it("keeps the reader's tutees for 'mine', from the teaching scope", async () => {
    const { cohort } = query({ tutees: ["ali", "fanny"] });
    const matrix = await cohort.matrix(actor(["teacher"]), scope, filters({ mine: true }));
    expect(matrix.learners.map((l) => l.learnerId)).to.deep.equal(["ali"]);
  });

  it("filters by state over the columns shown, waiting time and never launched; sorts by progress", async () => {
    const { cohort } = query({});
    const names = async (wanted: Partial<CohortFilters>): Promise<string[]> =>
      (await cohort.matrix(actor(["teacher"]), scope, filters(wanted))).learners.map((l) => l.learnerId);
    expect(await names({ state: "submitted" })).to.deep.equal(["zoe"]);
    expect(await names({ state: "not_started" })).to.deep.equal(["bea", "zoe"]);
    expect(await names({ waiting: 21 })).to.deep.equal([]);
    expect(await names({ waiting: 20 })).to.deep.equal(["zoe"]);
    expect(await names({ never: true })).to.deep.equal(["bea"]);
    expect(await names({ sort: "progress" })).to.deep.equal(["bea", "zoe", "ali"]);
  });

  it("waits for the roster on the first view and says when the LMS could not give it", async () => {
    const { cohort } = query({ synced: false, refresh: async () => ({ error: "NRPS_FAILED" }) });
    expect((await cohort.matrix(actor(["teacher"]), scope, filters())).rosterError).to.equal(true);
  });

  it("logs a background roster refresh that fails, without failing the page", async () => {
    let fail: (error: Error) => void = () => undefined;
    const refresh = (): Promise<{ error?: string }> =>
      new Promise((_resolve, reject) => {
        fail = reject;
      });
    const { cohort, warnings, warned } = query({ refresh });
    const matrix = await cohort.matrix(actor(["teacher"]), scope, filters());
    expect(matrix.learners).to.have.length(3);
    fail(new Error("database gone"));
    await warned;
    expect(warnings).to.deep.equal(["background roster refresh failed"]);
  });
});

describe("cohortPolicy.view", () => {
  const table: [string, Actor, boolean][] = [
    ["a formateur of the course", actor(["teacher"]), true],
    ["an admin launched in the course", actor(["admin"]), true],
    ["a learner", actor(["learner"]), false],
    ["a mentor", actor(["mentor"]), false],
    ["a teacher launched without a course", actor(["teacher"], null), false],
  ];
  for (const [who, someone, allowed] of table) {
    it(`${allowed ? "opens" : "refuses"} the matrix to ${who}`, () => {
      expect(can(someone, cohortPolicy, "view", someone)).to.equal(allowed);
    });
  }
});

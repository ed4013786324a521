// CohortMatrixQuery: the filters turned into the rows' query (state codes at the columns' positions,
// days and weeks as dates, "my tutees" from the teaching scope), the page past the end, the page's
// names, and a background roster refresh that fails loudly (logged), never silently. The query itself
// runs against the database in test/integration/validation/cohort-rows.test.ts.
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { CourseScope } from "../../../src/domain/course.js";
import type { StoredFramework } from "../../../src/domain/frameworks/catalog.js";
import type { Person } from "../../../src/domain/people/people.js";
import { TeachingScopes } from "../../../src/domain/people/teaching-scopes.js";
import {
  COHORT_PAGE_SIZE,
  CohortMatrixQuery,
  type CohortFilters,
} from "../../../src/domain/validation/cohort-matrix.js";
import type { CohortRow, CohortRowQuery } from "../../../src/domain/validation/cohort-rows.js";
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

function person(id: string, name: string): Person {
  return {
    id,
    name,
    givenName: undefined,
    familyName: undefined,
    email: undefined,
    picture: undefined,
    sub: id,
  };
}

function row(learnerId: string, states: string, overrides: Partial<CohortRow> = {}): CohortRow {
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
    neverLaunched: false,
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
  matching?: number;
}): {
  cohort: CohortMatrixQuery;
  asked: CohortRowQuery[];
  warnings: string[];
  warned: Promise<void>;
} {
  const warnings: string[] = [];
  const asked: CohortRowQuery[] = [];
  let onWarning: () => void = () => undefined;
  const warned = new Promise<void>((resolve) => {
    onWarning = resolve;
  });
  const cohort = new CohortMatrixQuery({
    frameworks: { forPlacement: async () => framework },
    rules: { get: async () => ({ validationsRequired: 1, reminderAfterDays: 14 }) },
    people: {
      course: async () => (options.synced === false ? null : { rosterSyncedAt: now }),
      people: async (_platformId, ids) =>
        new Map(
          [person("zoe", "Zoé Tutorée"), person("ali", "Ali Avancé")]
            .filter((someone) => ids.includes(someone.id))
            .map((someone) => [someone.id, someone]),
        ),
    },
    rows: {
      page: async (_scope, wanted) => {
        asked.push(wanted);
        return {
          rows: [
            row("zoe", "sn", {
              oldestWaiting: new Date(now.getTime() - 20 * DAY),
              lastActivityAt: new Date(now.getTime() - 22 * DAY),
            }),
            row("ali", "vv"),
          ],
          matching: options.matching ?? 2,
          total: 3,
        };
      },
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
  return { cohort, asked, warnings, warned };
}

describe("CohortMatrixQuery", () => {
  it("shows the page's rows with their names, waits and silences, the reader's tutees marked", async () => {
    const { cohort, asked } = query({ tutees: ["zoe"] });
    const matrix = await cohort.matrix(actor(["teacher"]), scope, filters());
    expect(matrix.learners.map((l) => l.name)).to.deep.equal(["Zoé Tutorée", "Ali Avancé"]);
    expect(matrix).to.include({ total: 3, matching: 2, required: 2, rosterError: false, page: 1, pages: 1 });
    expect(matrix.learners[0]).to.include({ tutee: true, oldestWaiting: 20, quietWeeks: 3 });
    expect(matrix.learners[1]).to.include({ tutee: false, oldestWaiting: null, quietWeeks: null });
    expect(asked[0]).to.deep.include({
      frameworkId: "fw",
      excludeLearnerId: "fanny",
      tutees: ["zoe"],
      onlyTutees: false,
      neverLaunched: false,
      sort: "name",
      skip: 0,
      limit: COHORT_PAGE_SIZE,
    });
  });

  it("asks for the state's code at the columns shown, waits and silences as dates, the tutees only", async () => {
    const { cohort, asked } = query({ tutees: ["ali"] });
    await cohort.matrix(
      actor(["teacher"]),
      scope,
      filters({ state: "submitted", waiting: 20, inactive: 3, never: true, mine: true, sort: "progress" }),
    );
    expect(asked[0]).to.deep.include({
      state: { code: "s", positions: [0, 1] },
      waitingSince: new Date(now.getTime() - 20 * DAY),
      quietSince: new Date(now.getTime() - 21 * DAY),
      neverLaunched: true,
      onlyTutees: true,
      sort: "progress",
    });
  });

  it("asks for a page's rows, and for the last page when asked past the end", async () => {
    const { cohort, asked } = query({ matching: COHORT_PAGE_SIZE * 2 + 1 });
    const second = await cohort.matrix(actor(["teacher"]), scope, filters(), 2);
    expect(second).to.include({ page: 2, pages: 3 });
    expect(asked.map((q) => q.skip)).to.deep.equal([COHORT_PAGE_SIZE]);
    const past = await cohort.matrix(actor(["teacher"]), scope, filters(), 40);
    expect(past).to.include({ page: 3, pages: 3 });
    expect(asked.map((q) => q.skip).slice(1)).to.deep.equal([39 * COHORT_PAGE_SIZE, 2 * COHORT_PAGE_SIZE]);
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
    expect(matrix.learners).to.have.length(2);
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

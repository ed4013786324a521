import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import {
  frameworkCatalogPolicy,
  frameworkPolicy,
  type FrameworkTarget,
} from "../../../src/policies/frameworks.js";
import { can } from "../../../src/policies/policy.js";

function actor(roles: CarnetRole[], contextId: string | null = "course-1", platformId = "p1"): Actor {
  return {
    platformId,
    deploymentId: "1",
    contextId,
    resourceLinkId: null,
    userId: "u1",
    roles,
    launchId: "l1",
  };
}

const PEOPLE: Record<string, Actor> = {
  learner: actor(["learner"]),
  mentor: actor(["mentor"]),
  teacher: actor(["teacher"]),
  "teacher without a course": actor(["teacher"], null),
  admin: actor(["admin"]),
};

describe("frameworkCatalogPolicy (launch-level: 403 when refused)", () => {
  const table: Record<string, Record<"view" | "import" | "chooseForCourse" | "archive", boolean>> = {
    learner: { view: false, import: false, chooseForCourse: false, archive: false },
    mentor: { view: false, import: false, chooseForCourse: false, archive: false },
    teacher: { view: true, import: true, chooseForCourse: true, archive: false },
    "teacher without a course": { view: false, import: false, chooseForCourse: false, archive: false },
    admin: { view: true, import: true, chooseForCourse: true, archive: true },
  };
  for (const [who, expected] of Object.entries(table)) {
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      const person = PEOPLE[who];
      if (!person) throw new Error(who);
      for (const action of ["view", "import", "chooseForCourse", "archive"] as const) {
        expect(can(person, frameworkCatalogPolicy, action, person), action).to.equal(expected[action]);
      }
    });
  }
});

describe("frameworkPolicy (one framework: 404 when refused)", () => {
  const own: FrameworkTarget = { platformId: "p1", shipped: false, status: "active" };
  const archived: FrameworkTarget = { ...own, status: "archived" };
  const shipped: FrameworkTarget = { platformId: null, shipped: true, status: "active" };
  const foreign: FrameworkTarget = { platformId: "p2", shipped: false, status: "active" };
  const rows: [string, FrameworkTarget, Record<"export" | "choose" | "archive" | "restore", boolean>][] = [
    ["teacher", own, { export: true, choose: true, archive: false, restore: false }],
    ["teacher", archived, { export: true, choose: false, archive: false, restore: false }],
    ["teacher", shipped, { export: true, choose: true, archive: false, restore: false }],
    ["teacher", foreign, { export: false, choose: false, archive: false, restore: false }],
    ["admin", own, { export: true, choose: true, archive: true, restore: false }],
    ["admin", archived, { export: true, choose: false, archive: false, restore: true }],
    ["admin", shipped, { export: true, choose: true, archive: false, restore: false }],
    ["admin", foreign, { export: false, choose: false, archive: false, restore: false }],
    ["learner", own, { export: false, choose: false, archive: false, restore: false }],
  ];
  for (const [who, target, expected] of rows) {
    const label =
      target === foreign ? "another platform's" : target.shipped ? "a shipped" : `its own ${target.status}`;
    it(`${who} × ${label} framework: ${JSON.stringify(expected)}`, () => {
      const person = PEOPLE[who];
      if (!person) throw new Error(who);
      for (const action of ["export", "choose", "archive", "restore"] as const) {
        expect(can(person, frameworkPolicy, action, target), action).to.equal(expected[action]);
      }
    });
  }
});

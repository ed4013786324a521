// Grading as a role × action table: the course's grading page belongs to who teaches there; parked
// grades are seen and retried by a course's teachers (their course) and a platform's administrators.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { gradingPolicy, parkedGradePolicy, parkedScope } from "../../../src/policies/grading.js";
import { can } from "../../../src/policies/policy.js";

function actor(roles: CarnetRole[], contextId: string | null = "course-a", platformId = "p"): Actor {
  return {
    platformId,
    deploymentId: "d1",
    contextId,
    resourceLinkId: null,
    userId: "u",
    roles,
    launchId: "launch-0123456789",
  };
}

const here = { platformId: "p", deploymentId: "d1", contextId: "course-a" };
const otherCourse = { ...here, contextId: "course-b" };
const otherPlatform = { ...here, platformId: "q" };

describe("gradingPolicy and parkedGradePolicy", () => {
  const table: {
    who: string;
    actor: Actor;
    launch: Record<"view" | "configure" | "resync" | "viewParked", boolean>;
    retry: [boolean, boolean, boolean];
  }[] = [
    {
      who: "a learner",
      actor: actor(["learner"]),
      launch: { view: false, configure: false, resync: false, viewParked: false },
      retry: [false, false, false],
    },
    {
      who: "a mentor",
      actor: actor(["mentor"]),
      launch: { view: false, configure: false, resync: false, viewParked: false },
      retry: [false, false, false],
    },
    {
      who: "a teacher of the course",
      actor: actor(["teacher"]),
      launch: { view: true, configure: true, resync: true, viewParked: true },
      retry: [true, false, false],
    },
    {
      who: "a teacher launched without a course",
      actor: actor(["teacher"], null),
      launch: { view: false, configure: false, resync: false, viewParked: false },
      retry: [false, false, false],
    },
    {
      who: "a platform administrator",
      actor: actor(["admin"]),
      launch: { view: true, configure: true, resync: true, viewParked: true },
      retry: [true, true, false],
    },
    {
      who: "a platform administrator launched without a course",
      actor: actor(["admin"], null),
      launch: { view: false, configure: false, resync: false, viewParked: true },
      retry: [true, true, false],
    },
  ];

  for (const row of table) {
    it(`${row.who}: ${JSON.stringify(row.launch)}, retry here/other course/other platform ${row.retry.join("/")}`, () => {
      for (const action of ["view", "configure", "resync", "viewParked"] as const)
        expect(can(row.actor, gradingPolicy, action, row.actor), action).to.equal(row.launch[action]);
      const retries = [here, otherCourse, otherPlatform].map((grade) =>
        can(row.actor, parkedGradePolicy, "retry", grade),
      );
      expect(retries).to.deep.equal(row.retry);
    });
  }

  it("scopes the parked list to the platform for administrators, to the course for teachers", () => {
    expect(parkedScope(actor(["admin"]))).to.deep.equal({ platformId: "p" });
    expect(parkedScope(actor(["teacher"]))).to.deep.equal(here);
    expect(parkedScope(actor(["teacher"], null))).to.deep.equal({ ...here, contextId: "" });
  });
});

// courseSettingsPolicy as a role × action table: the course's rules belong to who teaches in it.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { courseSettingsPolicy } from "../../../src/policies/course-settings.js";
import { abilities } from "../../../src/policies/policy.js";

function actor(roles: CarnetRole[], contextId: string | null = "course-a"): Actor {
  return {
    platformId: "p",
    deploymentId: "d",
    contextId,
    resourceLinkId: null,
    userId: "u",
    roles,
    launchId: "l",
  };
}

describe("courseSettingsPolicy", () => {
  const table: [string, Actor, boolean][] = [
    ["a formateur of the course (the référent included)", actor(["teacher"]), true],
    ["an admin launched in the course", actor(["admin"]), true],
    ["a learner (a peer tutor too)", actor(["learner"]), false],
    ["a mentor", actor(["mentor"]), false],
    ["a teacher launched without a course", actor(["teacher"], null), false],
  ];
  for (const [who, someone, allowed] of table) {
    it(`${allowed ? "lets" : "refuses"} ${who} view and edit the settings`, () => {
      expect(abilities(someone, courseSettingsPolicy, someone)).to.deep.equal({
        view: allowed,
        edit: allowed,
      });
    });
  }
});

// Data rights as a role × action table: only an administrator of the person's own platform exports or
// erases them, and nobody erases themselves.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { can } from "../../../src/policies/policy.js";
import { dataRightsPolicy } from "../../../src/policies/data-rights.js";

function actor(roles: CarnetRole[], platformId = "plt_a", userId = "admin-1"): Actor {
  return {
    platformId,
    deploymentId: "1",
    contextId: "c",
    resourceLinkId: null,
    userId,
    roles,
    launchId: "launch-0123456789",
  };
}

describe("dataRightsPolicy", () => {
  const person = { platformId: "plt_a", userId: "person-1" };
  const table: [string, Actor, boolean, boolean][] = [
    // who, export, erase
    ["an administrator of the person's platform", actor(["admin"]), true, true],
    ["an administrator who also teaches", actor(["teacher", "admin"]), true, true],
    ["an administrator of another platform", actor(["admin"], "plt_b"), false, false],
    ["the person themselves, administrator", actor(["admin"], "plt_a", "person-1"), true, false],
    ["a teacher", actor(["teacher"]), false, false],
    ["a learner", actor(["learner"]), false, false],
    ["a mentor", actor(["mentor"]), false, false],
  ];
  for (const [who, subject, exports, erases] of table) {
    it(`gives ${who}: export ${exports}, erase ${erases}`, () => {
      expect(can(subject, dataRightsPolicy, "export", person)).to.equal(exports);
      expect(can(subject, dataRightsPolicy, "erase", person)).to.equal(erases);
    });
  }
});

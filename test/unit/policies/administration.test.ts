// Administration as a role × action table: LMS administrators view, operators' administrators operate.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { can } from "../../../src/policies/policy.js";
import { administrationPolicy, operationPolicy } from "../../../src/policies/administration.js";

function actor(roles: CarnetRole[]): Actor {
  return {
    platformId: "plt_a",
    deploymentId: "1",
    contextId: "c",
    resourceLinkId: null,
    userId: "u",
    roles,
    launchId: "launch-0123456789",
  };
}

describe("administration policies", () => {
  const operatorPlatform = { active: true, operator: true };
  const tenantPlatform = { active: true };
  const inactiveOperator = { active: false, operator: true };
  const table: [CarnetRole[], boolean, boolean, boolean, boolean][] = [
    // roles, view, operate (operator platform), operate (other platform), operate (inactive operator)
    [["admin"], true, true, false, false],
    [["teacher", "admin"], true, true, false, false],
    [["teacher"], false, false, false, false],
    [["learner"], false, false, false, false],
    [["mentor"], false, false, false, false],
  ];
  for (const [roles, view, operate, operateElsewhere, operateInactive] of table) {
    it(`gives ${roles.join(" + ")}: view ${view}, operate ${operate}/${operateElsewhere}/${operateInactive}`, () => {
      const who = actor(roles);
      expect(can(who, administrationPolicy, "view", who)).to.equal(view);
      expect(can(who, operationPolicy, "operate", operatorPlatform)).to.equal(operate);
      expect(can(who, operationPolicy, "operate", tenantPlatform)).to.equal(operateElsewhere);
      expect(can(who, operationPolicy, "operate", inactiveOperator)).to.equal(operateInactive);
    });
  }
});

import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { credentialAreaPolicy, credentialPolicy } from "../../../src/policies/credentials.js";
import { can } from "../../../src/policies/policy.js";

function actor(roles: CarnetRole[], contextId: string | null = "course-1"): Actor {
  return {
    platformId: "p1",
    deploymentId: "1",
    contextId,
    resourceLinkId: null,
    userId: "u1",
    roles,
    launchId: "l1",
  };
}

describe("credentialAreaPolicy (launch-level: 403 when refused)", () => {
  const table: [string, Actor, { claim: boolean; configure: boolean }][] = [
    ["a learner in a course", actor(["learner"]), { claim: true, configure: false }],
    ["a learner without a course", actor(["learner"], null), { claim: false, configure: false }],
    ["a teacher", actor(["teacher"]), { claim: false, configure: true }],
    ["a mentor", actor(["mentor"]), { claim: false, configure: false }],
    ["an administrator", actor(["admin"]), { claim: false, configure: true }],
  ];
  for (const [who, person, expected] of table) {
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      expect(can(person, credentialAreaPolicy, "claim", person)).to.equal(expected.claim);
      expect(can(person, credentialAreaPolicy, "configure", person)).to.equal(expected.configure);
    });
  }
});

describe("credentialPolicy.download (404 when refused)", () => {
  it("lets a learner download their own credential only, on their platform", () => {
    const learner = actor(["learner"]);
    expect(can(learner, credentialPolicy, "download", { platformId: "p1", learnerId: "u1" })).to.equal(true);
    expect(can(learner, credentialPolicy, "download", { platformId: "p1", learnerId: "u2" })).to.equal(false);
    expect(can(learner, credentialPolicy, "download", { platformId: "p2", learnerId: "u1" })).to.equal(false);
    expect(
      can(actor(["teacher"]), credentialPolicy, "download", { platformId: "p1", learnerId: "u2" }),
    ).to.equal(false);
  });
});

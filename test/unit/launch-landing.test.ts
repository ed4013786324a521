import { expect } from "chai";
import type { CarnetRole } from "../../src/domain/actor.js";
import { landingPath } from "../../src/domain/launch/landing.js";

describe("landingPath", () => {
  const resource = "LtiResourceLinkRequest";
  const table: [CarnetRole[], string | undefined, boolean, string][] = [
    [["learner"], "portfolio", true, "traces"],
    [["learner"], "assessment", true, "competences"],
    [["learner"], "workspace", true, ""],
    [["teacher"], "portfolio", true, "traces/review"],
    [["teacher"], "assessment", true, "validation/queue"],
    [["teacher"], "workspace", true, ""],
    [["admin"], "assessment", true, "validation/queue"],
    [["mentor"], "assessment", true, "competences"],
    // Outside a course nobody teaches: a teacher's own traces.
    [["teacher"], "portfolio", false, "traces"],
    [["learner"], undefined, true, ""],
    [["learner"], "../admin", true, ""],
  ];
  for (const [roles, view, inCourse, expected] of table) {
    it(`sends ${roles.join("+")} opening ${String(view)}${inCourse ? "" : " outside a course"} to "${expected}"`, () => {
      expect(landingPath({ messageType: resource, roles, inCourse, view })).to.equal(expected);
    });
  }

  it("sends a deep-linking request to the chooser whatever the view", () => {
    expect(
      landingPath({
        messageType: "LtiDeepLinkingRequest",
        roles: ["teacher"],
        inCourse: true,
        view: "assessment",
      }),
    ).to.equal("deep-linking");
  });
});

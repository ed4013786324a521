// placementAreaPolicy and placementPolicy as role × action tables.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import {
  placementAreaPolicy,
  placementPolicy,
  type PlacementTarget,
} from "../../../src/policies/placements.js";
import { abilities } from "../../../src/policies/policy.js";

function actor(roles: CarnetRole[], contextId: string | null = "course-a", userId = "u"): Actor {
  return {
    platformId: "p",
    deploymentId: "d",
    contextId,
    resourceLinkId: null,
    userId,
    roles,
    launchId: "l",
  };
}

describe("placementAreaPolicy", () => {
  const table: [string, Actor, { own: boolean; follow: boolean }][] = [
    ["a learner of the course", actor(["learner"]), { own: true, follow: false }],
    ["a learner launched without a course", actor(["learner"], null), { own: false, follow: false }],
    ["a formateur of the course", actor(["teacher"]), { own: false, follow: true }],
    ["a mentor (tutor)", actor(["mentor"]), { own: false, follow: true }],
    ["an admin in the course", actor(["admin"]), { own: false, follow: true }],
    ["a formateur launched without a course", actor(["teacher"], null), { own: false, follow: false }],
  ];
  for (const [who, someone, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, placementAreaPolicy, someone)).to.deep.equal(expected);
    });
  }
});

describe("placementPolicy", () => {
  const lea = (following: PlacementTarget["following"]): PlacementTarget => ({ learnerId: "lea", following });
  const none = { invite: false, list: false, revoke: false, shareTraces: false };
  const inviter = { invite: true, list: true, revoke: true, shareTraces: false };
  const table: [string, Actor, PlacementTarget, typeof none][] = [
    [
      "the learner herself",
      actor(["learner"], "course-a", "lea"),
      lea(null),
      { invite: true, list: true, revoke: true, shareTraces: true },
    ],
    ["the learner launched without a course", actor(["learner"], null, "lea"), lea(null), none],
    ["a formateur of her course", actor(["teacher"]), lea("teacher"), inviter],
    ["her tutor", actor(["mentor"]), lea("tutor"), inviter],
    ["a formateur who does not follow her", actor(["teacher"]), lea(null), none],
    ["another learner", actor(["learner"], "course-a", "paul"), lea(null), none],
  ];
  for (const [who, someone, target, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, placementPolicy, target)).to.deep.equal(expected);
    });
  }
});

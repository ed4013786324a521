// dossierPolicy and synthesisPolicy as role × action tables.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { dossierPolicy, synthesisPolicy, type SynthesisTarget } from "../../../src/policies/dossier.js";
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

describe("dossierPolicy", () => {
  const table: [string, Actor, { own: boolean; manageJuries: boolean; certify: boolean }][] = [
    ["a learner of the course", actor(["learner"]), { own: true, manageJuries: false, certify: false }],
    [
      "a learner launched without a course",
      actor(["learner"], null),
      { own: false, manageJuries: false, certify: false },
    ],
    ["a formateur of the course", actor(["teacher"]), { own: false, manageJuries: true, certify: true }],
    [
      "a formateur launched without a course",
      actor(["teacher"], null),
      { own: false, manageJuries: false, certify: false },
    ],
    ["an admin in the course", actor(["admin"]), { own: false, manageJuries: true, certify: true }],
    ["a mentor (tutor)", actor(["mentor"]), { own: false, manageJuries: false, certify: false }],
  ];
  for (const [who, someone, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, dossierPolicy, someone)).to.deep.equal(expected);
    });
  }
});

describe("synthesisPolicy", () => {
  const learnerTarget = (following: SynthesisTarget["following"]): SynthesisTarget => ({
    learnerId: "lea",
    following,
  });
  const table: [string, Actor, SynthesisTarget, { write: boolean; read: boolean; acknowledge: boolean }][] = [
    [
      "the learner themselves",
      actor(["learner"], "course-a", "lea"),
      learnerTarget(null),
      { write: false, read: true, acknowledge: true },
    ],
    [
      "a formateur of the learner's course",
      actor(["teacher"]),
      learnerTarget("teacher"),
      { write: true, read: true, acknowledge: false },
    ],
    [
      "the learner's tutor (mentor)",
      actor(["mentor"]),
      learnerTarget("tutor"),
      { write: true, read: true, acknowledge: false },
    ],
    [
      "a peer tutor (a learner who tutors)",
      actor(["learner"]),
      learnerTarget("tutor"),
      { write: true, read: true, acknowledge: false },
    ],
    [
      "a formateur of another course",
      actor(["teacher"], "course-b"),
      learnerTarget(null),
      { write: false, read: false, acknowledge: false },
    ],
    [
      "another learner",
      actor(["learner"]),
      learnerTarget(null),
      { write: false, read: false, acknowledge: false },
    ],
  ];
  for (const [who, someone, target, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, synthesisPolicy, target)).to.deep.equal(expected);
    });
  }
});

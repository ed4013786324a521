// dossierPolicy and synthesisPolicy as role × action tables.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import {
  dossierPolicy,
  synthesisPolicy,
  synthesisTargetOf,
  type SynthesisTarget,
} from "../../../src/policies/dossier.js";
import { abilities, can } from "../../../src/policies/policy.js";
import { teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";

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
  type Row = { own: boolean; manageJuries: boolean; certify: boolean; tutorSyntheses: boolean };
  const table: [string, Actor, Row][] = [
    [
      "a learner of the course",
      actor(["learner"]),
      { own: true, manageJuries: false, certify: false, tutorSyntheses: true },
    ],
    [
      "a learner launched without a course",
      actor(["learner"], null),
      { own: false, manageJuries: false, certify: false, tutorSyntheses: true },
    ],
    [
      "a formateur of the course",
      actor(["teacher"]),
      { own: false, manageJuries: true, certify: true, tutorSyntheses: true },
    ],
    [
      "a formateur launched without a course",
      actor(["teacher"], null),
      { own: false, manageJuries: false, certify: false, tutorSyntheses: true },
    ],
    [
      "an admin in the course",
      actor(["admin"]),
      { own: false, manageJuries: true, certify: true, tutorSyntheses: true },
    ],
    [
      "a mentor (tutor)",
      actor(["mentor"]),
      { own: false, manageJuries: false, certify: false, tutorSyntheses: true },
    ],
  ];
  for (const [who, someone, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, dossierPolicy, someone)).to.deep.equal(expected);
    });
  }
});

describe("synthesisPolicy", () => {
  /** The target as the routes build it: from the actor's teaching scope (courses taught, tutees). */
  const targetFor = (someone: Actor, facts: TeachingFacts, learnerId = "lea"): SynthesisTarget =>
    synthesisTargetOf(teachingScope(someone, facts), learnerId);
  const none: TeachingFacts = { coursesTaught: [], tutees: [] };
  const table: [string, Actor, TeachingFacts, { write: boolean; read: boolean; acknowledge: boolean }][] = [
    [
      "the learner themselves",
      actor(["learner"], "course-a", "lea"),
      none,
      { write: false, read: true, acknowledge: true },
    ],
    [
      "the learner's tutor (mentor)",
      actor(["mentor"]),
      { coursesTaught: [], tutees: ["lea"] },
      { write: true, read: true, acknowledge: false },
    ],
    [
      "the learner's tutor who also teaches the course",
      actor(["teacher"]),
      { coursesTaught: [], tutees: ["lea", "max"] },
      { write: true, read: true, acknowledge: false },
    ],
    [
      "the learner's tutor launched without a course",
      actor(["mentor"], null),
      { coursesTaught: [], tutees: ["lea"] },
      { write: true, read: true, acknowledge: false },
    ],
    [
      "a formateur of the learner's course who does not tutor her",
      actor(["teacher"]),
      { coursesTaught: [{ deploymentId: "d", contextId: "course-a" }], tutees: ["max"] },
      { write: false, read: false, acknowledge: false },
    ],
    [
      "an administrator of the course",
      actor(["admin"]),
      none,
      { write: false, read: false, acknowledge: false },
    ],
    [
      "her peer tutor (a learner who accompanies her)",
      actor(["learner"]),
      { coursesTaught: [], tutees: [], peerTutees: ["lea"] },
      { write: false, read: false, acknowledge: false },
    ],
    [
      "another tutor's tutee's tutor",
      actor(["mentor"]),
      { coursesTaught: [], tutees: ["max"] },
      { write: false, read: false, acknowledge: false },
    ],
    ["another learner", actor(["learner"]), none, { write: false, read: false, acknowledge: false }],
  ];
  for (const [who, someone, facts, expected] of table) {
    it(`gives ${who} ${JSON.stringify(expected)}`, () => {
      expect(abilities(someone, synthesisPolicy, targetFor(someone, facts))).to.deep.equal(expected);
    });
  }

  it("never lets a tutor write their own synthesis (a tutee of themselves is no tutee)", () => {
    const self = actor(["mentor"], "course-a", "lea");
    expect(
      can(self, synthesisPolicy, "write", targetFor(self, { coursesTaught: [], tutees: ["lea"] })),
    ).to.equal(false);
  });
});

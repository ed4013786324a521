// The validators' side as a role × action table: who may open the queue (queuePolicy), and who may
// open and decide a learner's request (competencesPolicy.viewAsValidator) — through the one rule
// (teachingScope → followsLearner → acting roles).
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { can } from "../../../src/policies/policy.js";
import { queuePolicy } from "../../../src/policies/queue.js";
import { followsLearner, teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";
import { actingRoles, competencesPolicy, type AccessFacts } from "../../../src/policies/validation.js";

const course = { deploymentId: "d1", contextId: "course-a" };
const otherCourse = { deploymentId: "d1", contextId: "course-b" };
const LEARNER = "lea";

function actor(userId: string, roles: CarnetRole[], launchedIn = course): Actor {
  return {
    platformId: "p",
    deploymentId: launchedIn.deploymentId,
    contextId: launchedIn.contextId,
    resourceLinkId: null,
    userId,
    roles,
    launchId: "launch-0123456789",
  };
}

/** What the request page decides: the acting roles the actor holds towards the request's learner. */
function mayDecide(who: Actor, facts: TeachingFacts): boolean {
  const following = followsLearner(teachingScope(who, facts), LEARNER, course, true);
  const access: AccessFacts = {
    actorId: who.userId,
    learnerId: LEARNER,
    teachesInCourse: following === "teacher",
    tutorOfLearner: following === "tutor",
  };
  return can(who, competencesPolicy, "viewAsValidator", { facts: access, roles: actingRoles(access) });
}

const none: TeachingFacts = { coursesTaught: [], tutees: [] };

describe("queuePolicy.view and competencesPolicy.viewAsValidator (a request)", () => {
  const table: { who: string; actor: Actor; facts: TeachingFacts; queue: boolean; decide: boolean }[] = [
    {
      who: "the learner (own request)",
      actor: actor(LEARNER, ["learner"]),
      facts: none,
      queue: true,
      decide: false,
    },
    { who: "another learner", actor: actor("eve", ["learner"]), facts: none, queue: true, decide: false },
    {
      who: "the learner's tutor (no teaching role)",
      actor: actor("tom", ["learner"], otherCourse),
      facts: { coursesTaught: [], tutees: [LEARNER] },
      queue: true,
      decide: true,
    },
    {
      who: "a peer tutor launched from the same course",
      actor: actor("pia", ["learner"]),
      facts: { coursesTaught: [], tutees: [LEARNER] },
      queue: true,
      decide: true,
    },
    {
      who: "the course's référent (teaches the course)",
      actor: actor("reg", ["teacher"]),
      facts: none,
      queue: true,
      decide: true,
    },
    {
      who: "a formateur of the course",
      actor: actor("fan", ["teacher"]),
      facts: none,
      queue: true,
      decide: true,
    },
    {
      who: "a formateur of the course launched from another course (membership)",
      actor: actor("fan", ["teacher"], otherCourse),
      facts: { coursesTaught: [course], tutees: [] },
      queue: true,
      decide: true,
    },
    {
      who: "a formateur of another course",
      actor: actor("oto", ["teacher"], otherCourse),
      facts: { coursesTaught: [otherCourse], tutees: [] },
      queue: true,
      decide: false,
    },
    {
      who: "an admin launched in the course",
      actor: actor("adm", ["admin"]),
      facts: none,
      queue: true,
      decide: true,
    },
    {
      who: "a mentor of the course (LTI mentor only)",
      actor: actor("men", ["mentor"]),
      facts: none,
      queue: true,
      decide: false,
    },
  ];

  for (const row of table) {
    it(`${row.queue ? "opens" : "refuses"} the queue and ${row.decide ? "lets" : "refuses"} ${row.who} decide`, () => {
      expect(can(row.actor, queuePolicy, "view", row.actor)).to.equal(row.queue);
      expect(mayDecide(row.actor, row.facts)).to.equal(row.decide);
    });
  }

  it("never lets a relation computed for someone else open a request", () => {
    const facts: AccessFacts = {
      actorId: "fan",
      learnerId: LEARNER,
      teachesInCourse: true,
      tutorOfLearner: false,
    };
    const intruder = actor("eve", ["teacher"]);
    expect(
      can(intruder, competencesPolicy, "viewAsValidator", { facts, roles: actingRoles(facts) }),
    ).to.equal(false);
  });
});

// competencesPolicy as a role × action table: each person's relation to the learner is computed the
// way ValidationService.access does (teachingScope → followsLearner → actingRoles), then every action
// of the policy is asked.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { abilities, authorize, can, guard } from "../../../src/policies/policy.js";
import { followsLearner, teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";
import {
  actingRoles,
  competencesPolicy,
  validationLaunchPolicy,
  type CompetenceAction,
  type LearnerRelation,
} from "../../../src/policies/validation.js";
import { NotFoundError } from "../../../src/errors.js";

const here = { deploymentId: "d1", contextId: "course-a" };
const other = { deploymentId: "d1", contextId: "course-b" };
const LEARNER = "lea";

function actor(userId: string, roles: CarnetRole[], course = here): Actor {
  return {
    platformId: "p",
    deploymentId: course.deploymentId,
    contextId: course.contextId,
    resourceLinkId: null,
    userId,
    roles,
    launchId: "launch-0123456789",
  };
}

/** What ValidationService.access computes for this person and Léa, a learner of course A. */
function relationOf(person: Actor, facts: TeachingFacts): LearnerRelation {
  const following =
    person.userId === LEARNER
      ? null
      : followsLearner(teachingScope(person, facts), LEARNER, { ...here }, true);
  const accessFacts = {
    actorId: person.userId,
    learnerId: LEARNER,
    teachesInCourse: following === "teacher",
    tutorOfLearner: following === "tutor",
  };
  return { facts: accessFacts, roles: actingRoles(accessFacts) };
}

const none: TeachingFacts = { coursesTaught: [], tutees: [] };

interface Row {
  who: string;
  actor: Actor;
  facts: TeachingFacts;
  allowed: CompetenceAction[];
}

const LEARNER_SIDE: CompetenceAction[] = ["viewOwn", "actAsLearner", "act", "comment", "viewScan"];
const VALIDATOR_SIDE: CompetenceAction[] = [
  "viewAsValidator",
  "act",
  "comment",
  "viewFile",
  "writeNote",
  "logContact",
  "viewScan",
];

const ROWS: Row[] = [
  { who: "the learner", actor: actor(LEARNER, ["learner"]), facts: none, allowed: LEARNER_SIDE },
  {
    who: "the learner launched as a teacher of their own course",
    actor: actor(LEARNER, ["teacher", "learner"]),
    facts: { coursesTaught: [here], tutees: [LEARNER] },
    allowed: LEARNER_SIDE,
  },
  {
    who: "a formateur of the course",
    actor: actor("fanny", ["teacher"]),
    facts: none,
    allowed: [...VALIDATOR_SIDE, "enterPaper"],
  },
  {
    who: "an admin of the course",
    actor: actor("ada", ["admin"]),
    facts: none,
    allowed: [...VALIDATOR_SIDE, "enterPaper"],
  },
  {
    who: "a référent teaching the course, launched from another one",
    actor: actor("regine", ["teacher"], other),
    facts: { coursesTaught: [here], tutees: [] },
    allowed: [...VALIDATOR_SIDE, "enterPaper"],
  },
  {
    who: "the learner's tutor, launched as a learner elsewhere",
    actor: actor("paul", ["learner"], other),
    facts: { coursesTaught: [], tutees: [LEARNER] },
    allowed: VALIDATOR_SIDE,
  },
  {
    who: "a mentor of the course who tutors nobody",
    actor: actor("mona", ["mentor"]),
    facts: none,
    allowed: [],
  },
  {
    who: "a peer tutor (a learner of the course)",
    actor: actor("pierre", ["learner"]),
    facts: { coursesTaught: [], tutees: ["someone-else"] },
    allowed: [],
  },
  {
    who: "a formateur of another course",
    actor: actor("zoe", ["teacher"], other),
    facts: { coursesTaught: [other], tutees: [] },
    allowed: [],
  },
  {
    who: "a formateur of the course with a stale membership elsewhere but a learner here",
    actor: actor("leo", ["learner"]),
    facts: { coursesTaught: [here], tutees: [] },
    allowed: [],
  },
];

describe("competencesPolicy", () => {
  const actions = Object.keys(competencesPolicy.rules) as CompetenceAction[];
  for (const row of ROWS) {
    it(`lets ${row.who} ${row.allowed.length ? row.allowed.join(", ") : "do nothing"}`, () => {
      const relation = relationOf(row.actor, row.facts);
      const allowed = actions.filter((action) => can(row.actor, competencesPolicy, action, relation));
      expect(allowed).to.have.members(row.allowed);
      expect(abilities(row.actor, competencesPolicy, relation)).to.deep.equal(
        Object.fromEntries(actions.map((action) => [action, row.allowed.includes(action)])),
      );
    });
  }

  it("refuses with a 404: a learner's things look absent to whoever may not see them", () => {
    const stranger = actor("zoe", ["teacher"], other);
    const relation = relationOf(stranger, none);
    expect(() => authorize(stranger, competencesPolicy, "viewFile", relation)).to.throw(NotFoundError);
  });

  it("ignores a relation computed for somebody else", () => {
    const fanny = actor("fanny", ["teacher"]);
    const relation = relationOf(fanny, none);
    const paul = actor("paul", ["teacher"]);
    expect(can(paul, competencesPolicy, "viewFile", relation)).to.equal(false);
  });
});

describe("validationLaunchPolicy", () => {
  it("opens the learner's pages and the trainers' pages to any launch: each learner is checked after", () => {
    for (const roles of [["learner"], ["teacher"], ["mentor"], ["admin"]] as CarnetRole[][]) {
      const person = actor("x", roles);
      expect(() => guard(validationLaunchPolicy, "ownCompetences").check(person)).to.not.throw();
      expect(() => guard(validationLaunchPolicy, "followLearners").check(person)).to.not.throw();
    }
  });
});

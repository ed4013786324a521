// teachingScope: the one rule behind "may decide on this learner", "may read this evidence", the queue
// and the matrix — LTI decides in the launch's course, memberships elsewhere, tutoring everywhere.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { followsLearner, teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";

const here = { deploymentId: "d1", contextId: "course-a" };
const elsewhere = { deploymentId: "d1", contextId: "course-b" };

function actor(roles: CarnetRole[]): Actor {
  return {
    platformId: "p",
    deploymentId: here.deploymentId,
    contextId: here.contextId,
    resourceLinkId: null,
    userId: "me",
    roles,
    launchId: "launch-0123456789",
  };
}

const none: TeachingFacts = { coursesTaught: [], tutees: [] };

describe("teachingScope / followsLearner", () => {
  const table: {
    who: string;
    roles: CarnetRole[];
    facts: TeachingFacts;
    learner: string;
    course: typeof here;
    inCourse: boolean;
    expected: "teacher" | "tutor" | null;
  }[] = [
    {
      who: "a teacher of the launch's course (LTI)",
      roles: ["teacher"],
      facts: none,
      learner: "l",
      course: here,
      inCourse: true,
      expected: "teacher",
    },
    {
      who: "an admin in the launch's course (LTI)",
      roles: ["admin"],
      facts: none,
      learner: "l",
      course: here,
      inCourse: true,
      expected: "teacher",
    },
    {
      who: "a teacher, for someone not enrolled in the course",
      roles: ["teacher"],
      facts: none,
      learner: "l",
      course: here,
      inCourse: false,
      expected: null,
    },
    {
      who: "a learner of the launch's course",
      roles: ["learner"],
      facts: none,
      learner: "l",
      course: here,
      inCourse: true,
      expected: null,
    },
    {
      who: "a mentor without tutees",
      roles: ["mentor"],
      facts: none,
      learner: "l",
      course: here,
      inCourse: true,
      expected: null,
    },
    {
      who: "a learner with a stale teaching membership in the launch's course",
      roles: ["learner"],
      facts: { coursesTaught: [here], tutees: [] },
      learner: "l",
      course: here,
      inCourse: true,
      expected: null,
    },
    {
      who: "a teacher of another course (membership)",
      roles: ["learner"],
      facts: { coursesTaught: [elsewhere], tutees: [] },
      learner: "l",
      course: elsewhere,
      inCourse: true,
      expected: "teacher",
    },
    {
      who: "a teacher of another course, on this course",
      roles: ["learner"],
      facts: { coursesTaught: [elsewhere], tutees: [] },
      learner: "l",
      course: here,
      inCourse: true,
      expected: null,
    },
    {
      who: "a tutor, in any course",
      roles: ["learner"],
      facts: { coursesTaught: [], tutees: ["l"] },
      learner: "l",
      course: elsewhere,
      inCourse: false,
      expected: "tutor",
    },
    {
      who: "a teacher, on themselves",
      roles: ["teacher"],
      facts: { coursesTaught: [], tutees: ["me"] },
      learner: "me",
      course: here,
      inCourse: true,
      expected: null,
    },
  ];
  for (const row of table) {
    it(`${row.expected ?? "refuses"}: ${row.who}`, () => {
      const scope = teachingScope(actor(row.roles), row.facts);
      expect(followsLearner(scope, row.learner, row.course, row.inCourse)).to.equal(row.expected);
    });
  }

  it("lists the launch's course once when LTI and a membership both say so", () => {
    const scope = teachingScope(actor(["teacher"]), { coursesTaught: [here, elsewhere], tutees: [] });
    expect(scope.courses).to.deep.equal([elsewhere, here]);
  });
});

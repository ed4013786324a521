// Tutoring's permissions as role × action tables: appointing a tutor is a permission of its own (a lead of
// one of the learner's courses, acting from it, or an administrator), and what each person who follows a
// learner may do — tutor, peer tutor, référent, formateur of the course or of another, the learner.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { abilities } from "../../../src/policies/policy.js";
import { teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";
import {
  appointmentPolicy,
  followedLearnerPolicy,
  tutoringLaunchPolicy,
  type AppointmentTarget,
  type FollowedLearner,
} from "../../../src/policies/tutoring.js";

const PLATFORM = "platform-1";
const LEARNER = "learner-l";
const COURSE_A = { deploymentId: "d1", contextId: "course-a" };
const COURSE_B = { deploymentId: "d1", contextId: "course-b" };

function actor(
  userId: string,
  roles: CarnetRole[],
  course: typeof COURSE_A | null,
  platformId = PLATFORM,
): Actor {
  return {
    platformId,
    deploymentId: course?.deploymentId ?? "d1",
    contextId: course?.contextId ?? null,
    resourceLinkId: null,
    userId,
    roles,
    launchId: "launch-0123456789",
  };
}

type Who =
  | "tutor"
  | "peer tutor"
  | "référent"
  | "formateur of the course"
  | "formateur of another course"
  | "learner"
  | "administrator"
  | "mentor without a relation"
  | "formateur on another platform";

const ACTORS: Record<Who, Actor> = {
  tutor: actor("tutor", ["teacher"], COURSE_B),
  "peer tutor": actor("peer", ["learner"], COURSE_B),
  référent: actor("referent", ["mentor"], COURSE_B),
  "formateur of the course": actor("teacher-a", ["teacher"], COURSE_A),
  "formateur of another course": actor("teacher-b", ["teacher"], COURSE_B),
  learner: actor(LEARNER, ["learner"], COURSE_A),
  administrator: actor("admin", ["admin"], COURSE_B),
  "mentor without a relation": actor("mentor", ["mentor"], COURSE_A),
  "formateur on another platform": actor("teacher-a", ["teacher"], COURSE_A, "platform-2"),
};

const FACTS: Partial<Record<Who, TeachingFacts>> = {
  tutor: { coursesTaught: [COURSE_B], tutees: [LEARNER] },
  "peer tutor": { coursesTaught: [], tutees: [], peerTutees: [LEARNER] },
  "formateur of the course": { coursesTaught: [COURSE_A], tutees: [] },
  "formateur of another course": { coursesTaught: [COURSE_B], tutees: [] },
};

const appointTarget: AppointmentTarget = {
  platformId: PLATFORM,
  learnerId: LEARNER,
  learnerCourses: [COURSE_A],
};

describe("appointmentPolicy (the learner is enrolled in course A)", () => {
  const table: Record<Who, { appoint: boolean; end: boolean; history: boolean }> = {
    tutor: { appoint: false, end: false, history: false },
    "peer tutor": { appoint: false, end: false, history: false },
    référent: { appoint: false, end: false, history: false },
    "formateur of the course": { appoint: true, end: true, history: true },
    // Issue 11: a teacher of another course cannot pull the learner into her reach.
    "formateur of another course": { appoint: false, end: false, history: false },
    learner: { appoint: false, end: false, history: true },
    administrator: { appoint: true, end: true, history: true },
    "mentor without a relation": { appoint: false, end: false, history: false },
    "formateur on another platform": { appoint: false, end: false, history: false },
  };
  for (const [who, expected] of Object.entries(table) as [Who, (typeof table)[Who]][]) {
    it(`${who}: appoint=${expected.appoint} end=${expected.end} history=${expected.history}`, () => {
      expect(abilities(ACTORS[who], appointmentPolicy, appointTarget)).to.deep.equal(expected);
    });
  }

  it("lets a formateur appoint only while acting from the learner's course", () => {
    const sameTeacherElsewhere = actor("teacher-a", ["teacher"], COURSE_B);
    expect(abilities(sameTeacherElsewhere, appointmentPolicy, appointTarget).appoint).to.equal(false);
  });
});

describe("followedLearnerPolicy", () => {
  const target = (who: Who): FollowedLearner => ({
    platformId: PLATFORM,
    learnerId: LEARNER,
    scope: teachingScope(ACTORS[who], FACTS[who] ?? { coursesTaught: [], tutees: [] }),
    learnerCourses: [COURSE_A],
    referents: ["referent"],
  });
  const row = (openTutee: boolean, notes: boolean, logContact: boolean) => ({
    openTutee,
    readTeamNotes: notes,
    writeTeamNote: notes,
    logContact,
  });
  const table: Record<Who, ReturnType<typeof row>> = {
    tutor: row(true, true, true),
    // A peer tutor is a fellow intern: the tutee's file yes, the team's notes never.
    "peer tutor": row(true, false, true),
    référent: row(false, true, true),
    "formateur of the course": row(false, true, true),
    "formateur of another course": row(false, false, false),
    learner: row(false, false, false),
    administrator: row(false, false, false),
    "mentor without a relation": row(false, false, false),
    "formateur on another platform": row(false, false, false),
  };
  for (const [who, expected] of Object.entries(table) as [Who, ReturnType<typeof row>][]) {
    it(`${who}: ${Object.entries(expected)
      .map(([action, allowed]) => `${action}=${allowed ? "yes" : "no"}`)
      .join(" ")}`, () => {
      expect(abilities(ACTORS[who], followedLearnerPolicy, target(who))).to.deep.equal(expected);
    });
  }

  it("counts nothing computed for someone else", () => {
    const stolen = {
      ...target("tutor"),
      scope: teachingScope(ACTORS.tutor, FACTS.tutor ?? { coursesTaught: [], tutees: [] }),
    };
    expect(
      abilities(ACTORS["formateur of another course"], followedLearnerPolicy, stolen).readTeamNotes,
    ).to.equal(false);
  });
});

describe("tutoringLaunchPolicy", () => {
  const table: [Who, { workspace: boolean; manage: boolean; ownTutors: boolean }][] = [
    ["tutor", { workspace: true, manage: true, ownTutors: true }],
    ["peer tutor", { workspace: true, manage: false, ownTutors: true }],
    ["référent", { workspace: true, manage: false, ownTutors: true }],
    ["formateur of the course", { workspace: true, manage: true, ownTutors: true }],
    ["learner", { workspace: true, manage: false, ownTutors: true }],
    ["mentor without a relation", { workspace: true, manage: false, ownTutors: true }],
  ];
  for (const [who, expected] of table) {
    it(`${who}: the workspace for everyone (own tutees only), managing for who teaches here (${expected.manage})`, () => {
      expect(abilities(ACTORS[who], tutoringLaunchPolicy, ACTORS[who])).to.deep.equal(expected);
    });
  }
});

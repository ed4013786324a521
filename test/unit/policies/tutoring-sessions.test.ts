// Group sessions and interviews as role × action tables: the group's tutor (or peer tutor) runs its
// sessions, the course's formateur may convene on their behalf, convened tutees see and acknowledge;
// an interview is the tutee's and their tutor's alone.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { abilities, can } from "../../../src/policies/policy.js";
import { teachingScope } from "../../../src/policies/teaching-scope.js";
import {
  groupSessionPolicy,
  interviewOpeningPolicy,
  interviewPolicy,
  sessionGroupPolicy,
  sessionsLaunchPolicy,
  type GroupSessionTarget,
  type InterviewTarget,
} from "../../../src/policies/tutoring-sessions.js";

const PLATFORM = "platform-1";
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
  | "convened learner"
  | "learner not convened"
  | "tutor on another platform";

const ACTORS: Record<Who, Actor> = {
  tutor: actor("tutor", ["teacher"], COURSE_B),
  "peer tutor": actor("peer", ["learner"], COURSE_A),
  référent: actor("referent", ["mentor"], COURSE_A),
  "formateur of the course": actor("teacher-a", ["teacher"], COURSE_A),
  "formateur of another course": actor("teacher-b", ["teacher"], COURSE_B),
  "convened learner": actor("lea", ["learner"], COURSE_A),
  "learner not convened": actor("zoe", ["learner"], COURSE_A),
  "tutor on another platform": actor("tutor", ["teacher"], COURSE_A, "platform-2"),
};

const session: GroupSessionTarget = {
  platformId: PLATFORM,
  tutorId: "tutor",
  invitees: ["lea", "max"],
  ...COURSE_A,
};
const peerSession: GroupSessionTarget = { ...session, tutorId: "peer" };

function table<A extends string>(
  rows: Record<Who, Record<A, boolean>>,
  compute: (who: Actor) => Record<A, boolean>,
) {
  for (const [who, expected] of Object.entries(rows) as [Who, Record<A, boolean>][]) {
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      expect(compute(ACTORS[who])).to.deep.equal(expected);
    });
  }
}

describe("groupSessionPolicy (a session of a tutor's group in course A)", () => {
  const none = { view: false, manage: false, acknowledge: false };
  table(
    {
      tutor: { view: true, manage: true, acknowledge: false },
      "peer tutor": none,
      référent: none,
      "formateur of the course": { view: true, manage: true, acknowledge: false },
      "formateur of another course": none,
      "convened learner": { view: true, manage: false, acknowledge: true },
      "learner not convened": none,
      "tutor on another platform": none,
    },
    (who) => abilities(who, groupSessionPolicy, session),
  );

  it("lets a peer tutor run the sessions of their own peer group", () => {
    expect(abilities(ACTORS["peer tutor"], groupSessionPolicy, peerSession)).to.deep.equal({
      view: true,
      manage: true,
      acknowledge: false,
    });
  });
});

describe("sessionGroupPolicy (the group itself)", () => {
  const group = { platformId: PLATFORM, tutorId: "tutor", members: ["lea", "max"], course: COURSE_A };
  table(
    {
      tutor: { schedule: true, viewSessions: true },
      "peer tutor": { schedule: false, viewSessions: false },
      référent: { schedule: false, viewSessions: false },
      "formateur of the course": { schedule: true, viewSessions: true },
      "formateur of another course": { schedule: false, viewSessions: false },
      "convened learner": { schedule: false, viewSessions: true },
      "learner not convened": { schedule: false, viewSessions: false },
      "tutor on another platform": { schedule: false, viewSessions: false },
    },
    (who) => abilities(who, sessionGroupPolicy, group),
  );
});

describe("interviewPolicy (lea's interview with her tutor)", () => {
  const interview: InterviewTarget = { platformId: PLATFORM, learnerId: "lea", tutorId: "tutor" };
  const none = { view: false, prepare: false, complete: false, sign: false };
  table(
    {
      tutor: { view: true, prepare: false, complete: true, sign: true },
      "peer tutor": none,
      référent: none,
      "formateur of the course": none,
      "formateur of another course": none,
      "convened learner": { view: true, prepare: true, complete: false, sign: true },
      "learner not convened": none,
      "tutor on another platform": none,
    },
    (who) => abilities(who, interviewPolicy, interview),
  );
});

describe("interviewOpeningPolicy", () => {
  it("lets the tutor open an interview with a tutee, never a peer tutor nor a formateur", () => {
    const open = (who: Who, facts: Parameters<typeof teachingScope>[1]): boolean =>
      can(ACTORS[who], interviewOpeningPolicy, "open", {
        platformId: PLATFORM,
        learnerId: "lea",
        scope: teachingScope(ACTORS[who], facts),
      });
    expect(open("tutor", { coursesTaught: [COURSE_B], tutees: ["lea"] })).to.equal(true);
    expect(open("peer tutor", { coursesTaught: [], tutees: [] })).to.equal(false);
    expect(open("formateur of the course", { coursesTaught: [COURSE_A], tutees: [] })).to.equal(false);
    expect(open("convened learner", { coursesTaught: [], tutees: ["lea"] })).to.equal(false);
  });
});

describe("sessionsLaunchPolicy", () => {
  it("gives everyone their own sessions, and the agenda template to who teaches the course", () => {
    expect(
      abilities(ACTORS["convened learner"], sessionsLaunchPolicy, ACTORS["convened learner"]),
    ).to.deep.equal({
      mine: true,
      editAgenda: false,
    });
    expect(
      abilities(ACTORS["formateur of the course"], sessionsLaunchPolicy, ACTORS["formateur of the course"]),
    ).to.deep.equal({ mine: true, editAgenda: true });
  });
});

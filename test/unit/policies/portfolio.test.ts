// The portfolio's policies as role × action tables: one trace (by visibility and status), a learner's
// portfolio page, and the launch-level actions.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import type { TraceStatus, Visibility } from "../../../src/domain/portfolio/types.js";
import { abilities, can } from "../../../src/policies/policy.js";
import {
  learnerPortfolioPolicy,
  portfolioPolicy,
  readerRole,
  tracePolicy,
  type EvidenceGrant,
  type LearnerAccess,
  type PortfolioAction,
  type TraceAccess,
  type TraceAccessTarget,
  type TraceAction,
  type TraceRelations,
} from "../../../src/policies/portfolio.js";
import { teachingScope, type TeachingFacts } from "../../../src/policies/teaching-scope.js";

const PLATFORM = "platform-1";
const OWNER = "learner-owner";
const COURSE_A = { deploymentId: "1", contextId: "course-a" };
const COURSE_B = { deploymentId: "1", contextId: "course-b" };

function buildActor(overrides: Partial<Actor> & { userId: string; roles: CarnetRole[] }): Actor {
  return {
    platformId: PLATFORM,
    deploymentId: "1",
    contextId: COURSE_A.contextId,
    resourceLinkId: null,
    launchId: "launch-0000000001",
    ...overrides,
  };
}

function buildTrace(overrides: Partial<TraceAccessTarget> = {}): TraceAccessTarget {
  return {
    id: "trace-1",
    platformId: PLATFORM,
    ownerId: OWNER,
    visibility: "tutors",
    sharedIn: [COURSE_A],
    sharedWith: { tutors: true, tutorIds: ["personal-tutor", "peer-tutor"], people: [] },
    status: "shared",
    ...overrides,
  };
}

const RELATIONS: TraceRelations = {
  platformId: PLATFORM,
  ownerId: OWNER,
  tutors: ["personal-tutor"],
  peerTutors: ["peer-tutor"],
  groupPeers: ["group-peer"],
};

type Who =
  | "owner"
  | "teacher of the shared course"
  | "teacher of another course"
  | "personal tutor"
  | "peer tutor"
  | "group peer"
  | "validator with an evidence grant"
  | "mentor without a tutoring relation"
  | "other learner"
  | "admin in the shared course"
  | "owner on another platform";

const ACTORS: Record<Who, Actor> = {
  owner: buildActor({ userId: OWNER, roles: ["learner"] }),
  "teacher of the shared course": buildActor({ userId: "teacher-a", roles: ["teacher"] }),
  "teacher of another course": buildActor({
    userId: "teacher-b",
    roles: ["teacher"],
    contextId: COURSE_B.contextId,
  }),
  "personal tutor": buildActor({ userId: "personal-tutor", roles: ["teacher"], contextId: "elsewhere" }),
  "peer tutor": buildActor({ userId: "peer-tutor", roles: ["learner"] }),
  "group peer": buildActor({ userId: "group-peer", roles: ["learner"] }),
  "validator with an evidence grant": buildActor({
    userId: "validator",
    roles: ["teacher"],
    contextId: "course-v",
  }),
  "mentor without a tutoring relation": buildActor({ userId: "mentor", roles: ["mentor"] }),
  "other learner": buildActor({ userId: "other-learner", roles: ["learner"] }),
  "admin in the shared course": buildActor({ userId: "admin-1", roles: ["admin"] }),
  "owner on another platform": buildActor({ userId: OWNER, roles: ["learner"], platformId: "platform-2" }),
};

/** What Carnet recorded of each person: tutoring relations (the owner is a tutee of two of them). */
const FACTS: Partial<Record<Who, TeachingFacts>> = {
  "personal tutor": { coursesTaught: [], tutees: [OWNER] },
  "peer tutor": { coursesTaught: [], tutees: [], peerTutees: [OWNER] },
  // A membership in course A does not count when launching from course V: LTI decides in the launch's course.
  "validator with an evidence grant": { coursesTaught: [COURSE_B], tutees: [] },
};

const GRANTS: EvidenceGrant[] = [{ platformId: PLATFORM, traceId: "trace-1", userId: "validator" }];

function accessOf(who: Who, trace: TraceAccessTarget, relations = RELATIONS): TraceAccess {
  const actor = ACTORS[who];
  const scope = teachingScope(actor, FACTS[who] ?? { coursesTaught: [], tutees: [] });
  return { trace, relations, scope, grants: GRANTS };
}

type Row = Record<TraceAction, boolean>;
const row = (read: boolean, edit: boolean, share: boolean, comment: boolean, decide: boolean): Row => ({
  read,
  edit,
  share,
  comment,
  decide,
  attach: edit,
});
const nothing = row(false, false, false, false, false);
const reviewer = row(true, false, false, true, true);
/** A peer tutor reads and comments, never decides (issue 11). */
const peerReviewer = row(true, false, false, true, false);
const evidenceReader = row(true, false, false, false, false);
const author = row(true, true, true, true, false);

/** visibility → who → abilities, for a trace shared in course A with status "shared". */
const TABLE: Record<Visibility, Record<Who, Row>> = {
  private: {
    owner: author,
    "teacher of the shared course": nothing,
    "teacher of another course": nothing,
    "personal tutor": nothing,
    "peer tutor": nothing,
    "group peer": nothing,
    "validator with an evidence grant": evidenceReader,
    "mentor without a tutoring relation": nothing,
    "other learner": nothing,
    "admin in the shared course": nothing,
    "owner on another platform": nothing,
  },
  tutors: {
    owner: author,
    "teacher of the shared course": reviewer,
    "teacher of another course": nothing,
    "personal tutor": reviewer,
    "peer tutor": peerReviewer,
    "group peer": nothing,
    "validator with an evidence grant": evidenceReader,
    "mentor without a tutoring relation": nothing,
    "other learner": nothing,
    "admin in the shared course": reviewer,
    "owner on another platform": nothing,
  },
  group: {
    owner: author,
    "teacher of the shared course": reviewer,
    "teacher of another course": nothing,
    "personal tutor": reviewer,
    "peer tutor": peerReviewer,
    "group peer": row(true, false, false, true, false),
    "validator with an evidence grant": evidenceReader,
    "mentor without a tutoring relation": nothing,
    "other learner": nothing,
    "admin in the shared course": reviewer,
    "owner on another platform": nothing,
  },
};

describe("tracePolicy", () => {
  for (const visibility of ["private", "tutors", "group"] as const) {
    describe(`a ${visibility} trace shared in course A`, () => {
      for (const [who, expected] of Object.entries(TABLE[visibility]) as [Who, Row][]) {
        it(`${who}: ${Object.entries(expected)
          .map(([action, allowed]) => `${action}=${allowed ? "yes" : "no"}`)
          .join(" ")}`, () => {
          const access = accessOf(who, buildTrace({ visibility }));
          expect(abilities(ACTORS[who], tracePolicy, access)).to.deep.equal(expected);
        });
      }
    });
  }

  it("denies a teacher acting from course A a trace shared only in course B", () => {
    const trace = buildTrace({ sharedIn: [COURSE_B] });
    const readBy = (who: Who): boolean => can(ACTORS[who], tracePolicy, "read", accessOf(who, trace));
    expect(readBy("teacher of the shared course")).to.equal(false);
    expect(readBy("teacher of another course")).to.equal(true);
  });

  it("denies a teacher without a course context (launch outside a course)", () => {
    const actor = buildActor({ userId: "teacher-a", roles: ["teacher"], contextId: null });
    const access = {
      ...accessOf("teacher of the shared course", buildTrace()),
      scope: teachingScope(actor, { coursesTaught: [COURSE_A], tutees: [] }),
    };
    expect(can(actor, tracePolicy, "read", access)).to.equal(false);
  });

  it("ignores relations that are not the owner's, and a teaching scope that is not the actor's", () => {
    const foreign: TraceRelations = { ...RELATIONS, ownerId: "someone-else" };
    const groupTrace = buildTrace({ visibility: "group" });
    expect(
      can(ACTORS["group peer"], tracePolicy, "read", accessOf("group peer", groupTrace, foreign)),
    ).to.equal(false);
    const otherPlatform: TraceRelations = { ...RELATIONS, platformId: "platform-2" };
    expect(
      can(ACTORS["group peer"], tracePolicy, "read", accessOf("group peer", groupTrace, otherPlatform)),
    ).to.equal(false);
    const tutorsScope = accessOf("personal tutor", buildTrace()).scope;
    const borrowed = { ...accessOf("other learner", buildTrace()), scope: tutorsScope };
    expect(can(ACTORS["other learner"], tracePolicy, "read", borrowed)).to.equal(false);
  });

  it("lets an evidence grant read (only) a private trace, for that user and that trace", () => {
    const validator = ACTORS["validator with an evidence grant"];
    const access = accessOf("validator with an evidence grant", buildTrace({ visibility: "private" }));
    expect(can(validator, tracePolicy, "read", access)).to.equal(true);
    expect(can(validator, tracePolicy, "comment", access)).to.equal(false);
    expect(can(validator, tracePolicy, "decide", access)).to.equal(false);
    const otherTrace = { ...access, trace: buildTrace({ visibility: "private", id: "trace-2" }) };
    expect(can(validator, tracePolicy, "read", otherTrace)).to.equal(false);
    expect(
      can(ACTORS["other learner"], tracePolicy, "read", accessOf("other learner", access.trace)),
    ).to.equal(false);
    const foreignGrant = {
      ...access,
      grants: [{ platformId: "platform-2", traceId: "trace-1", userId: "validator" }],
    };
    expect(can(validator, tracePolicy, "read", foreignGrant)).to.equal(false);
  });

  it("names how each reader relates to a trace opened to the group", () => {
    const trace = buildTrace({ visibility: "group" });
    const roleOf = (who: Who): string => readerRole(ACTORS[who], accessOf(who, trace));
    expect(roleOf("owner")).to.equal("owner");
    expect(roleOf("personal tutor")).to.equal("tutor");
    expect(roleOf("teacher of the shared course")).to.equal("teacher");
    expect(roleOf("group peer")).to.equal("peer");
    expect(roleOf("validator with an evidence grant")).to.equal("evidence");
  });

  describe("by audience (issue 11: the author picks who reads)", () => {
    const readers = (trace: TraceAccessTarget): Who[] =>
      (Object.keys(ACTORS) as Who[]).filter(
        (who) => who !== "owner" && can(ACTORS[who], tracePolicy, "read", accessOf(who, trace)),
      );
    const grantOnly: Who[] = ["validator with an evidence grant"];

    it("my tutor only: the tutors she chose read it, no formateur of the course does", () => {
      const trace = buildTrace({
        sharedIn: [],
        sharedWith: { tutors: true, tutorIds: ["personal-tutor"], people: [] },
      });
      expect(readers(trace)).to.deep.equal(["personal tutor", ...grantOnly]);
      expect(
        can(ACTORS["personal tutor"], tracePolicy, "decide", accessOf("personal tutor", trace)),
      ).to.equal(true);
    });

    it("the course's formateurs only: no tutor reads it", () => {
      const trace = buildTrace({ sharedWith: { tutors: false, tutorIds: [], people: [] } });
      expect(readers(trace)).to.deep.equal([
        "teacher of the shared course",
        ...grantOnly,
        "admin in the shared course",
      ]);
    });

    it("named people read (never comment nor decide), and only while the trace is shared", () => {
      const trace = buildTrace({
        sharedIn: [],
        sharedWith: { tutors: false, tutorIds: [], people: ["other-learner", "teacher-b"] },
      });
      expect(readers(trace)).to.deep.equal(["teacher of another course", ...grantOnly, "other learner"]);
      const named = ACTORS["other learner"];
      const access = accessOf("other learner", trace);
      expect(abilities(named, tracePolicy, access)).to.deep.equal(evidenceReader);
      expect(readerRole(named, access)).to.equal("named");
      const privateAgain = accessOf("other learner", { ...trace, visibility: "private" });
      expect(can(named, tracePolicy, "read", privateAgain)).to.equal(false);
    });

    it("a tutor appointed after she chose does not read it until she agrees", () => {
      const trace = buildTrace({
        sharedIn: [],
        sharedWith: { tutors: true, tutorIds: ["former-tutor"], people: [] },
      });
      expect(readers(trace)).to.deep.equal(grantOnly);
    });

    it("a trace shared before Carnet kept the tutors stays open to every current tutor", () => {
      const trace = buildTrace({ sharedIn: [], sharedWith: { tutors: true, tutorIds: null, people: [] } });
      expect(readers(trace)).to.deep.equal(["personal tutor", "peer tutor", ...grantOnly]);
    });

    it("a former tutor chosen then reads nothing once the relation ended", () => {
      const trace = buildTrace({ sharedWith: { tutors: true, tutorIds: ["mentor"], people: [] } });
      expect(
        can(
          ACTORS["mentor without a tutoring relation"],
          tracePolicy,
          "read",
          accessOf("mentor without a tutoring relation", trace),
        ),
      ).to.equal(false);
    });
  });

  describe("by status", () => {
    const decidable: Record<TraceStatus, boolean> = {
      draft: false,
      shared: true,
      feedback: true,
      revised: true,
      validated: true,
      to_rework: true,
    };
    for (const [status, expected] of Object.entries(decidable) as [TraceStatus, boolean][]) {
      it(`a tutor ${expected ? "may" : "may not"} decide on a ${status} trace`, () => {
        const access = accessOf("personal tutor", buildTrace({ status }));
        expect(can(ACTORS["personal tutor"], tracePolicy, "decide", access)).to.equal(expected);
      });
    }
    it("the owner may not edit a validated trace, but may still choose who reads it", () => {
      const owner = ACTORS.owner;
      const validated = accessOf("owner", buildTrace({ status: "validated" }));
      expect(can(owner, tracePolicy, "edit", validated)).to.equal(false);
      expect(can(owner, tracePolicy, "attach", validated)).to.equal(false);
      expect(can(owner, tracePolicy, "share", validated)).to.equal(true);
      const toRework = accessOf("owner", buildTrace({ status: "to_rework" }));
      expect(can(owner, tracePolicy, "edit", toRework)).to.equal(true);
    });
  });
});

describe("learnerPortfolioPolicy.viewTraces", () => {
  const LEARNER = "learner-1";
  const cases: {
    who: string;
    actor: Actor;
    facts: TeachingFacts;
    inCourse: boolean;
    peers?: string[];
    expected: boolean;
  }[] = [
    {
      who: "the learner themselves",
      actor: buildActor({ userId: LEARNER, roles: ["learner"] }),
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      expected: true,
    },
    {
      who: "a teacher of the course the learner is in",
      actor: ACTORS["teacher of the shared course"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      expected: true,
    },
    {
      who: "an admin of the course the learner is in",
      actor: ACTORS["admin in the shared course"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      expected: true,
    },
    {
      who: "a teacher of a course the learner is not in",
      actor: ACTORS["teacher of another course"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: false,
      expected: false,
    },
    {
      who: "a tutor, from any course",
      actor: ACTORS["personal tutor"],
      facts: { coursesTaught: [], tutees: [LEARNER] },
      inCourse: false,
      expected: true,
    },
    {
      who: "a peer tutor launched as a learner",
      actor: ACTORS["peer tutor"],
      facts: { coursesTaught: [], tutees: [LEARNER] },
      inCourse: true,
      expected: true,
    },
    {
      who: "a peer of the learner's group",
      actor: ACTORS["group peer"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      peers: ["group-peer"],
      expected: true,
    },
    {
      who: "another learner of the course",
      actor: ACTORS["other learner"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      expected: false,
    },
    {
      who: "a mentor without a tutoring relation",
      actor: ACTORS["mentor without a tutoring relation"],
      facts: { coursesTaught: [], tutees: [] },
      inCourse: true,
      expected: false,
    },
  ];
  for (const { who, actor, facts, inCourse, peers, expected } of cases) {
    it(`${expected ? "opens" : "hides"} a learner's portfolio to ${who}`, () => {
      const access: LearnerAccess = {
        platformId: PLATFORM,
        learnerId: LEARNER,
        scope: teachingScope(actor, facts),
        learnerInLaunchCourse: inCourse,
        groupPeers: peers ?? [],
      };
      expect(can(actor, learnerPortfolioPolicy, "viewTraces", access)).to.equal(expected);
    });
  }

  it("hides a learner of another platform, whatever the relation", () => {
    const actor = ACTORS["personal tutor"];
    const access: LearnerAccess = {
      platformId: "platform-2",
      learnerId: LEARNER,
      scope: teachingScope(actor, { coursesTaught: [], tutees: [LEARNER] }),
      learnerInLaunchCourse: true,
      groupPeers: [],
    };
    expect(can(actor, learnerPortfolioPolicy, "viewTraces", access)).to.equal(false);
  });
});

describe("portfolioPolicy (launch-level)", () => {
  const TABLE: Record<CarnetRole, Record<PortfolioAction, boolean>> = {
    learner: { keep: true, read: true, review: true, manageTypes: false },
    teacher: { keep: true, read: true, review: true, manageTypes: false },
    mentor: { keep: true, read: true, review: true, manageTypes: false },
    admin: { keep: true, read: true, review: true, manageTypes: true },
  };
  for (const [role, expected] of Object.entries(TABLE) as [CarnetRole, Record<PortfolioAction, boolean>][]) {
    it(`${role}: ${Object.entries(expected)
      .map(([action, allowed]) => `${action}=${allowed ? "yes" : "no"}`)
      .join(" ")}`, () => {
      const actor = buildActor({ userId: `${role}-1`, roles: [role] });
      expect(abilities(actor, portfolioPolicy, actor)).to.deep.equal(expected);
    });
  }
});

import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import {
  canComment,
  canDecide,
  canEdit,
  canRead,
  canShare,
  traceAbilities,
  type EvidenceGrant,
  type TraceAccessTarget,
  type TraceRelations,
} from "../../../src/policies/portfolio.js";
import type { TraceStatus, Visibility } from "../../../src/domain/portfolio/types.js";

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
    status: "shared",
    ...overrides,
  };
}

const RELATIONS: TraceRelations = {
  platformId: PLATFORM,
  ownerId: OWNER,
  tutors: ["personal-tutor"],
  groupPeers: ["group-peer"],
};

type Who =
  | "owner"
  | "teacher of the shared course"
  | "teacher of another course"
  | "personal tutor"
  | "group peer"
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
  "personal tutor": buildActor({ userId: "personal-tutor", roles: ["learner"], contextId: "elsewhere" }),
  "group peer": buildActor({ userId: "group-peer", roles: ["learner"] }),
  "other learner": buildActor({ userId: "other-learner", roles: ["learner"] }),
  "admin in the shared course": buildActor({ userId: "admin-1", roles: ["admin"] }),
  "owner on another platform": buildActor({ userId: OWNER, roles: ["learner"], platformId: "platform-2" }),
};

type Row = { read: boolean; edit: boolean; share: boolean; comment: boolean; decide: boolean };
const yes = (read: boolean, edit: boolean, share: boolean, comment: boolean, decide: boolean): Row => ({
  read,
  edit,
  share,
  comment,
  decide,
});

/** visibility → who → abilities, for a trace shared in course A with status "shared". */
const TABLE: Record<Visibility, Record<Who, Row>> = {
  private: {
    owner: yes(true, true, true, true, false),
    "teacher of the shared course": yes(false, false, false, false, false),
    "teacher of another course": yes(false, false, false, false, false),
    "personal tutor": yes(false, false, false, false, false),
    "group peer": yes(false, false, false, false, false),
    "other learner": yes(false, false, false, false, false),
    "admin in the shared course": yes(false, false, false, false, false),
    "owner on another platform": yes(false, false, false, false, false),
  },
  tutors: {
    owner: yes(true, true, true, true, false),
    "teacher of the shared course": yes(true, false, false, true, true),
    "teacher of another course": yes(false, false, false, false, false),
    "personal tutor": yes(true, false, false, true, true),
    "group peer": yes(false, false, false, false, false),
    "other learner": yes(false, false, false, false, false),
    "admin in the shared course": yes(true, false, false, true, true),
    "owner on another platform": yes(false, false, false, false, false),
  },
  group: {
    owner: yes(true, true, true, true, false),
    "teacher of the shared course": yes(true, false, false, true, true),
    "teacher of another course": yes(false, false, false, false, false),
    "personal tutor": yes(true, false, false, true, true),
    "group peer": yes(true, false, false, true, false),
    "other learner": yes(false, false, false, false, false),
    "admin in the shared course": yes(true, false, false, true, true),
    "owner on another platform": yes(false, false, false, false, false),
  },
};

describe("portfolio policy", () => {
  for (const visibility of ["private", "tutors", "group"] as const) {
    describe(`a ${visibility} trace shared in course A`, () => {
      for (const [who, expected] of Object.entries(TABLE[visibility]) as [Who, Row][]) {
        it(`${who}: ${Object.entries(expected)
          .map(([action, allowed]) => `${action}=${allowed ? "yes" : "no"}`)
          .join(" ")}`, () => {
          const trace = buildTrace({ visibility });
          const abilities = traceAbilities(ACTORS[who], trace, RELATIONS);
          expect({
            read: abilities.read,
            edit: abilities.edit,
            share: abilities.share,
            comment: abilities.comment,
            decide: abilities.decide,
          }).to.deep.equal(expected);
        });
      }
    });
  }

  it("denies a teacher acting from course A a trace shared only in course B", () => {
    const trace = buildTrace({ sharedIn: [COURSE_B] });
    expect(canRead(ACTORS["teacher of the shared course"], trace, RELATIONS)).to.equal(false);
    expect(canRead(ACTORS["teacher of another course"], trace, RELATIONS)).to.equal(true);
  });

  it("denies a teacher without a course context (launch outside a course)", () => {
    const actor = buildActor({ userId: "teacher-a", roles: ["teacher"], contextId: null });
    expect(canRead(actor, buildTrace(), RELATIONS)).to.equal(false);
  });

  it("ignores relations that are not the owner's", () => {
    const foreign: TraceRelations = { ...RELATIONS, ownerId: "someone-else" };
    expect(canRead(ACTORS["personal tutor"], buildTrace(), foreign)).to.equal(false);
    const otherPlatform: TraceRelations = { ...RELATIONS, platformId: "platform-2" };
    expect(canRead(ACTORS["personal tutor"], buildTrace(), otherPlatform)).to.equal(false);
  });

  it("lets an evidence grant read (only) a private trace, for that user and that trace", () => {
    const validator = buildActor({ userId: "validator", roles: ["teacher"], contextId: "course-v" });
    const trace = buildTrace({ visibility: "private" });
    const grants: EvidenceGrant[] = [{ platformId: PLATFORM, traceId: "trace-1", userId: "validator" }];
    expect(canRead(validator, trace, RELATIONS, grants)).to.equal(true);
    expect(canComment(validator, trace, RELATIONS)).to.equal(false);
    expect(canDecide(validator, trace, RELATIONS)).to.equal(false);
    expect(
      canRead(validator, buildTrace({ visibility: "private", id: "trace-2" }), RELATIONS, grants),
    ).to.equal(false);
    expect(canRead(ACTORS["other learner"], trace, RELATIONS, grants)).to.equal(false);
    expect(
      canRead(validator, trace, RELATIONS, [
        { platformId: "platform-2", traceId: "trace-1", userId: "validator" },
      ]),
    ).to.equal(false);
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
        expect(canDecide(ACTORS["personal tutor"], buildTrace({ status }), RELATIONS)).to.equal(expected);
      });
    }
    it("the owner may not edit a validated trace, but may still choose who reads it", () => {
      const trace = buildTrace({ status: "validated" });
      expect(canEdit(ACTORS.owner, trace)).to.equal(false);
      expect(canShare(ACTORS.owner, trace)).to.equal(true);
      expect(canEdit(ACTORS.owner, buildTrace({ status: "to_rework" }))).to.equal(true);
    });
  });
});

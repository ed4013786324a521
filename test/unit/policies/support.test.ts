// The confidential support space as role × action tables: who may raise and read signals, open and read
// cases, read and write notes. Evaluators (tutor, référent, formateurs, LMS admins) raise concerns but read
// nothing unless the learner adds them to a case.
import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { abilities } from "../../../src/policies/policy.js";
import {
  supportCasePolicy,
  supportLaunchPolicy,
  supportLearnerPolicy,
  type SupportCaseAccess,
  type SupportFollower,
  type SupportLearner,
} from "../../../src/policies/support.js";

const LEARNER = "learner-1";

function actor(userId: string, roles: CarnetRole[], platformId = "p"): Actor {
  return {
    platformId,
    deploymentId: "d",
    contextId: "course-a",
    resourceLinkId: null,
    userId,
    roles,
    launchId: "l",
  };
}

interface Someone {
  who: string;
  actor: Actor;
  follower: SupportFollower | null;
  designated?: boolean;
  invited?: boolean;
}

/** Every role the issue names, as the loader would describe them towards LEARNER. */
const people: Someone[] = [
  { who: "the learner", actor: actor(LEARNER, ["learner"]), follower: null },
  { who: "their tutor", actor: actor("tutor", ["mentor"]), follower: "tutor" },
  { who: "their peer tutor", actor: actor("peer", ["learner"]), follower: "peer" },
  { who: "their référent", actor: actor("referent", ["teacher"]), follower: "referent" },
  { who: "a formateur of their course", actor: actor("teacher-a", ["teacher"]), follower: "teacher" },
  { who: "a formateur of another course", actor: actor("teacher-b", ["teacher"]), follower: null },
  { who: "an LMS admin launched from their course", actor: actor("admin", ["admin"]), follower: "teacher" },
  { who: "an LMS admin launched elsewhere", actor: actor("admin", ["admin"]), follower: null },
  {
    who: "an external validator invited about them",
    actor: actor("external:inv-1", []),
    follower: null,
    invited: true,
  },
  {
    who: "an external validator invited about someone else",
    actor: actor("external:inv-2", []),
    follower: null,
  },
  {
    who: "a designated support person who does not evaluate them",
    actor: actor("support", ["teacher"]),
    follower: null,
    designated: true,
  },
  {
    who: "a designated support person who is also their tutor",
    actor: actor("tutor-support", ["mentor"]),
    follower: "tutor",
    designated: true,
  },
  {
    who: "a designated support person who is their peer tutor",
    actor: actor("peer-support", ["learner"]),
    follower: "peer",
    designated: true,
  },
  {
    who: "a designated support person of another platform",
    actor: actor("support", ["teacher"], "other-platform"),
    follower: null,
    designated: true,
  },
];

function learnerTarget(someone: Someone): SupportLearner {
  return {
    platformId: "p",
    learnerId: LEARNER,
    follower: someone.follower,
    designated: someone.designated ?? false,
    invited: someone.invited ?? false,
  };
}

describe("supportLearnerPolicy (signals about a learner, opening a case)", () => {
  const expected: Record<string, [record: boolean, read: boolean, open: boolean, request: boolean]> = {
    "the learner": [false, false, false, true],
    "their tutor": [true, false, false, false],
    "their peer tutor": [true, false, false, false],
    "their référent": [true, false, false, false],
    "a formateur of their course": [true, false, false, false],
    "a formateur of another course": [false, false, false, false],
    "an LMS admin launched from their course": [true, false, false, false],
    "an LMS admin launched elsewhere": [false, false, false, false],
    "an external validator invited about them": [true, false, false, false],
    "an external validator invited about someone else": [false, false, false, false],
    "a designated support person who does not evaluate them": [true, true, true, false],
    "a designated support person who is also their tutor": [true, false, false, false],
    "a designated support person who is their peer tutor": [true, true, true, false],
    "a designated support person of another platform": [false, false, false, false],
  };
  for (const someone of people) {
    const row = expected[someone.who];
    it(`${someone.who}: record ${row?.[0]}, read ${row?.[1]}, open a case ${row?.[2]}, ask for support ${row?.[3]}`, () => {
      expect(row, "every role has a row").to.not.equal(undefined);
      expect(abilities(someone.actor, supportLearnerPolicy, learnerTarget(someone))).to.deep.equal({
        recordSignal: row?.[0],
        readSignals: row?.[1],
        openCase: row?.[2],
        requestSupport: row?.[3],
      });
    });
  }
});

describe("supportCasePolicy (a case, its notes and signals)", () => {
  const supportCase = (members: string[], closed = false): SupportCaseAccess => ({
    platformId: "p",
    learnerId: LEARNER,
    members,
    closed,
  });
  const nobodyElse = {
    read: false,
    readMembersNotes: false,
    readSignals: false,
    writeNote: false,
    manage: false,
    addMember: false,
    readAccessLog: false,
  };
  const member = {
    read: true,
    readMembersNotes: true,
    readSignals: true,
    writeNote: true,
    manage: true,
    addMember: true,
    readAccessLog: true,
  };
  const learner = {
    read: true,
    readMembersNotes: false,
    readSignals: false,
    writeNote: true,
    manage: false,
    addMember: true,
    readAccessLog: true,
  };

  const table: [string, Actor, readonly string[], Record<string, boolean>][] = [
    ["the learner", actor(LEARNER, ["learner"]), ["support"], learner],
    ["a member (the chosen support person)", actor("support", ["teacher"]), ["support"], member],
    ["their tutor, not a member", actor("tutor", ["mentor"]), ["support"], nobodyElse],
    ["their tutor, added by the learner", actor("tutor", ["mentor"]), ["support", "tutor"], member],
    ["their peer tutor, not a member", actor("peer", ["learner"]), ["support"], nobodyElse],
    ["their référent, not a member", actor("referent", ["teacher"]), ["support"], nobodyElse],
    ["a formateur of their course", actor("teacher-a", ["teacher"]), ["support"], nobodyElse],
    ["a formateur of another course", actor("teacher-b", ["teacher"]), ["support"], nobodyElse],
    ["an LMS admin", actor("admin", ["admin"]), ["support"], nobodyElse],
    ["an external validator", actor("external:inv-1", []), ["support"], nobodyElse],
    [
      "another designated support person, not a member",
      actor("support-2", ["teacher"]),
      ["support"],
      nobodyElse,
    ],
    [
      "a member's namesake on another platform",
      actor("support", ["teacher"], "other"),
      ["support"],
      nobodyElse,
    ],
  ];
  for (const [who, someone, members, allowed] of table)
    it(`${who}: ${
      Object.entries(allowed)
        .filter(([, yes]) => yes)
        .map(([action]) => action)
        .join(", ") || "nothing"
    }`, () => {
      expect(abilities(someone, supportCasePolicy, supportCase([...members]))).to.deep.equal(allowed);
    });

  it("lets nobody write, manage or add people once the case is closed, but still read it", () => {
    const closed = supportCase(["support"], true);
    expect(abilities(actor("support", ["teacher"]), supportCasePolicy, closed)).to.deep.equal({
      ...member,
      writeNote: false,
      manage: false,
      addMember: false,
    });
    expect(abilities(actor(LEARNER, ["learner"]), supportCasePolicy, closed)).to.deep.equal({
      ...learner,
      writeNote: false,
      addMember: false,
    });
  });
});

describe("supportLaunchPolicy", () => {
  const table: [string, Actor, boolean][] = [
    ["a formateur launched in the course", actor("teacher-a", ["teacher"]), true],
    ["an LMS admin launched in the course", actor("admin", ["admin"]), true],
    ["a learner", actor(LEARNER, ["learner"]), false],
    ["a tutor (Mentor)", actor("tutor", ["mentor"]), false],
    ["a teacher launched without a course", { ...actor("teacher-a", ["teacher"]), contextId: null }, false],
  ];
  for (const [who, someone, designates] of table)
    it(`gives ${who} a support space${designates ? " and the programme's support persons to choose" : ""}`, () => {
      expect(abilities(someone, supportLaunchPolicy, someone)).to.deep.equal({
        space: true,
        settings: designates,
      });
    });
});

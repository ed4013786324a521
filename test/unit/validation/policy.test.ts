import { expect } from "chai";
import type { Actor, CarnetRole } from "../../../src/domain/actor.js";
import { AppError } from "../../../src/errors.js";
import { actingRoles } from "../../../src/policies/validation.js";
import type { ActingRole } from "../../../src/domain/validation/states.js";
import { buildWorld, type World } from "./fakes.js";

const COURSE_A = { platformId: "p1", deploymentId: "1", contextId: "A" };
const COURSE_B = { platformId: "p1", deploymentId: "1", contextId: "B" };

function actor(userId: string, roles: CarnetRole[], contextId = "A"): Actor {
  return {
    platformId: "p1",
    deploymentId: "1",
    contextId,
    resourceLinkId: null,
    userId,
    roles,
    launchId: `launch-${userId}`,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "ALLOWED";
}

describe("validationPolicy.actingRoles", () => {
  const table: [string, { self: boolean; teaches: boolean; tutor: boolean }, ActingRole[]][] = [
    ["the learner on their own competence", { self: true, teaches: false, tutor: false }, ["learner"]],
    [
      "the learner, even when LTI or a membership says they teach",
      { self: true, teaches: true, tutor: true },
      ["learner"],
    ],
    ["a teacher of the course", { self: false, teaches: true, tutor: false }, ["validator", "lead"]],
    ["the learner's tutor from another course", { self: false, teaches: false, tutor: true }, ["validator"]],
    ["anyone else", { self: false, teaches: false, tutor: false }, []],
  ];
  for (const [who, facts, expected] of table) {
    it(`gives ${who}: ${expected.join(", ") || "nothing"}`, () => {
      expect(
        actingRoles({
          actorId: "me",
          learnerId: facts.self ? "me" : "other",
          teachesInCourse: facts.teaches,
          tutorOfLearner: facts.tutor,
        }),
      ).to.deep.equal(expected);
    });
  }
});

describe("ValidationService authorization", () => {
  let world: World;
  const target = (contextId = "A", learnerId = "learner-1") => ({
    scope: contextId === "A" ? COURSE_A : COURSE_B,
    learnerId,
    frameworkId: "fw",
    code: "C1",
  });

  beforeEach(async () => {
    world = buildWorld();
    await world.service.perform(actor("learner-1", ["learner"]), target(), {
      action: "self_assess",
      channel: "online",
      level: "competent",
    });
  });

  it("denies a learner validating their own competence even with a teacher role in another course", async () => {
    world.teaching.add("p1 1 B learner-1");
    const code = await refusal(
      world.service.perform(actor("learner-1", ["learner"]), target(), {
        action: "observe",
        channel: "observation",
        level: "competent",
        comment: "Moi",
      }),
    );
    expect(code).to.equal("OWN_COMPETENCE");
  });

  it("denies a learner validating their own competence even when the launch says they teach here", async () => {
    const code = await refusal(
      world.service.perform(actor("learner-1", ["teacher", "learner"]), target(), {
        action: "observe",
        channel: "observation",
        level: "competent",
        comment: "Moi",
      }),
    );
    expect(code).to.equal("OWN_COMPETENCE");
  });

  it("lets a teacher of the launch's course validate by observation", async () => {
    const record = await world.service.perform(actor("teacher-1", ["teacher"]), target(), {
      action: "observe",
      channel: "observation",
      level: "competent",
      comment: "Vu en stage",
    });
    expect(record.state).to.equal("validated");
    expect(record.timeline.at(-1)).to.include({ actorRole: "teacher", channel: "observation" });
  });

  it("denies a teacher of course A acting in course B where they do not teach", async () => {
    const code = await refusal(
      world.service.perform(actor("teacher-1", ["teacher"]), target("B"), {
        action: "observe",
        channel: "observation",
        level: "competent",
        comment: "Vu",
      }),
    );
    expect(code).to.equal("ROLE_NOT_ALLOWED");
  });

  it("lets a teacher act in another course when the memberships say they teach there", async () => {
    world.teaching.add("p1 1 B teacher-1");
    const record = await world.service.perform(actor("teacher-1", ["teacher"]), target("B"), {
      action: "observe",
      channel: "observation",
      level: "competent",
      comment: "Vu",
    });
    expect(record.state).to.equal("validated");
  });

  it("trusts LTI over a stale membership in the launch's course", async () => {
    world.teaching.add("p1 1 A learner-2");
    const code = await refusal(
      world.service.perform(actor("learner-2", ["learner"]), target(), {
        action: "observe",
        channel: "observation",
        level: "competent",
        comment: "Vu",
      }),
    );
    expect(code).to.equal("ROLE_NOT_ALLOWED");
  });

  it("lets a tutor validate their tutee from any course, but not enter paper forms", async () => {
    world.tutoring.add("tutor-1 learner-1");
    const tutor = actor("tutor-1", ["learner"], "Z");
    const paper = await refusal(
      world.service.perform(tutor, target(), {
        action: "record_paper",
        channel: "paper",
        level: "competent",
        comment: "Fiche",
        externalName: "Mme Martin",
      }),
    );
    expect(paper).to.equal("ROLE_NOT_ALLOWED");
    const record = await world.service.perform(tutor, target(), {
      action: "observe",
      channel: "observation",
      level: "competent",
      comment: "Vu en GEP",
    });
    expect(record.timeline.at(-1)).to.include({ actorRole: "tutor" });
  });

  it("denies a tutor acting on a learner who is not their tutee", async () => {
    world.tutoring.add("tutor-1 learner-9");
    const code = await refusal(
      world.service.perform(actor("tutor-1", ["learner"], "Z"), target(), {
        action: "observe",
        channel: "observation",
        level: "competent",
        comment: "Vu",
      }),
    );
    expect(code).to.equal("ROLE_NOT_ALLOWED");
  });

  it("refuses citing traces that are not the learner's", async () => {
    world.teaching.add("p1 1 A teacher-1");
    const code = await refusal(
      world.service.perform(actor("learner-1", ["learner"]), target(), {
        action: "self_assess",
        channel: "online",
        level: "novice",
        traceIds: ["someone-elses"],
      }),
    );
    expect(code).to.equal("VALIDATION_FAILED");
  });
});

describe("ValidationService.decide", () => {
  it("decides item by item, each with its reason, and tells the learner once", async () => {
    const world = buildWorld();
    world.teaching.add("p1 1 A teacher-1");
    const learner = actor("learner-1", ["learner"]);
    const { request } = await world.service.requestValidation(learner, {
      frameworkId: "fw",
      basis: "traces",
      validatorIds: ["teacher-1"],
      items: [
        { code: "C1", level: "competent", justification: "Séquence menée", traceIds: ["t1"] },
        { code: "C2", justification: "Projet collectif", traceIds: [] },
      ],
    });
    expect(world.notifications.map((n) => [n.userId, n.kind])).to.deep.equal([
      ["teacher-1", "request_received"],
    ]);
    const revs = new Map(world.records.map((r) => [r.competenceCode, r.rev]));
    const outcomes = await world.service.decide(actor("teacher-1", ["teacher"]), request, [
      {
        code: "C1",
        decision: "validate",
        level: "competent",
        comment: "Traces convaincantes",
        rev: revs.get("C1") ?? -1,
      },
      {
        code: "C2",
        decision: "ask_more_evidence",
        comment: "Précisez votre rôle dans le projet",
        rev: revs.get("C2") ?? -1,
      },
    ]);
    expect(Object.fromEntries(outcomes)).to.deep.equal({ C1: "validated", C2: "more_evidence" });
    expect(world.notifications.filter((n) => n.userId === "learner-1").map((n) => n.kind)).to.deep.equal([
      "decision",
    ]);
  });

  it("refuses a batch where any decided item has no reason, and writes nothing", async () => {
    const world = buildWorld();
    world.teaching.add("p1 1 A teacher-1");
    const { request } = await world.service.requestValidation(actor("learner-1", ["learner"]), {
      frameworkId: "fw",
      basis: "traces",
      validatorIds: [],
      items: [
        { code: "C1", justification: "a", traceIds: [] },
        { code: "C2", justification: "b", traceIds: [] },
      ],
    });
    const before = world.records.map((r) => r.rev);
    const code = await refusal(
      world.service.decide(actor("teacher-1", ["teacher"]), request, [
        { code: "C1", decision: "validate", level: "competent", comment: "Bien", rev: 1 },
        { code: "C2", decision: "validate", level: "competent", comment: " ", rev: 1 },
      ]),
    );
    expect(code).to.equal("VALIDATION_FAILED");
    expect(world.records.map((r) => r.rev)).to.deep.equal(before);
  });

  it("reports a conflict for an item someone else decided from the same page", async () => {
    const world = buildWorld();
    world.teaching.add("p1 1 A teacher-1");
    world.teaching.add("p1 1 A teacher-2");
    const { request } = await world.service.requestValidation(actor("learner-1", ["learner"]), {
      frameworkId: "fw",
      basis: "traces",
      validatorIds: [],
      items: [{ code: "C1", justification: "a", traceIds: [] }],
    });
    const rev = world.records[0]?.rev ?? -1;
    await world.service.decide(actor("teacher-2", ["teacher"]), request, [
      { code: "C1", decision: "validate", level: "competent", comment: "Oui", rev },
    ]);
    const outcomes = await world.service.decide(actor("teacher-1", ["teacher"]), request, [
      { code: "C1", decision: "ask_more_evidence", comment: "Non", rev },
    ]);
    expect(outcomes.get("C1")).to.equal("conflict");
    expect(world.records[0]?.state).to.equal("validated");
  });

  it("denies the learner deciding on their own request", async () => {
    const world = buildWorld();
    const learner = actor("learner-1", ["teacher", "learner"]);
    const { request } = await world.service.requestValidation(learner, {
      frameworkId: "fw",
      basis: "traces",
      validatorIds: [],
      items: [{ code: "C1", justification: "a", traceIds: [] }],
    });
    const code = await refusal(
      world.service.decide(learner, request, [
        { code: "C1", decision: "validate", level: "competent", comment: "Moi", rev: 1 },
      ]),
    );
    expect(code).to.equal("OWN_COMPETENCE");
  });
});

describe("ValidationService authorization: course membership", () => {
  it("denies a teacher acting on a learner who is not in their course", async () => {
    const world = buildWorld();
    world.outsiders.add("A learner-9");
    const code = await refusal(
      world.service.perform(
        actor("teacher-1", ["teacher"]),
        { scope: COURSE_A, learnerId: "learner-9", frameworkId: "fw", code: "C1" },
        { action: "observe", channel: "observation", level: "competent", comment: "Vu" },
      ),
    );
    expect(code).to.equal("ROLE_NOT_ALLOWED");
  });
});

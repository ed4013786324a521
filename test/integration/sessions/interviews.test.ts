// Individual interviews against the real database: the tutor opens, the tutee prepares, the tutor
// completes, both sign; the next interview starts from the objectives agreed; each step once, in order.
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import { stageOf } from "../../../src/domain/sessions/interview.js";
import { Interviews } from "../../../src/domain/sessions/interviews.js";
import type { NewNotification } from "../../../src/domain/validation/ports.js";
import { AppError, ValidationError } from "../../../src/errors.js";
import { InterviewRepository, interviewModel } from "../../../src/persistence/interviews.js";
import { getTestEnvironment } from "../../support/environment.js";

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const SECTIONS = { difficulties: "", strengths: "", traces: "", objectives: "" };

describe("individual interviews (service and repository)", () => {
  const clock = new ManualClock(new Date("2026-12-01T09:00:00Z"));
  const notices: NewNotification[] = [];
  const tutorships = new Set<string>();
  let interviews: Interviews;

  before(async () => {
    const { mongo } = await getTestEnvironment();
    interviews = new Interviews({
      store: new InterviewRepository(interviewModel(mongo.carnet)),
      tutors: {
        isTutorOf: (_p, tutorId, learnerId) => Promise.resolve(tutorships.has(`${tutorId} ${learnerId}`)),
      },
      notifications: {
        notify: (list) => {
          notices.push(...list);
          return Promise.resolve();
        },
      },
      clock,
      timeZone: "Europe/Paris",
    });
  });

  function people(): { platformId: string; tutor: Actor; tutee: Actor } {
    const platformId = `platform-${randomUUID()}`;
    const base = {
      platformId,
      deploymentId: "d1",
      contextId: "c1",
      resourceLinkId: null,
      launchId: "launch-0123456789",
    };
    tutorships.add("tutor lea");
    return {
      platformId,
      tutor: { ...base, userId: "tutor", roles: ["teacher"] },
      tutee: { ...base, userId: "lea", roles: ["learner"] },
    };
  }

  it("goes from preparation to a synthesis signed by both, the next one starting from its objectives", async () => {
    const { platformId, tutor, tutee } = people();
    notices.length = 0;
    const first = await interviews.open(tutor, "lea", { date: "2026-12-15", time: "17:30" });
    expect(first.plannedAt?.toISOString()).to.equal("2026-12-15T16:30:00.000Z");
    expect([first.number, first.previousObjectives, stageOf(first)]).to.deep.equal([1, null, "preparing"]);

    const prepared = await interviews.prepare(tutee, first, {
      difficulties: "Les gardes",
      strengths: "Relation avec les patients",
      traces: "Deux RSCA en cours",
      objectives: "Finir mon RSCA",
      topics: "La thèse",
    });
    expect(prepared.preparation.difficulties).to.equal("Les gardes");
    expect((await refusal(() => interviews.sign(tutee, prepared))).code).to.equal("INTERVIEW_NOT_COMPLETED");

    const noObjectives = await refusal(() => interviews.complete(tutor, prepared, SECTIONS));
    expect(noObjectives instanceof ValidationError ? noObjectives.fields : {}).to.deep.equal({
      objectives: "REQUIRED",
    });
    const completed = await interviews.complete(tutor, prepared, {
      ...SECTIONS,
      difficulties: "Fatigue des gardes, à surveiller",
      objectives: "Valider deux RSCA; choisir un sujet de thèse",
    });
    expect(stageOf(completed)).to.equal("completed");
    expect(
      (await refusal(() => interviews.prepare(tutee, completed, { ...SECTIONS, topics: "" }))).code,
    ).to.equal("INTERVIEW_COMPLETED");

    await interviews.sign(tutee, completed);
    expect((await refusal(() => interviews.sign(tutee, completed))).code).to.equal(
      "INTERVIEW_ALREADY_SIGNED",
    );
    const signed = await interviews.sign(tutor, completed);
    expect(stageOf(signed)).to.equal("signed");
    expect(notices.map((n) => [n.userId, n.kind])).to.deep.equal([
      ["lea", "interview_opened"],
      ["tutor", "interview_prepared"],
      ["lea", "interview_completed"],
      ["lea", "interview_signed"],
    ]);

    const next = await interviews.open(tutor, "lea", { date: "", time: "" });
    expect(next.number).to.equal(2);
    expect(next.previousObjectives).to.equal("Valider deux RSCA; choisir un sujet de thèse");
    expect(next.preparation.objectives).to.equal("Valider deux RSCA; choisir un sujet de thèse");
    expect((await interviews.ofLearner(platformId, "lea")).map((i) => i.number)).to.deep.equal([2, 1]);
  });

  it("opens only with one's own tutee, one at a time, never in the past", async () => {
    const { tutor, tutee } = people();
    expect((await refusal(() => interviews.open(tutor, "zoe", { date: "", time: "" }))).status).to.equal(404);
    expect((await refusal(() => interviews.open(tutee, "lea", { date: "", time: "" }))).status).to.equal(404);
    const past = await refusal(() => interviews.open(tutor, "lea", { date: "2026-11-30", time: "10:00" }));
    expect(past instanceof ValidationError ? past.fields : {}).to.deep.equal({ date: "IN_PAST" });
    await interviews.open(tutor, "lea", { date: "", time: "" });
    expect((await refusal(() => interviews.open(tutor, "lea", { date: "", time: "" }))).code).to.equal(
      "INTERVIEW_IN_PROGRESS",
    );
  });

  it("refuses over-long texts on their field, and anyone but the parties", async () => {
    const { tutor, tutee } = people();
    const interview = await interviews.open(tutor, "lea", { date: "", time: "" });
    const long = await refusal(() =>
      interviews.prepare(tutee, interview, { ...SECTIONS, traces: "x".repeat(4001), topics: "" }),
    );
    expect(long instanceof ValidationError ? long.fields : {}).to.deep.equal({ traces: "TOO_LONG" });
    expect(
      (await refusal(() => interviews.prepare(tutor, interview, { ...SECTIONS, topics: "" }))).status,
    ).to.equal(404);
    expect((await refusal(() => interviews.complete(tutee, interview, SECTIONS))).status).to.equal(404);
  });
});

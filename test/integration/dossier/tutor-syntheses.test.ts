// TutorSyntheses on the real synthesis store: versions and their version check, the learner reading
// the newest shared version, finalising only what was read, the jury's final version, the tutees list's
// stages.
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import { TutorSyntheses, type SynthesisText } from "../../../src/domain/dossier/synthesis.js";
import { AppError } from "../../../src/errors.js";
import { SynthesisRepository } from "../../../src/persistence/dossier-repository.js";
import { dossierModels } from "../../../src/persistence/models/dossier-models.js";
import { getTestEnvironment } from "../../support/environment.js";

const HOUR = 3_600_000;

function actor(userId: string, platformId: string, roles: Actor["roles"]): Actor {
  return {
    platformId,
    deploymentId: "d",
    contextId: "c",
    resourceLinkId: null,
    userId,
    roles,
    launchId: "l",
  };
}

function text(progress: string): SynthesisText {
  return { progress, reflexivity: "Réflexivité", competences: "Compétences", recommendations: "Avis" };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("TutorSyntheses (real store)", () => {
  let syntheses: TutorSyntheses;
  let clock: ManualClock;
  let platformId: string;
  let tutor: Actor;
  let lea: Actor;

  beforeEach(async () => {
    const { mongo } = await getTestEnvironment();
    clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
    syntheses = new TutorSyntheses({
      store: new SynthesisRepository(dossierModels(mongo.carnet)),
      clock,
      newId: randomUUID,
    });
    platformId = `p-${randomUUID()}`;
    tutor = actor("anne", platformId, ["mentor"]);
    lea = actor("lea", platformId, ["learner"]);
  });

  it("refuses a save built on an older version, and lets one of two simultaneous saves through", async () => {
    await syntheses.save(tutor, "lea", text("Premier jet"), 0);
    expect(await refusal(syntheses.save(tutor, "lea", text("Page ancienne"), 0))).to.equal(
      "409 SYNTHESIS_CHANGED",
    );
    const outcomes = await Promise.allSettled([
      syntheses.save(tutor, "lea", text("Onglet A"), 1),
      syntheses.save(tutor, "lea", text("Onglet B"), 1),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).to.have.length(1);
    const versions = await syntheses.history(platformId, "lea");
    expect(versions.map((version) => version.version)).to.deep.equal([2, 1]);
  });

  it("shares and finalises only the version the tutor's page showed", async () => {
    await syntheses.save(tutor, "lea", text("v1"), 0);
    await syntheses.save(tutor, "lea", text("v2"), 1);
    expect(await refusal(syntheses.share(tutor, "lea", 1))).to.equal("409 SYNTHESIS_CHANGED");
    await syntheses.share(tutor, "lea", 2);
    expect(await refusal(syntheses.share(tutor, "lea", 2))).to.equal("409 SYNTHESIS_NOT_DRAFT");
    expect(await refusal(syntheses.finalize(tutor, "lea", 2))).to.equal("409 SYNTHESIS_NOT_READ");
    await syntheses.acknowledge(lea);
    await syntheses.finalize(tutor, "lea", 2);
    expect((await syntheses.final(platformId, "lea"))?.progress).to.equal("v2");
  });

  it("lets the learner read the shared version while the tutor drafts a newer one; that draft is not final", async () => {
    await syntheses.save(tutor, "lea", text("Partagée"), 0);
    await syntheses.share(tutor, "lea", 1);
    clock.advance(HOUR);
    await syntheses.save(tutor, "lea", text("Brouillon suivant"), 1);
    await syntheses.acknowledge(lea);
    const seen = await syntheses.forLearner(platformId, "lea");
    expect(seen.map((version) => [version.version, version.progress, Boolean(version.readAt)])).to.deep.equal(
      [[1, "Partagée", true]],
    );
    // The newest text is the draft: it has to be shared and read before it can be final.
    expect(await refusal(syntheses.finalize(tutor, "lea"))).to.equal("409 SYNTHESIS_NOT_READ");
  });

  it("gives the jury the newest final version, not a draft written afterwards", async () => {
    await syntheses.save(tutor, "lea", text("Définitive"), 0);
    await syntheses.share(tutor, "lea", 1);
    await syntheses.acknowledge(lea);
    await syntheses.finalize(tutor, "lea", 1);
    await syntheses.save(tutor, "lea", text("Écrit après"), 1);
    expect((await syntheses.final(platformId, "lea"))?.progress).to.equal("Définitive");
    expect((await syntheses.forLearner(platformId, "lea")).map((version) => version.progress)).to.deep.equal([
      "Définitive",
    ]);
  });

  it("says where each tutee's synthesis stands, for the tutees list", async () => {
    await syntheses.save(tutor, "draft", text("x"), 0);
    await syntheses.save(tutor, "shared", text("x"), 0);
    await syntheses.share(tutor, "shared", 1);
    await syntheses.save(tutor, "read", text("x"), 0);
    await syntheses.share(tutor, "read", 1);
    await syntheses.acknowledge(actor("read", platformId, ["learner"]));
    await syntheses.save(tutor, "final", text("x"), 0);
    await syntheses.share(tutor, "final", 1);
    await syntheses.acknowledge(actor("final", platformId, ["learner"]));
    await syntheses.finalize(tutor, "final", 1);
    await syntheses.save(tutor, "final", text("y"), 1);
    const progress = await syntheses.progressOf(platformId, ["none", "draft", "shared", "read", "final"]);
    expect(Object.fromEntries(progress)).to.deep.equal({
      none: { stage: "none", finalBefore: false },
      draft: { stage: "draft", finalBefore: false },
      shared: { stage: "shared", finalBefore: false },
      read: { stage: "read", finalBefore: false },
      final: { stage: "draft", finalBefore: true },
    });
    // Another platform's learners with the same ids see none of it.
    const elsewhere = await syntheses.progressOf(`p-${randomUUID()}`, ["draft"]);
    expect(elsewhere.get("draft")).to.deep.equal({ stage: "none", finalBefore: false });
  });
});

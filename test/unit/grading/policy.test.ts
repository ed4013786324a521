import { expect } from "chai";
import {
  activityProgressOf,
  computeDesiredScore,
  DEFAULT_GRADING,
  desiredKey,
  gradingSettingsOf,
  progressRatio,
  type GradingSettings,
  type ScoreInput,
} from "../../../src/domain/grading/policy.js";
import type { LearnerProgress } from "../../../src/domain/grading/ports.js";
import { frenchComment } from "../../../src/jobs/grade-projector.js";

const MEDECINE_SCALE = [
  { code: "novice", proficient: false },
  { code: "intermediaire", proficient: false },
  { code: "competent", proficient: true },
];

function buildProgress(overrides: Partial<LearnerProgress> = {}): LearnerProgress {
  return {
    required: 20,
    validated: 12,
    levels: [],
    lastChangeAt: new Date("2026-03-01T10:00:00Z"),
    ...overrides,
  };
}

function buildInput(
  settings: Partial<GradingSettings> = {},
  progress: Partial<LearnerProgress> = {},
): ScoreInput {
  return {
    settings: { ...DEFAULT_GRADING, ...settings },
    progress: buildProgress(progress),
    scaleLevels: MEDECINE_SCALE,
  };
}

describe("grading policy", () => {
  describe("share of competences validated", () => {
    it("scores validated / required × maximum", () => {
      const desired = computeDesiredScore(buildInput({ scoreMaximum: 20 }), frenchComment);
      expect(desired.scoreGiven).to.equal(12);
      expect(desired.scoreMaximum).to.equal(20);
    });

    it("posts the running score as FullyGraded / InProgress until complete", () => {
      const desired = computeDesiredScore(buildInput(), frenchComment);
      expect(desired).to.include({
        scoreGiven: 60,
        gradingProgress: "FullyGraded",
        activityProgress: "InProgress",
      });
    });

    it("is Completed / FullyGraded at the maximum when every required competence is validated", () => {
      const desired = computeDesiredScore(buildInput({}, { validated: 20 }), frenchComment);
      expect(desired).to.deep.equal({
        scoreGiven: 100,
        scoreMaximum: 100,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
        comment: "20/20 compétences validées",
      });
    });

    it("rounds to two decimals", () => {
      expect(
        computeDesiredScore(buildInput({}, { required: 3, validated: 1 }), frenchComment).scoreGiven,
      ).to.equal(33.33);
    });
  });

  describe("weighted by level", () => {
    it("counts each competence's level rank over the top rank", () => {
      const input = buildInput(
        { policy: "weighted", scoreMaximum: 60 },
        {
          required: 6,
          validated: 1,
          levels: [
            { code: "C1", levelCode: "novice" },
            { code: "C2", levelCode: "intermediaire" },
            { code: "C3", levelCode: "competent" },
          ],
        },
      );
      // (1/3 + 2/3 + 3/3) / 6 × 60 = 20
      expect(progressRatio(input)).to.be.closeTo(1 / 3, 1e-9);
      expect(computeDesiredScore(input, frenchComment).scoreGiven).to.equal(20);
    });

    it("counts a validated competence without a known level at the first proficient level", () => {
      const input = buildInput(
        { policy: "weighted" },
        { required: 2, validated: 1, levels: [{ code: "C1", levelCode: "" }] },
      );
      expect(progressRatio(input)).to.equal(0.5);
    });

    it("counts a competence once even if listed twice", () => {
      const input = buildInput(
        { policy: "weighted" },
        {
          required: 2,
          levels: [
            { code: "C1", levelCode: "competent" },
            { code: "C1", levelCode: "competent" },
          ],
        },
      );
      expect(progressRatio(input)).to.equal(0.5);
    });
  });

  describe("complete / incomplete", () => {
    it("gives 0 until complete, then the maximum", () => {
      expect(computeDesiredScore(buildInput({ policy: "completion" }), frenchComment)).to.include({
        scoreGiven: 0,
        activityProgress: "InProgress",
      });
      expect(
        computeDesiredScore(buildInput({ policy: "completion" }, { validated: 20 }), frenchComment),
      ).to.include({
        scoreGiven: 100,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      });
    });
  });

  describe("without the running score", () => {
    it("sends Pending and no scoreGiven until complete (Moodle stores no grade then)", () => {
      const desired = computeDesiredScore(buildInput({ showRunningScore: false }), frenchComment);
      expect(desired).to.not.have.property("scoreGiven");
      expect(desired.gradingProgress).to.equal("Pending");
      expect(desired.activityProgress).to.equal("InProgress");
    });

    it("still sends the full grade on completion", () => {
      const desired = computeDesiredScore(
        buildInput({ showRunningScore: false }, { validated: 20 }),
        frenchComment,
      );
      expect(desired).to.include({
        scoreGiven: 100,
        gradingProgress: "FullyGraded",
        activityProgress: "Completed",
      });
    });
  });

  describe("activity progress", () => {
    it("moves from Initialized to Started, InProgress and Completed", () => {
      expect(activityProgressOf(buildProgress({ validated: 0, lastChangeAt: null }))).to.equal("Initialized");
      expect(activityProgressOf(buildProgress({ validated: 0 }))).to.equal("Started");
      expect(activityProgressOf(buildProgress({ validated: 3 }))).to.equal("InProgress");
      expect(activityProgressOf(buildProgress({ validated: 20 }))).to.equal("Completed");
    });

    it("never calls an empty framework complete", () => {
      const desired = computeDesiredScore(buildInput({}, { required: 0, validated: 0 }), frenchComment);
      expect(desired.activityProgress).to.not.equal("Completed");
      // Nothing decided: no running 0 in the gradebook either.
      expect(desired.scoreGiven).to.equal(undefined);
      expect(desired.gradingProgress).to.equal("Pending");
    });
  });

  it("writes a short French comment made of numbers only", () => {
    expect(computeDesiredScore(buildInput(), frenchComment).comment).to.equal("12/20 compétences validées");
  });

  it("reads stored settings leniently, defaulting what is missing or malformed", () => {
    expect(gradingSettingsOf(undefined)).to.deep.equal(DEFAULT_GRADING);
    expect(gradingSettingsOf({ policy: "weighted" })).to.deep.equal({
      ...DEFAULT_GRADING,
      policy: "weighted",
    });
    expect(gradingSettingsOf({ policy: "nonsense", scoreMaximum: 20 })).to.deep.equal(DEFAULT_GRADING);
  });

  it("tells identical desired scores apart from changed ones", () => {
    const a = computeDesiredScore(buildInput(), frenchComment);
    const b = computeDesiredScore(buildInput(), frenchComment);
    const c = computeDesiredScore(buildInput({}, { validated: 13 }), frenchComment);
    expect(desiredKey(a)).to.equal(desiredKey(b));
    expect(desiredKey(a)).to.not.equal(desiredKey(c));
  });
});

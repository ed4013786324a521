// The grades contract on the competence records' own collection: every change of state or of validated
// level sets the grade outbox marker (gradeSync pending/version/changedAt) in the change's own update.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { CompetenceKey, CompetenceRecord } from "../../../src/domain/validation/records.js";
import { transition, type RecordChange } from "../../../src/domain/validation/transition.js";
import { CompetenceRecordRepository } from "../../../src/persistence/competence-records.js";
import {
  validationModels,
  type CompetenceRecordDoc,
} from "../../../src/persistence/models/validation-models.js";
import { getTestEnvironment } from "../../support/environment.js";
import { buildInput, SCALE, TEACHER_2_ID, TEACHER_ID } from "../../unit/validation/build.js";

describe("validation: the grade outbox marker on competence records", () => {
  let repository: CompetenceRecordRepository;
  let models: ReturnType<typeof validationModels>;
  let now = new Date("2026-03-02T08:00:00Z");
  const later = (): Date => (now = new Date(now.getTime() + 60_000));

  before(async () => {
    models = validationModels((await getTestEnvironment()).mongo.carnet);
    repository = new CompetenceRecordRepository(models);
  });

  function keyOf(code: string): CompetenceKey {
    return {
      platformId: `grade-marker-${randomUUID()}`,
      deploymentId: "1",
      contextId: "course-1",
      learnerId: "learner-1",
      frameworkId: "fw",
      competenceCode: code,
    };
  }

  async function raw(record: CompetenceRecord): Promise<CompetenceRecordDoc> {
    const doc = await models.CompetenceRecord.findOne({ _id: record.id }).lean<CompetenceRecordDoc>();
    if (!doc) throw new Error("record not found");
    return doc;
  }

  /** One transition computed on the stored record and written by the repository. */
  async function act(record: CompetenceRecord, overrides: Parameters<typeof buildInput>[4] = {}) {
    const input = buildInput("validate", "validator", "online", record.state, {
      record,
      now: later(),
      entryId: randomUUID(),
      ...overrides,
    });
    const result = transition(input);
    if (!result.ok) throw new Error(result.reason);
    const written = await repository.apply(record, result.change, { now: input.now });
    if (!written) throw new Error("conflict");
    return { written, change: result.change };
  }

  /** A validated record at `level`, with its marker at version 2 (requested, then validated). */
  async function validatedAt(level: string): Promise<CompetenceRecord> {
    const created = await repository.ensure(keyOf("C1"), later());
    const { written: requested } = await act(created, {
      action: "request",
      actor: { userId: created.learnerId, roles: ["learner"], displayRole: "learner" },
    });
    const { written } = await act(requested, { level });
    expect(written).to.include({ state: "validated", level });
    expect((await raw(written)).gradeSync).to.include({ pending: true, version: 2 });
    return written;
  }

  it("sets the marker when double validation settles the lower of the two levels", async () => {
    const created = await repository.ensure(keyOf("C2"), later());
    const { written: requested } = await act(created, {
      action: "request",
      actor: { userId: created.learnerId, roles: ["learner"], displayRole: "learner" },
    });
    const { written: first } = await act(requested, { level: "expert", validationsRequired: 2 });
    expect(first).to.include({ state: "submitted" });
    // One approval of two: neither the state nor the level moved, the grade cannot have changed.
    expect((await raw(first)).gradeSync.version).to.equal(1);
    const { written: second } = await act(first, {
      level: "competent",
      validationsRequired: 2,
      actor: { userId: TEACHER_2_ID, roles: ["validator"], displayRole: "teacher" },
    });
    const doc = await raw(second);
    expect(doc).to.include({ state: "validated", level: "competent", rev: 3 });
    expect(doc.gradeSync).to.deep.equal({ pending: true, version: 2, changedAt: now });
  });

  it("sets the marker in the same update when only the validated level changes", async () => {
    const record = await validatedAt("competent");
    await models.CompetenceRecord.updateOne({ _id: record.id }, { $set: { "gradeSync.pending": false } });
    const at = later();
    // A re-validation at another level keeps the state: the "weighted" policy's score changes all the same.
    const change: RecordChange = {
      state: "validated",
      stateOrLevelChanged: false,
      level: "expert",
      approvals: [{ validatorId: TEACHER_ID, level: "expert", at, channel: "online" }],
      waitingSince: undefined,
      evidenceVersion: record.evidenceVersion,
      evidence: undefined,
      proposal: undefined,
      requestId: undefined,
      selfLevel: undefined,
      learnerActed: false,
      entry: {
        id: randomUUID(),
        at,
        action: "validate",
        from: "validated",
        to: "validated",
        actorId: TEACHER_ID,
        actorRole: "teacher",
        channel: "online",
        evidenceVersion: record.evidenceVersion,
        level: "expert",
      },
    };
    const written = await repository.apply(record, change, { now: at });
    expect(written).to.include({ state: "validated", level: "expert", rev: record.rev + 1 });
    expect((await raw(record)).gradeSync).to.deep.equal({ pending: true, version: 3, changedAt: at });
  });

  it("leaves the marker alone when neither the state nor the level changes", async () => {
    const record = await validatedAt("competent");
    await models.CompetenceRecord.updateOne({ _id: record.id }, { $set: { "gradeSync.pending": false } });
    const { written, change } = await act(record, {
      action: "self_assess",
      level: SCALE[3]?.code,
      actor: { userId: record.learnerId, roles: ["learner"], displayRole: "learner" },
    });
    expect(change.stateOrLevelChanged).to.equal(false);
    const doc = await raw(written);
    expect(doc).to.include({ state: "validated", level: "competent", selfLevel: "expert" });
    expect(doc.gradeSync).to.include({ pending: false, version: 2 });
  });
});

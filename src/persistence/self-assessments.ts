// Self-assessments: append-only, so the learner's history of what they believed is kept.
import type { CompetenceKey } from "../domain/validation/records.js";
import type { SelfAssessment, SelfAssessmentStore } from "../domain/validation/ports.js";
import type { SelfAssessmentDoc, ValidationModels } from "./models/validation-models.js";

export class SelfAssessmentRepository implements SelfAssessmentStore {
  constructor(private readonly models: Pick<ValidationModels, "SelfAssessment">) {}

  async append(entry: SelfAssessment): Promise<void> {
    const { id, ...rest } = entry;
    await this.models.SelfAssessment.create({ _id: id, ...rest });
  }

  /** Newest first. */
  async history(key: CompetenceKey): Promise<SelfAssessment[]> {
    const docs = await this.models.SelfAssessment.find(key)
      .sort({ createdAt: -1 })
      .lean<SelfAssessmentDoc[]>();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}

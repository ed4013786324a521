// Self-assessments: append-only, so the learner's history of what they believed is kept.
import type { CompetenceKey } from "../domain/validation/records.js";
import type { SelfAssessment, SelfAssessmentStore } from "../domain/validation/ports.js";
import type { ValidationModels } from "./models/validation-models.js";
import { storedRecords, toDocument } from "./records.js";

export class SelfAssessmentRepository implements SelfAssessmentStore {
  private readonly entries;

  constructor(models: Pick<ValidationModels, "SelfAssessment">) {
    this.entries = storedRecords<SelfAssessment>(models.SelfAssessment);
  }

  async append(entry: SelfAssessment): Promise<void> {
    await this.entries.insert(toDocument(entry));
  }

  /** Newest first. */
  async history(key: CompetenceKey): Promise<SelfAssessment[]> {
    return this.entries.list(key, { sort: { createdAt: -1 } });
  }
}

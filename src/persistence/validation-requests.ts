// Validation requests: what the learner asked for at once (items, chosen validators, basis). The
// decisions live on each competence record, so a request document is written once.
import type { RequestStore, ValidationRequest } from "../domain/validation/ports.js";
import type { ValidationModels, ValidationRequestDoc } from "./models/validation-models.js";
import { type RecordCollection, storedRecords, toDocument } from "./records.js";

export class ValidationRequestRepository implements RequestStore {
  private readonly requests: RecordCollection<ValidationRequestDoc, ValidationRequest>;

  constructor(models: Pick<ValidationModels, "ValidationRequest">) {
    this.requests = storedRecords(models.ValidationRequest);
  }

  async create(request: ValidationRequest): Promise<void> {
    await this.requests.insert(toDocument(request));
  }

  async byId(platformId: string, id: string): Promise<ValidationRequest | null> {
    return this.requests.byId(platformId, id);
  }

  async byIds(platformId: string, ids: readonly string[]): Promise<Map<string, ValidationRequest>> {
    return this.requests.byIds(platformId, ids);
  }

  async removeItem(platformId: string, id: string, code: string): Promise<void> {
    await this.requests.model.updateOne({ _id: id, platformId }, { $pull: { items: { code } } });
  }
}

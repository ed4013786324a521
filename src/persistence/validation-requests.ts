// Validation requests: what the learner asked for at once (items, chosen validators, basis). The
// decisions live on each competence record, so a request document is written once.
import type { RequestStore, ValidationRequest } from "../domain/validation/ports.js";
import type { ValidationModels, ValidationRequestDoc } from "./models/validation-models.js";

function toRequest(doc: ValidationRequestDoc): ValidationRequest {
  return {
    id: doc._id,
    platformId: doc.platformId,
    deploymentId: doc.deploymentId,
    contextId: doc.contextId,
    learnerId: doc.learnerId,
    frameworkId: doc.frameworkId,
    basis: doc.basis,
    items: doc.items,
    assignedValidatorIds: doc.assignedValidatorIds,
    createdAt: doc.createdAt,
  };
}

export class ValidationRequestRepository implements RequestStore {
  constructor(private readonly models: Pick<ValidationModels, "ValidationRequest">) {}

  async create(request: ValidationRequest): Promise<void> {
    const { id, ...rest } = request;
    await this.models.ValidationRequest.create({ _id: id, ...rest });
  }

  async byId(platformId: string, id: string): Promise<ValidationRequest | null> {
    const doc = await this.models.ValidationRequest.findOne({
      _id: id,
      platformId,
    }).lean<ValidationRequestDoc>();
    return doc ? toRequest(doc) : null;
  }

  async byIds(platformId: string, ids: readonly string[]): Promise<Map<string, ValidationRequest>> {
    if (ids.length === 0) return new Map();
    const docs = await this.models.ValidationRequest.find({ platformId, _id: { $in: [...ids] } }).lean<
      ValidationRequestDoc[]
    >();
    return new Map(docs.map((doc) => [doc._id, toRequest(doc)]));
  }

  async removeItem(platformId: string, id: string, code: string): Promise<void> {
    await this.models.ValidationRequest.updateOne({ _id: id, platformId }, { $pull: { items: { code } } });
  }
}

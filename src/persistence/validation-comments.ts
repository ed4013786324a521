// Formative comments on a competence: an exchange between learner and trainers, kept apart from decisions.
import type { CompetenceKey } from "../domain/validation/records.js";
import type { CommentStore, FormativeComment } from "../domain/validation/ports.js";
import type { ValidationCommentDoc, ValidationModels } from "./models/validation-models.js";

export class ValidationCommentRepository implements CommentStore {
  constructor(private readonly models: Pick<ValidationModels, "ValidationComment">) {}

  async add(comment: FormativeComment): Promise<void> {
    const { id, ...rest } = comment;
    await this.models.ValidationComment.create({ _id: id, ...rest });
  }

  /** Oldest first, as a conversation reads. */
  async forCompetence(key: CompetenceKey): Promise<FormativeComment[]> {
    const docs = await this.models.ValidationComment.find(key)
      .sort({ createdAt: 1 })
      .lean<ValidationCommentDoc[]>();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}

// Formative comments on a competence: an exchange between learner and trainers, kept apart from decisions.
import type { CompetenceKey } from "../domain/validation/records.js";
import type { CommentStore, FormativeComment } from "../domain/validation/ports.js";
import type { ValidationModels } from "./models/validation-models.js";
import { storedRecords, toDocument } from "./records.js";

export class ValidationCommentRepository implements CommentStore {
  private readonly comments;

  constructor(models: Pick<ValidationModels, "ValidationComment">) {
    this.comments = storedRecords<FormativeComment>(models.ValidationComment);
  }

  async add(comment: FormativeComment): Promise<void> {
    await this.comments.insert(toDocument(comment));
  }

  /** Oldest first, as a conversation reads. */
  async forCompetence(key: CompetenceKey): Promise<FormativeComment[]> {
    return this.comments.list(key, { sort: { createdAt: 1 } });
  }
}

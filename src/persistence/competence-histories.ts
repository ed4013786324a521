// A competence's append-only histories: self-assessments (the learner's history of what they believed is
// kept) and formative comments (an exchange between learner and trainers, kept apart from decisions).
import type { Model } from "mongoose";
import type { CompetenceHistory } from "../domain/validation/ports.js";
import type { CompetenceKey } from "../domain/validation/records.js";
import type { Stored } from "./models/stored.js";
import { type RecordCollection, storedRecords, toDocument } from "./records.js";

type Entry = CompetenceKey & { id: string; createdAt: Date };

export class CompetenceHistoryRepository<T extends Entry> implements CompetenceHistory<T> {
  private readonly entries: RecordCollection<Stored<T>, T>;

  constructor(
    model: Model<Stored<T>>,
    private readonly order: "newest first" | "oldest first",
  ) {
    this.entries = storedRecords<T>(model);
  }

  async append(entry: T): Promise<void> {
    await this.entries.insert(toDocument(entry));
  }

  async history(key: CompetenceKey): Promise<T[]> {
    const { platformId, deploymentId, contextId, learnerId, frameworkId, competenceCode } = key;
    const filter = { platformId, deploymentId, contextId, learnerId, frameworkId, competenceCode };
    return this.entries.list(filter, { sort: { createdAt: this.order === "newest first" ? -1 : 1 } });
  }
}

// The erasure journal (collection person_erasures): a started erasure keeps who and which pseudonym until
// it is over, so that running it again resumes with the same pseudonym; at its end only counts remain.
import type { Connection } from "mongoose";
import type mongoose from "mongoose";
import type { ErasureJournal, ErasureRun, ErasureSummary } from "../domain/people/data-rights.js";

interface ErasureDoc {
  _id: string;
  platformId: string;
  userId?: string;
  sub?: string;
  names?: string[];
  pseudonym?: string;
  startedAt: Date;
  finishedAt?: Date;
  summary?: ErasureSummary;
}

export const ERASURES_COLLECTION = "person_erasures";

export class ErasureJournalRepository implements ErasureJournal {
  constructor(private readonly connection: Connection) {}

  private collection(): mongoose.mongo.Collection<ErasureDoc> {
    const db = this.connection.db;
    if (!db) throw new Error("erasures: the database connection is not open");
    return db.collection<ErasureDoc>(ERASURES_COLLECTION);
  }

  async unfinished(platformId: string, sub: string): Promise<ErasureRun | null> {
    const doc = await this.collection().findOne({ platformId, sub, finishedAt: { $exists: false } });
    if (!doc?.userId || !doc.pseudonym) return null;
    return {
      id: doc._id,
      person: { platformId, userId: doc.userId, sub, names: doc.names ?? [] },
      pseudonym: doc.pseudonym,
      startedAt: doc.startedAt,
    };
  }

  async start(run: ErasureRun): Promise<void> {
    await this.collection().insertOne({
      _id: run.id,
      platformId: run.person.platformId,
      userId: run.person.userId,
      sub: run.person.sub,
      names: run.person.names,
      pseudonym: run.pseudonym,
      startedAt: run.startedAt,
    });
  }

  /** Forgets the person and the pseudonym: nothing links the erased person to what stays. */
  async finish(id: string, summary: ErasureSummary, at: Date): Promise<void> {
    await this.collection().updateOne(
      { _id: id },
      { $set: { finishedAt: at, summary }, $unset: { userId: "", sub: "", names: "", pseudonym: "" } },
    );
  }
}

// The learner's choice of traces for their dossier and the tutor's synthesis versions (one document
// per version: a saved text never changes, only its status moves draft → shared → final).
import type { DossierSelectionStore } from "../domain/dossier/ports.js";
import type { SynthesisStatus, SynthesisStore, SynthesisVersion } from "../domain/dossier/synthesis.js";
import type { DossierModels, SynthesisDoc } from "./models/dossier-models.js";
import { storedRecords, toDocument } from "./records.js";

export class DossierSelectionRepository implements DossierSelectionStore {
  constructor(private readonly models: Pick<DossierModels, "DossierSelection">) {}

  async chosen(platformId: string, learnerId: string): Promise<string[] | null> {
    const doc = await this.models.DossierSelection.findOne({ platformId, learnerId }).lean();
    return doc ? doc.traceIds : null;
  }

  async choose(platformId: string, learnerId: string, traceIds: readonly string[], at: Date): Promise<void> {
    await this.models.DossierSelection.updateOne(
      { platformId, learnerId },
      {
        $set: { traceIds: [...traceIds], updatedAt: at },
        $setOnInsert: { _id: `${platformId}:${learnerId}` },
      },
      { upsert: true },
    );
  }
}

export class SynthesisRepository implements SynthesisStore {
  private readonly syntheses;

  constructor(private readonly models: Pick<DossierModels, "Synthesis">) {
    this.syntheses = storedRecords<SynthesisVersion>(models.Synthesis);
  }

  async versions(platformId: string, learnerId: string): Promise<SynthesisVersion[]> {
    return this.syntheses.list({ platformId, learnerId }, { sort: { version: -1 }, limit: 100 });
  }

  async statusesOf(
    platformId: string,
    learnerIds: readonly string[],
  ): Promise<Pick<SynthesisVersion, "learnerId" | "version" | "status" | "readAt">[]> {
    const docs = await this.models.Synthesis.find(
      { platformId, learnerId: { $in: [...learnerIds] } },
      { learnerId: 1, version: 1, status: 1, readAt: 1 },
    )
      .sort({ version: -1 })
      .lean<Pick<SynthesisDoc, "learnerId" | "version" | "status" | "readAt">[]>();
    return docs.map(({ learnerId, version, status, readAt }) => ({
      learnerId,
      version,
      status,
      ...(readAt ? { readAt } : {}),
    }));
  }

  async insert(version: SynthesisVersion): Promise<boolean> {
    return this.syntheses.insertOnce(toDocument(version));
  }

  async mark(
    platformId: string,
    id: string,
    from: SynthesisStatus,
    patch: Partial<Pick<SynthesisVersion, "status" | "sharedAt" | "readAt" | "finalAt">>,
  ): Promise<boolean> {
    const result = await this.models.Synthesis.updateOne(
      { _id: id, platformId, status: from },
      { $set: patch },
    );
    return result.modifiedCount === 1;
  }
}

// The outbox markers on competence_records (owned by the validation area): grading lists the records
// whose `gradeSync.pending` is set and clears the marker with a compare-and-set on its version. Only
// the `gradeSync` sub-document is ever written here (the owner's schema indexes `gradeSync.pending`).
import { Types, type Connection } from "mongoose";
import { z } from "zod";
import type { GradeSyncMarker, GradeSyncMarkers } from "../domain/grading/ports.js";

export const COMPETENCE_RECORDS_COLLECTION = "competence_records";

const MarkedRecord = z.object({
  _id: z.unknown().transform((id) => String(id)),
  platformId: z.string(),
  deploymentId: z.string(),
  contextId: z.string(),
  learnerId: z.string(),
  frameworkId: z.string(),
  gradeSync: z.object({
    pending: z.literal(true),
    version: z.number(),
    changedAt: z.coerce.date(),
  }),
});

export class CompetenceRecordMarkers implements GradeSyncMarkers {
  constructor(private readonly connection: Connection) {}

  private get collection(): ReturnType<Connection["collection"]> {
    return this.connection.collection(COMPETENCE_RECORDS_COLLECTION);
  }

  async pending(limit: number, platformIds?: readonly string[]): Promise<GradeSyncMarker[]> {
    const docs = await this.collection
      .find(
        { "gradeSync.pending": true, ...(platformIds ? { platformId: { $in: [...platformIds] } } : {}) },
        {
          projection: {
            platformId: 1,
            deploymentId: 1,
            contextId: 1,
            learnerId: 1,
            frameworkId: 1,
            gradeSync: 1,
          },
          sort: { "gradeSync.changedAt": 1 },
          limit,
        },
      )
      .toArray();
    const markers: GradeSyncMarker[] = [];
    for (const raw of docs) {
      const parsed = MarkedRecord.safeParse(raw);
      if (!parsed.success) continue;
      const { _id, platformId, deploymentId, contextId, learnerId, frameworkId, gradeSync } = parsed.data;
      markers.push({
        recordId: _id,
        scope: { platformId, deploymentId, contextId },
        learnerId,
        frameworkId,
        version: gradeSync.version,
        changedAt: gradeSync.changedAt,
      });
    }
    return markers;
  }

  async clear(markers: readonly Pick<GradeSyncMarker, "recordId" | "version">[]): Promise<number> {
    if (markers.length === 0) return 0;
    // One round trip; each update is its own single-document compare-and-set on `{_id, version}`, a
    // unique key (validation-models.ts), so that it is an index lookup, not a scan, on both servers.
    // Matching the version is enough: a record changed since it was read has a higher one.
    const result = await this.collection.bulkWrite(
      markers.flatMap((marker) =>
        idForms(marker.recordId).map((_id) => ({
          updateOne: {
            filter: { _id: _id as never, "gradeSync.version": marker.version },
            update: { $set: { "gradeSync.pending": false } },
          },
        })),
      ),
      { ordered: false },
    );
    return result.modifiedCount;
  }
}

/** Records may have string or ObjectId ids, depending on the owner's schema. */
function idForms(id: string): unknown[] {
  return /^[0-9a-f]{24}$/i.test(id) ? [id, new Types.ObjectId(id)] : [id];
}

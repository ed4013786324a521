// Drafts of traces being written, one document per person and editor slot (collection trace_drafts).
import { Schema, type Connection, type Model } from "mongoose";
import { z } from "zod";
import type { DraftOwner, DraftSlot, DraftStore, TraceDraft } from "../domain/portfolio/drafts.js";
import { SECTION_PROGRESS } from "../domain/portfolio/types.js";
import { collection } from "./models/collection.js";
import { personScopeFields } from "./models/fields.js";

interface TraceDraftDoc {
  _id: string;
  platformId: string;
  userId: string;
  slotKind: "trace" | "new";
  traceId: string | null;
  deploymentId: string | null;
  contextId: string | null;
  typeKey: string;
  baseRevision: number | null;
  content: unknown;
  savedAt: Date;
  expiresAt: Date;
}

const traceDrafts = collection<TraceDraftDoc>(
  "CarnetTraceDraft",
  "trace_drafts",
  {
    ...personScopeFields("userId"),
    slotKind: { type: String, required: true, enum: ["trace", "new"] },
    traceId: { type: String, default: null },
    deploymentId: { type: String, default: null },
    contextId: { type: String, default: null },
    typeKey: { type: String, required: true },
    baseRevision: { type: Number, default: null },
    content: { type: Schema.Types.Mixed, required: true },
    savedAt: { type: Date, required: true },
  },
  { expiring: true, minimize: false },
)
  // A person's drafts, for the personal-data export and erasure.
  .index({ platformId: 1, userId: 1 });

export function traceDraftModel(connection: Connection): Model<TraceDraftDoc> {
  return traceDrafts.model(connection);
}

/** What is stored is re-read through the editor's own shape: an old or damaged draft is dropped. */
const ContentSchema = z.object({
  title: z.string(),
  date: z.string(),
  placement: z.string(),
  sections: z.array(z.object({ key: z.string(), body: z.string(), progress: z.enum(SECTION_PROGRESS) })),
  frameworkId: z.string().nullable(),
  competences: z.array(z.object({ code: z.string(), level: z.string().nullable() })),
  situations: z.array(z.string()),
});

/** One id per person and slot: saving twice (or at once) updates the same document. */
function idOf(owner: DraftOwner, slot: DraftSlot): string {
  const where =
    slot.kind === "trace" ? [slot.traceId] : [slot.deploymentId, slot.contextId ?? "", slot.typeKey];
  return JSON.stringify([owner.platformId, owner.userId, slot.kind, ...where]);
}

export class TraceDraftRepository implements DraftStore {
  constructor(private readonly model: Model<TraceDraftDoc>) {}

  async findDraft(owner: DraftOwner, slot: DraftSlot): Promise<TraceDraft | null> {
    const doc = await this.model
      .findOne({ _id: idOf(owner, slot), platformId: owner.platformId, userId: owner.userId })
      .lean<TraceDraftDoc>();
    if (!doc) return null;
    const content = ContentSchema.safeParse(doc.content);
    if (!content.success) return null;
    return {
      platformId: doc.platformId,
      userId: doc.userId,
      slot,
      typeKey: doc.typeKey,
      baseRevision: doc.baseRevision,
      content: content.data,
      savedAt: doc.savedAt,
      expiresAt: doc.expiresAt,
    };
  }

  async putDraft(draft: TraceDraft): Promise<void> {
    const { slot } = draft;
    await this.model.replaceOne(
      { _id: idOf(draft, slot), platformId: draft.platformId, userId: draft.userId },
      {
        platformId: draft.platformId,
        userId: draft.userId,
        slotKind: slot.kind,
        traceId: slot.kind === "trace" ? slot.traceId : null,
        deploymentId: slot.kind === "new" ? slot.deploymentId : null,
        contextId: slot.kind === "new" ? slot.contextId : null,
        typeKey: draft.typeKey,
        baseRevision: draft.baseRevision,
        content: draft.content,
        savedAt: draft.savedAt,
        expiresAt: draft.expiresAt,
      },
      { upsert: true },
    );
  }

  async newDraftTypes(
    owner: DraftOwner,
    course: { deploymentId: string; contextId: string | null },
    now: Date,
  ): Promise<string[]> {
    const docs = await this.model
      .find(
        {
          platformId: owner.platformId,
          userId: owner.userId,
          slotKind: "new",
          deploymentId: course.deploymentId,
          contextId: course.contextId,
          expiresAt: { $gt: now },
        },
        { typeKey: 1 },
      )
      .lean<Pick<TraceDraftDoc, "typeKey">[]>();
    return docs.map((doc) => doc.typeKey);
  }

  async removeDraft(owner: DraftOwner, slot: DraftSlot): Promise<void> {
    await this.model.deleteOne({
      _id: idOf(owner, slot),
      platformId: owner.platformId,
      userId: owner.userId,
    });
  }
}

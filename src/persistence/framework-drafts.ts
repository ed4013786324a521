// Files read and previewed, waiting for the person's confirmation: the confirm button sends only the
// draft's id, so a large file is not sent twice and cannot be swapped between preview and import.
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { FrameworkFormat } from "./framework-repository.js";
import type { FrameworkDraftDoc, FrameworkModels } from "./models/framework-models.js";

const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export interface FrameworkDraft {
  id: string;
  text: string;
  format: FrameworkFormat;
  version: string | undefined;
  /** Typed or pasted in the form (shown again if refused), rather than sent as a file. */
  pasted: boolean;
}

export class FrameworkDraftRepository {
  constructor(
    private readonly models: Pick<FrameworkModels, "FrameworkDraft">,
    private readonly clock: Clock,
  ) {}

  async save(
    owner: { platformId: string; userId: string },
    draft: Omit<FrameworkDraft, "id">,
  ): Promise<string> {
    const now = this.clock.now();
    const id = randomUUID();
    await this.models.FrameworkDraft.create({
      _id: id,
      ...owner,
      text: draft.text,
      format: draft.format,
      pasted: draft.pasted,
      ...(draft.version ? { version: draft.version } : {}),
      createdAt: now,
      expiresAt: new Date(now.getTime() + DRAFT_TTL_MS),
    });
    return id;
  }

  /** The person's own draft, unless it expired (checked here too: not every server expires documents). */
  async find(owner: { platformId: string; userId: string }, id: string): Promise<FrameworkDraft | null> {
    const doc = await this.models.FrameworkDraft.findOne({ _id: id, ...owner }).lean<FrameworkDraftDoc>();
    if (!doc || doc.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return { id: doc._id, text: doc.text, format: doc.format, version: doc.version, pasted: doc.pasted };
  }

  async remove(owner: { platformId: string; userId: string }, id: string): Promise<void> {
    await this.models.FrameworkDraft.deleteOne({ _id: id, ...owner });
  }
}

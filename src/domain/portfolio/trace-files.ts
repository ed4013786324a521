// What a trace points to besides its text: attached files (checked by content, stored apart) and web
// links. Only the author adds or removes them, while the trace is open to changes.
import type { Clock } from "../../clock.js";
import type { Actor } from "../actor.js";
import type { TraceAccessLoader } from "./access.js";
import { PortfolioError } from "./errors.js";
import { inspectUpload, storedFilename, UploadRefusal, type UploadRefusalCode } from "./files.js";
import type { AttachmentStore, PortfolioLog, PortfolioStore, StoredFile } from "./ports.js";
import type { AttachmentRef, Trace, TraceLink } from "./types.js";

export const MAX_ATTACHMENTS = 20;
export const MAX_LINKS = 20;

export interface FilesDeps {
  store: Pick<PortfolioStore, "updateTrace" | "addAttachment" | "removeAttachment">;
  attachments: AttachmentStore;
  access: TraceAccessLoader;
  clock: Clock;
  log: PortfolioLog;
  uploadMaxBytes: number;
}

/** A file as it arrives: its bytes as a stream, and the name the person's computer gave it. */
export interface IncomingFile {
  content: AsyncIterable<Uint8Array>;
  declaredName: string;
}

/** A file stored but not yet part of a trace: its reference there, but for who attached it and when. */
export type ReceivedFile = Omit<AttachmentRef, "uploadedAt" | "uploadedBy">;

export class TraceFiles {
  constructor(private readonly deps: FilesDeps) {}

  async addLink(actor: Actor, traceId: string, link: TraceLink): Promise<Trace> {
    const { trace } = await this.deps.access.editable(actor, traceId);
    if (!isWebUrl(link.url)) throw new PortfolioError("TRACE_LINK_INVALID");
    if (trace.links.length >= MAX_LINKS) throw new PortfolioError("TRACE_LINK_LIMIT", { links: MAX_LINKS });
    return this.patchLinks(actor, trace, [...trace.links, link]);
  }

  async removeLink(actor: Actor, traceId: string, index: number): Promise<Trace> {
    const { trace } = await this.deps.access.editable(actor, traceId);
    if (!Number.isInteger(index) || index < 0 || index >= trace.links.length) {
      throw this.deps.access.notFound(actor, traceId, `link ${index}`);
    }
    return this.patchLinks(
      actor,
      trace,
      trace.links.filter((_link, position) => position !== index),
    );
  }

  /** Stores a file after checking its content; a refused file changes nothing in the trace. */
  async attach(actor: Actor, traceId: string, file: IncomingFile): Promise<Trace> {
    return this.linkAttachment(actor, traceId, await this.receiveAttachment(actor, traceId, file));
  }

  /**
   * Streams a file into storage, not yet part of the trace: who may attach and how many files the trace
   * has are checked before a byte is stored, the type from the first bytes, the size as it flows.
   * Refused, nothing is left in storage.
   */
  async receiveAttachment(actor: Actor, traceId: string, file: IncomingFile): Promise<ReceivedFile> {
    const { trace } = await this.deps.access.editable(actor, traceId);
    if (trace.attachments.length >= MAX_ATTACHMENTS) {
      throw new PortfolioError("FILE_LIMIT_REACHED", { files: MAX_ATTACHMENTS });
    }
    const refused = (code: UploadRefusalCode, detected: string | null, size: number): PortfolioError => {
      this.deps.log.info(
        { traceId, userId: actor.userId, code, detected, size },
        "portfolio: upload refused",
      );
      return new PortfolioError(code, { size: `${megabytes(this.deps.uploadMaxBytes)} MB` });
    };
    const inspected = await inspectUpload(file.content, this.deps.uploadMaxBytes);
    if (!inspected.ok) throw refused(inspected.code, inspected.detected, 0);
    const filename = storedFilename(file.declaredName, inspected.type);
    try {
      const id = await this.deps.attachments.save({
        platformId: actor.platformId,
        ownerId: trace.ownerId,
        traceId: trace.id,
        filename,
        mime: inspected.type.mime,
        content: inspected.body,
        at: this.deps.clock.now(),
      });
      return { id, filename, mime: inspected.type.mime, size: inspected.size() };
    } catch (error) {
      if (error instanceof UploadRefusal) throw refused(error.code, error.detected, inspected.size());
      throw error;
    }
  }

  /** Makes a received file part of the trace; if the trace cannot take it, the file is removed. */
  async linkAttachment(actor: Actor, traceId: string, received: ReceivedFile): Promise<Trace> {
    const now = this.deps.clock.now();
    try {
      const { trace } = await this.deps.access.editable(actor, traceId);
      if (trace.attachments.length >= MAX_ATTACHMENTS) {
        throw new PortfolioError("FILE_LIMIT_REACHED", { files: MAX_ATTACHMENTS });
      }
      const updated = await this.deps.store.addAttachment(
        actor.platformId,
        trace.id,
        { ...received, uploadedAt: now, uploadedBy: actor.userId },
        now,
      );
      if (!updated) throw this.deps.access.notFound(actor, traceId, "vanished");
      return updated;
    } catch (error) {
      await this.discardAttachment(actor, traceId, received);
      throw error;
    }
  }

  /** Removes a received file that will not be linked (the rest of its request failed). */
  async discardAttachment(actor: Actor, traceId: string, received: ReceivedFile): Promise<void> {
    await this.deps.attachments.delete(actor.platformId, traceId, received.id);
  }

  async detach(actor: Actor, traceId: string, fileId: string): Promise<Trace> {
    const { trace } = await this.deps.access.editable(actor, traceId);
    if (!trace.attachments.some((attachment) => attachment.id === fileId)) {
      throw this.deps.access.notFound(actor, traceId, `file ${fileId}`);
    }
    const updated = await this.deps.store.removeAttachment(
      actor.platformId,
      trace.id,
      fileId,
      this.deps.clock.now(),
    );
    if (!updated) throw this.deps.access.notFound(actor, traceId, "vanished");
    await this.deps.attachments.delete(actor.platformId, trace.id, fileId);
    return updated;
  }

  /** A file of a trace the actor may read, typed as it was when its content was checked. */
  async open(actor: Actor, traceId: string, fileId: string): Promise<StoredFile> {
    const { trace } = await this.deps.access.readable(actor, traceId);
    const ref = trace.attachments.find((attachment) => attachment.id === fileId);
    if (!ref) throw this.deps.access.notFound(actor, traceId, `file ${fileId}`);
    const file = await this.deps.attachments.open(actor.platformId, trace.id, fileId);
    if (!file) throw this.deps.access.notFound(actor, traceId, `file ${fileId} missing from storage`);
    return { ...file, filename: ref.filename, mime: ref.mime };
  }

  private async patchLinks(actor: Actor, trace: Trace, links: TraceLink[]): Promise<Trace> {
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      links,
      updatedAt: now,
      lastActivityAt: now,
    });
    if (!updated) throw this.deps.access.notFound(actor, trace.id, "vanished");
    return updated;
  }
}

/** A size limit as people read it, in megabytes with one decimal at most. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

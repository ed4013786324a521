// Files attached to traces, in GridFS (bucket "trace_files") on Carnet's connection. The metadata
// carries the tenant and the trace; every lookup checks both, not just the file id.
import { once } from "node:events";
import type { Readable } from "node:stream";
import mongoose, { type Connection } from "mongoose";
import type { AttachmentStore, NewAttachment, StoredFile } from "../domain/portfolio/ports.js";

const BUCKET = "trace_files";

interface FileMetadata {
  platformId: string;
  ownerId: string;
  traceId: string;
  mime: string;
}

export class GridFsAttachmentStore implements AttachmentStore {
  private bucketInstance: mongoose.mongo.GridFSBucket | undefined;

  constructor(private readonly connection: Connection) {}

  /** Created on first use: the connection's database handle exists once it is open. */
  private bucket(): mongoose.mongo.GridFSBucket {
    if (this.bucketInstance) return this.bucketInstance;
    const db = this.connection.db;
    if (!db) throw new Error("attachments: the database connection is not open");
    this.bucketInstance = new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
    return this.bucketInstance;
  }

  async save(input: NewAttachment): Promise<string> {
    const id = new mongoose.mongo.ObjectId();
    const metadata: FileMetadata = {
      platformId: input.platformId,
      ownerId: input.ownerId,
      traceId: input.traceId,
      mime: input.mime,
    };
    await writeToGridFs(
      this.bucket().openUploadStreamWithId(id, input.filename, { metadata }),
      input.content,
    );
    return id.toHexString();
  }

  async open(platformId: string, traceId: string, fileId: string): Promise<StoredFile | null> {
    if (!mongoose.mongo.ObjectId.isValid(fileId) || !/^[0-9a-f]{24}$/i.test(fileId)) return null;
    const id = new mongoose.mongo.ObjectId(fileId);
    const [file] = await this.bucket()
      .find({ _id: id, "metadata.platformId": platformId, "metadata.traceId": traceId })
      .limit(1)
      .toArray();
    if (!file) return null;
    const metadata = file.metadata as Partial<FileMetadata> | undefined;
    const stream: Readable = this.bucket().openDownloadStream(id);
    return {
      id: fileId,
      filename: file.filename,
      mime: metadata?.mime ?? "application/octet-stream",
      size: file.length,
      stream,
    };
  }

  async delete(platformId: string, traceId: string, fileId: string): Promise<void> {
    if (!/^[0-9a-f]{24}$/i.test(fileId)) return;
    const id = new mongoose.mongo.ObjectId(fileId);
    const [file] = await this.bucket()
      .find({ _id: id, "metadata.platformId": platformId, "metadata.traceId": traceId })
      .limit(1)
      .toArray();
    if (file) await this.bucket().delete(id);
  }
}

/**
 * Streams chunks into a GridFS file with back-pressure (one chunk in memory at a time). When the
 * source throws (too large, not the type it claimed, the request cut short), the chunks already
 * written are deleted: a refused upload leaves nothing behind.
 */
export async function writeToGridFs(
  upload: mongoose.mongo.GridFSBucketWriteStream,
  content: AsyncIterable<Uint8Array>,
): Promise<void> {
  const failed = new Promise<never>((_resolve, reject) => upload.once("error", reject));
  failed.catch(() => undefined);
  try {
    for await (const chunk of content) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!upload.write(bytes)) await Promise.race([once(upload, "drain"), failed]);
    }
    upload.end();
    await Promise.race([once(upload, "finish"), failed]);
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
}

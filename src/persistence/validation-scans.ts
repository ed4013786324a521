// Scans of paper validation forms (a field supervisor's signed form), in the GridFS bucket
// validation_scans. Only PDF, JPEG and PNG, recognised by their content, never by the declared type.
import type { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import mongoose, { type Connection } from "mongoose";

export const SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

export interface StoredScan {
  id: string;
  learnerId: string;
  deploymentId: string;
  contextId: string;
  filename: string;
  mime: string;
  size: number;
  stream: Readable;
}

export class ScanTypeError extends Error {
  constructor() {
    super("scan is not a PDF, JPEG or PNG");
  }
}

interface ScanMetadata {
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  mime: string;
  uploadedBy: string;
}

export class ValidationScanStore {
  constructor(private readonly connection: Connection) {}

  private bucket(): mongoose.mongo.GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new Error("database not connected");
    return new mongoose.mongo.GridFSBucket(db, { bucketName: "validation_scans" });
  }

  /** Sniffs the content; throws ScanTypeError for anything but PDF, JPEG or PNG. */
  async save(input: {
    platformId: string;
    deploymentId: string;
    contextId: string;
    learnerId: string;
    uploadedBy: string;
    filename: string;
    bytes: Buffer;
  }): Promise<string> {
    const detected = await fileTypeFromBuffer(input.bytes);
    const mime = detected?.mime;
    if (!mime || !(SCAN_TYPES as readonly string[]).includes(mime)) throw new ScanTypeError();
    const metadata: ScanMetadata = {
      platformId: input.platformId,
      deploymentId: input.deploymentId,
      contextId: input.contextId,
      learnerId: input.learnerId,
      mime,
      uploadedBy: input.uploadedBy,
    };
    const safeName = input.filename.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120) || "scan";
    const upload = this.bucket().openUploadStream(safeName, { metadata });
    await new Promise<void>((resolve, reject) => {
      upload.once("finish", () => resolve());
      upload.once("error", reject);
      upload.end(input.bytes);
    });
    return upload.id.toString();
  }

  /** The scan with the course and learner it belongs to; the caller checks who may see it. */
  async open(platformId: string, id: string): Promise<StoredScan | null> {
    if (!/^[a-f0-9]{24}$/.test(id)) return null;
    const objectId = new mongoose.mongo.ObjectId(id);
    const [file] = await this.bucket().find({ _id: objectId }).toArray();
    const metadata = file?.metadata as Partial<ScanMetadata> | undefined;
    if (
      !file ||
      metadata?.platformId !== platformId ||
      !metadata.learnerId ||
      !metadata.deploymentId ||
      !metadata.contextId
    )
      return null;
    return {
      id,
      learnerId: metadata.learnerId,
      deploymentId: metadata.deploymentId,
      contextId: metadata.contextId,
      filename: file.filename,
      mime: metadata.mime ?? "application/octet-stream",
      size: file.length,
      stream: this.bucket().openDownloadStream(objectId),
    };
  }
}

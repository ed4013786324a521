// Scans of paper validation forms (a field supervisor's signed form), in the GridFS bucket
// validation_scans. Only PDF, JPEG and PNG, recognised by their content, never by the declared type.
import { inspectUpload, UploadRefusal } from "../domain/portfolio/files.js";
import {
  SCAN_TYPES,
  ScanTypeError,
  type ScanStore,
  type StoredScan,
} from "../domain/validation/paper-scans.js";
import { writeToGridFs } from "./attachments.js";
import mongoose, { type Connection } from "mongoose";

interface ScanMetadata {
  platformId: string;
  deploymentId: string;
  contextId: string;
  learnerId: string;
  mime: string;
  uploadedBy: string;
}

export class ValidationScanStore implements ScanStore {
  constructor(private readonly connection: Connection) {}

  private bucket(): mongoose.mongo.GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new Error("database not connected");
    return new mongoose.mongo.GridFSBucket(db, { bucketName: "validation_scans" });
  }

  /**
   * Streams a scan in after sniffing its first bytes; throws ScanTypeError for anything but PDF, JPEG
   * or PNG, and UploadRefusal when it grows past `maxBytes` (nothing is left stored either way).
   */
  async save(input: {
    platformId: string;
    deploymentId: string;
    contextId: string;
    learnerId: string;
    uploadedBy: string;
    filename: string;
    content: AsyncIterable<Uint8Array>;
    maxBytes: number;
  }): Promise<string> {
    const inspected = await inspectUpload(input.content, input.maxBytes);
    if (!inspected.ok) {
      if (inspected.code === "FILE_TYPE_REFUSED") throw new ScanTypeError();
      throw new UploadRefusal(inspected.code);
    }
    const mime = inspected.type.mime;
    if (!(SCAN_TYPES as readonly string[]).includes(mime)) throw new ScanTypeError();
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
    await writeToGridFs(upload, inspected.body);
    return upload.id.toString();
  }

  async delete(platformId: string, id: string): Promise<void> {
    if (!/^[a-f0-9]{24}$/.test(id)) return;
    const objectId = new mongoose.mongo.ObjectId(id);
    const [file] = await this.bucket().find({ _id: objectId, "metadata.platformId": platformId }).toArray();
    if (file) await this.bucket().delete(objectId);
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

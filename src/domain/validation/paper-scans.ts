// Scans of field supervisors' paper forms: stored only for who may enter a paper form for this learner
// in this course, only as PDF, JPEG or PNG (by content), and opened only by the learner and the
// trainers who follow them there.
import type { Readable } from "node:stream";
import type { Actor } from "../actor.js";
import { UploadRefusal } from "../portfolio/files.js";
import { megabytes } from "../portfolio/trace-files.js";
import { found, PayloadTooLargeError } from "../../errors.js";
import { authorize } from "../../policies/policy.js";
import { competencesPolicy } from "../../policies/validation.js";
import type { Access } from "./access.js";
import type { CourseScope } from "./ports.js";
import { invalid } from "./use-case-steps.js";

export const SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

/** The content is none of SCAN_TYPES, whatever the file's name or declared type says. */
export class ScanTypeError extends Error {
  constructor() {
    super("scan is not a PDF, JPEG or PNG");
  }
}

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

export interface ScanStore {
  /** Streams a scan in; ScanTypeError for a type refused, UploadRefusal past `maxBytes`. */
  save(
    input: CourseScope & {
      learnerId: string;
      uploadedBy: string;
      filename: string;
      content: AsyncIterable<Uint8Array>;
      maxBytes: number;
    },
  ): Promise<string>;
  delete(platformId: string, id: string): Promise<void>;
  /** The scan with the course and learner it belongs to, in this platform. */
  open(platformId: string, id: string): Promise<StoredScan | null>;
}

export interface PaperScansDeps {
  access: { access(actor: Actor, scope: CourseScope, learnerId: string): Promise<Access> };
  /** Refuses (403) a paper form from someone who may not enter one for this learner here. */
  paper: { mayRecordPaper(actor: Actor, target: { scope: CourseScope; learnerId: string }): Promise<void> };
  store: ScanStore;
  maxBytes: number;
}

export class PaperScans {
  constructor(private readonly deps: PaperScansDeps) {}

  /** Stores the scan of a paper form as it arrives; the form's fields come with it (or its refusal). */
  async receive(
    actor: Actor,
    target: { scope: CourseScope; learnerId: string },
    upload: { filename: string; content: AsyncIterable<Uint8Array> },
  ): Promise<string> {
    await this.deps.paper.mayRecordPaper(actor, target);
    try {
      return await this.deps.store.save({
        ...target.scope,
        learnerId: target.learnerId,
        uploadedBy: actor.userId,
        filename: upload.filename,
        content: upload.content,
        maxBytes: this.deps.maxBytes,
      });
    } catch (error) {
      if (error instanceof ScanTypeError) throw invalid({ scan: "SCAN_TYPE" });
      if (error instanceof UploadRefusal)
        throw new PayloadTooLargeError("FILE_TOO_LARGE", { max: megabytes(this.deps.maxBytes) });
      throw error;
    }
  }

  /** A scan whose paper form was not recorded goes too. */
  discard(actor: Actor, scanId: string): Promise<void> {
    return this.deps.store.delete(actor.platformId, scanId);
  }

  /** The scan for its learner and the trainers who follow them in its course; absent (404) otherwise. */
  async open(actor: Actor, scanId: string): Promise<StoredScan> {
    const scan = found(await this.deps.store.open(actor.platformId, scanId));
    const scope = {
      platformId: actor.platformId,
      deploymentId: scan.deploymentId,
      contextId: scan.contextId,
    };
    try {
      authorize(
        actor,
        competencesPolicy,
        "viewScan",
        await this.deps.access.access(actor, scope, scan.learnerId),
      );
    } catch (error) {
      scan.stream.destroy();
      throw error;
    }
    return scan;
  }
}

// The learner's side of the dossier: choosing what goes in, and their own dossier as a jury will read it.
import { ValidationError } from "../../errors.js";
import type { Actor } from "../actor.js";
import type { Readable } from "node:stream";
import type { AttachmentStore, PortfolioStore } from "../portfolio/ports.js";
import { launchScope } from "../validation/use-case-steps.js";
import { MAX_DOSSIER_TRACES, type DossierAssembler } from "./assemble.js";
import {
  attachmentsOf,
  type DossierAttachment,
  type DossierContent,
  type DossierSubject,
} from "./dossier.js";
import { checkArchiveSize, type ArchiveCheck } from "./size-limit.js";
import type { DossierSelectionStore } from "./ports.js";

export interface TraceChoice {
  id: string;
  title: string;
  date: string;
  revision: number;
  attachments: { filename: string; size: number }[];
  chosen: boolean;
}

export class DossierService {
  constructor(
    private readonly deps: {
      assembler: DossierAssembler;
      traces: Pick<PortfolioStore, "tracesOf">;
      selections: DossierSelectionStore;
      attachments: Pick<AttachmentStore, "open">;
      clock: { now(): Date };
      /** Largest archive (PDF + attachments) built, in bytes. */
      archiveMaxBytes: number;
    },
  ) {}

  /** The learner's traces, newest first, with what is in the dossier now. */
  async choices(actor: Actor): Promise<TraceChoice[]> {
    const [traces, chosen] = await Promise.all([
      this.deps.traces.tracesOf(actor.platformId, actor.userId, 5000),
      this.deps.selections.chosen(actor.platformId, actor.userId),
    ]);
    const picked = new Set(chosen ?? []);
    return traces.map((trace) => ({
      id: trace.id,
      title: trace.title,
      date: trace.date,
      revision: trace.revision,
      attachments: trace.attachments.map((file) => ({ filename: file.filename, size: file.size })),
      chosen: picked.has(trace.id),
    }));
  }

  /** Keeps the learner's choice; only their own traces, at most MAX_DOSSIER_TRACES. */
  async choose(actor: Actor, traceIds: readonly string[]): Promise<void> {
    const unique = [...new Set(traceIds)];
    if (unique.length > MAX_DOSSIER_TRACES)
      throw new ValidationError("VALIDATION_FAILED", {}, { traces: "TOO_MANY" });
    const own = new Set(
      (await this.deps.traces.tracesOf(actor.platformId, actor.userId, 5000)).map((trace) => trace.id),
    );
    if (unique.some((id) => !own.has(id)))
      throw new ValidationError("VALIDATION_FAILED", {}, { traces: "TRACE_UNKNOWN" });
    await this.deps.selections.choose(actor.platformId, actor.userId, unique, this.deps.clock.now());
  }

  /** The learner's own dossier, in the course they launched from. */
  own(actor: Actor): Promise<DossierContent> {
    return this.deps.assembler.assemble(subjectOf(actor));
  }

  /** Someone else's dossier (a jury's learner): the caller has checked the right to read it. */
  of(subject: DossierSubject): Promise<DossierContent> {
    return this.deps.assembler.assemble(subject);
  }

  /** Whether the archive of this dossier fits, and if not, which attachments made it too big. */
  checkArchive(content: DossierContent, pdfBytes: number): ArchiveCheck {
    return checkArchiveSize(pdfBytes, attachmentsOf(content), this.deps.archiveMaxBytes);
  }

  /** The bytes of one attachment of an assembled dossier (its trace was checked by the assembly). */
  async openAttachment(content: DossierContent, attachment: DossierAttachment): Promise<Readable | null> {
    const file = await this.deps.attachments.open(
      content.subject.platformId,
      attachment.traceId,
      attachment.id,
    );
    return file ? file.stream : null;
  }
}

export function subjectOf(actor: Actor, learnerId = actor.userId): DossierSubject {
  return { ...launchScope(actor), learnerId };
}

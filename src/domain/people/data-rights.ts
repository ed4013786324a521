// A person's data rights: the export of everything Carnet holds on them and their erasure, both
// audited without personal data. Where the data lives is the persistence's registry; this module runs
// the use cases: find the person, count, export, erase (resumable: a journal remembers a started erasure).
import type { Readable } from "node:stream";
import { AUDIT, type AuditActor, type AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../../clock.js";

/** The person as the registry's queries need them: ids, and the names an erasure must not leave behind. */
export interface PersonRef {
  platformId: string;
  userId: string;
  /** Their id in the LMS (`sub` of the launches). */
  sub: string;
  /** Name and e-mail as the LMS sent them (what an erasure replaces where another document copied it). */
  names: string[];
}

/** How many documents of one kind are the person's own, and how many of others' name them. */
export interface KindCount {
  kind: string;
  own: number;
  mentions: number;
}

export interface ExportedKind {
  kind: string;
  documents: Record<string, unknown>[];
}

export interface ExportedFile {
  kind: string;
  id: string;
  filename: string;
  size: number;
  open(): Readable;
}

/** What one erasure did, per kind: documents deleted, pseudonymised (or a pointer unset), files removed. */
export interface ErasureCount {
  kind: string;
  deleted: number;
  pseudonymised: number;
}

/** Where people's data lives (implemented over the registry `persistence/personal-data.ts`). */
export interface PersonalDataStore {
  findPerson(platformId: string, sub: string): Promise<PersonRef | null>;
  inventory(person: PersonRef): Promise<KindCount[]>;
  exportKinds(person: PersonRef): Promise<ExportedKind[]>;
  files(person: PersonRef): Promise<ExportedFile[]>;
  /** Deletes and pseudonymises in the registry's order; running it again finishes what was left. */
  erase(person: PersonRef, pseudonym: string): Promise<ErasureCount[]>;
}

export interface ErasureRun {
  id: string;
  person: PersonRef;
  pseudonym: string;
  startedAt: Date;
}

/** Remembers a started erasure (so that running it again resumes it) and forgets the person at its end. */
export interface ErasureJournal {
  unfinished(platformId: string, sub: string): Promise<ErasureRun | null>;
  start(run: ErasureRun): Promise<void>;
  finish(id: string, summary: ErasureSummary, at: Date): Promise<void>;
}

export interface ErasureSummary {
  deleted: number;
  pseudonymised: number;
  kinds: number;
}

/** The person found for the admin page or the CLI, with what an export or an erasure would cover. */
export interface PersonInventory {
  person: PersonRef;
  counts: KindCount[];
  /** An erasure of this person was started and not finished: running it again completes it. */
  erasureUnfinished: boolean;
}

export interface PersonExport {
  exportId: string;
  person: PersonRef;
  at: Date;
  kinds: ExportedKind[];
  files: ExportedFile[];
  /** Documents of others that name the person, counted only (their content is not the person's). */
  mentions: { kind: string; count: number }[];
}

export interface ErasureResult {
  erasureId: string;
  counts: ErasureCount[];
  summary: ErasureSummary;
}

export const ERASED_PREFIX = "erased-";

/** An erased person's pseudonym: views show "personne effacée" instead of a name. */
export function isErasedPerson(userId: string): boolean {
  return userId.startsWith(ERASED_PREFIX);
}

export interface DataRightsDeps {
  store: PersonalDataStore;
  journal: ErasureJournal;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
}

function total(counts: readonly ErasureCount[]): ErasureSummary {
  return {
    deleted: counts.reduce((sum, count) => sum + count.deleted, 0),
    pseudonymised: counts.reduce((sum, count) => sum + count.pseudonymised, 0),
    kinds: counts.filter((count) => count.deleted + count.pseudonymised > 0).length,
  };
}

export class DataRights {
  constructor(private readonly deps: DataRightsDeps) {}

  /** The person of this platform with this LMS id, or the one whose erasure was interrupted. */
  async locate(platformId: string, sub: string): Promise<PersonInventory | null> {
    const run = await this.deps.journal.unfinished(platformId, sub);
    const person = run?.person ?? (await this.deps.store.findPerson(platformId, sub));
    if (!person) return null;
    return { person, counts: await this.deps.store.inventory(person), erasureUnfinished: run !== null };
  }

  async export(person: PersonRef, by: AuditActor): Promise<PersonExport> {
    const at = this.deps.clock.now();
    const [kinds, files, counts] = await Promise.all([
      this.deps.store.exportKinds(person),
      this.deps.store.files(person),
      this.deps.store.inventory(person),
    ]);
    const exportId = this.deps.newId();
    const documents = kinds.reduce((sum, kind) => sum + kind.documents.length, 0);
    await this.deps.audit.record({
      action: AUDIT.personExported,
      outcome: "done",
      actor: by,
      target: { type: "person-export", id: exportId },
      tenant: { platformId: person.platformId },
      details: { kinds: kinds.length, documents, files: files.length },
      at,
    });
    const mentions = counts
      .filter((count) => count.mentions > 0)
      .map((count) => ({ kind: count.kind, count: count.mentions }));
    return { exportId, person, at, kinds, files, mentions };
  }

  /** Erases the person; an interrupted erasure of the same person is resumed with its pseudonym. */
  async erase(person: PersonRef, by: AuditActor): Promise<ErasureResult> {
    const unfinished = await this.deps.journal.unfinished(person.platformId, person.sub);
    const run = unfinished ?? {
      id: this.deps.newId(),
      person,
      pseudonym: `${ERASED_PREFIX}${this.deps.newId()}`,
      startedAt: this.deps.clock.now(),
    };
    if (!unfinished) await this.deps.journal.start(run);
    const counts = await this.deps.store.erase(run.person, run.pseudonym);
    const summary = total(counts);
    const at = this.deps.clock.now();
    await this.deps.journal.finish(run.id, summary, at);
    await this.deps.audit.record({
      action: AUDIT.personErased,
      outcome: "done",
      actor: by,
      target: { type: "person-erasure", id: run.id },
      tenant: { platformId: person.platformId },
      details: { ...summary },
      at,
    });
    return { erasureId: run.id, counts, summary };
  }
}

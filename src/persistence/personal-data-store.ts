// Export and erasure over the registry of personal data (personal-data.ts), on the raw collections: each
// entry says which fields name the person and what erasure does. Every write is one document (or a
// deleteMany of the person's own ones) and is idempotent, so an interrupted erasure finishes when re-run.
import mongoose, { type Connection } from "mongoose";
import type {
  ErasureCount,
  ExportedFile,
  ExportedKind,
  KindCount,
  PersonalDataStore,
  PersonRef,
} from "../domain/people/data-rights.js";
import { PERSONAL_COLLECTIONS, type PersonalCollection, type PersonField } from "./personal-data.js";
import { forgetPerson } from "./people-repository.js";
import { replacePerson } from "./person-replacement.js";

type Filter = Record<string, unknown>;
type Doc = Record<string, unknown> & { _id?: unknown };

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function fieldFilter(field: PersonField, person: PersonRef): Filter {
  switch (field.match ?? "id") {
    case "sub":
      return { [field.path]: person.sub };
    case "contains":
      return { [field.path]: { $regex: escapeRegex(person.userId) } };
    default:
      return { [field.path]: person.userId };
  }
}

function tenantFilter(entry: PersonalCollection, person: PersonRef): Filter {
  return entry.tenant ? { [entry.tenant]: person.platformId } : {};
}

function anyOf(entry: PersonalCollection, person: PersonRef, fields: readonly PersonField[]): Filter | null {
  if (fields.length === 0) return null;
  return { ...tenantFilter(entry, person), $or: fields.map((field) => fieldFilter(field, person)) };
}

const ownFields = (entry: PersonalCollection): PersonField[] =>
  entry.fields.filter((field) => field.erase === "delete");
const mentionFields = (entry: PersonalCollection): PersonField[] =>
  entry.fields.filter((field) => field.erase !== "delete");

/** Documents of others that name the person (and are not theirs). */
function mentionFilter(entry: PersonalCollection, person: PersonRef): Filter | null {
  const mentions = anyOf(entry, person, mentionFields(entry));
  if (!mentions) return null;
  const owns = ownFields(entry).map((field) => fieldFilter(field, person));
  return owns.length > 0 ? { ...mentions, $nor: owns } : mentions;
}

function withoutSecrets(entry: PersonalCollection, doc: Doc): Doc {
  const copy: Doc = { ...doc };
  for (const secret of entry.secrets ?? []) delete copy[secret];
  return copy;
}

// An optimistic write can lose a race with another writer of the same document: read it again.
const PSEUDONYMISE_ATTEMPTS = 5;

export class RegistryPersonalDataStore implements PersonalDataStore {
  constructor(
    private readonly connection: Connection,
    private readonly registry: readonly PersonalCollection[] = PERSONAL_COLLECTIONS,
  ) {}

  private collection(name: string): mongoose.mongo.Collection {
    const db = this.connection.db;
    if (!db) throw new Error("personal data: the database connection is not open");
    return db.collection(name);
  }

  private bucket(name: string): mongoose.mongo.GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new Error("personal data: the database connection is not open");
    return new mongoose.mongo.GridFSBucket(db, { bucketName: name });
  }

  async findPerson(platformId: string, sub: string): Promise<PersonRef | null> {
    const user = await this.collection("users").findOne({ platformId, sub });
    if (!user || typeof user._id !== "string") return null;
    const names = ["name", "givenName", "familyName", "email"]
      .map((key) => user[key])
      .filter((value): value is string => typeof value === "string" && value.trim() !== "");
    return { platformId, userId: user._id, sub, names };
  }

  async inventory(person: PersonRef): Promise<KindCount[]> {
    const counts: KindCount[] = [];
    for (const entry of this.registry) {
      const owns = anyOf(entry, person, ownFields(entry));
      const mentions = mentionFilter(entry, person);
      const collection = this.collection(entry.collection);
      const own = owns ? await collection.countDocuments(owns) : 0;
      const named = mentions ? await collection.countDocuments(mentions) : 0;
      if (own + named > 0) counts.push({ kind: entry.kind, own, mentions: named });
    }
    return counts;
  }

  async exportKinds(person: PersonRef): Promise<ExportedKind[]> {
    const kinds: ExportedKind[] = [];
    for (const entry of this.registry) {
      const owns = anyOf(entry, person, ownFields(entry));
      if (!owns) continue;
      const documents = await this.collection(entry.collection).find(owns).toArray();
      if (documents.length > 0)
        kinds.push({ kind: entry.kind, documents: documents.map((doc) => withoutSecrets(entry, doc)) });
    }
    return kinds;
  }

  async files(person: PersonRef): Promise<ExportedFile[]> {
    const files: ExportedFile[] = [];
    for (const entry of this.registry) {
      const owns = anyOf(entry, person, ownFields(entry));
      const bucketName = entry.bucket;
      if (!owns || !bucketName) continue;
      for (const file of await this.collection(entry.collection).find(owns).toArray()) {
        const id = file._id;
        if (!(id instanceof mongoose.mongo.ObjectId)) continue;
        files.push({
          kind: entry.kind,
          id: id.toHexString(),
          filename: typeof file.filename === "string" ? file.filename : id.toHexString(),
          size: typeof file.length === "number" ? file.length : 0,
          open: () => this.bucket(bucketName).openDownloadStream(id),
        });
      }
    }
    return files;
  }

  async erase(person: PersonRef, pseudonym: string): Promise<ErasureCount[]> {
    const counts: ErasureCount[] = [];
    for (const entry of this.registry) {
      const deleted = await this.deleteOwn(entry, person);
      const pseudonymised = await this.pseudonymise(entry, person, pseudonym);
      counts.push({ kind: entry.kind, deleted, pseudonymised });
    }
    // This process's copy of their name goes too (other instances forget it within a minute).
    forgetPerson(person.platformId, person.userId);
    return counts;
  }

  private async deleteOwn(entry: PersonalCollection, person: PersonRef): Promise<number> {
    const owns = anyOf(entry, person, ownFields(entry));
    if (!owns) return 0;
    const collection = this.collection(entry.collection);
    if (!entry.bucket) return (await collection.deleteMany(owns)).deletedCount;
    // A file's chunks go before its description: an interruption leaves a description to find again,
    // never bytes that nothing points at.
    const chunks = this.collection(`${entry.bucket}.chunks`);
    let deleted = 0;
    for (const file of await collection.find(owns, { projection: { _id: 1 } }).toArray()) {
      await chunks.deleteMany({ files_id: file._id });
      deleted += (await collection.deleteOne({ _id: file._id })).deletedCount;
    }
    return deleted;
  }

  /** Unsets optional pointers, empties what the person wrote in others' documents, replaces the rest. */
  private async pseudonymise(
    entry: PersonalCollection,
    person: PersonRef,
    pseudonym: string,
  ): Promise<number> {
    const collection = this.collection(entry.collection);
    const tenant = tenantFilter(entry, person);
    let changed = 0;
    for (const field of mentionFields(entry)) {
      const filter = { ...tenant, ...fieldFilter(field, person) };
      if (field.erase === "unset")
        changed += (await collection.updateMany(filter, { $unset: { [field.path]: "" } })).modifiedCount;
      else if (field.redact && field.redact.length > 0)
        await collection.updateMany(filter, {
          $set: Object.fromEntries(field.redact.map((path) => [path, ""])),
        });
    }
    const mentions = mentionFilter(entry, person);
    if (!mentions) return changed;
    for (const doc of await collection.find(mentions).toArray()) {
      if (await this.replaceIn(collection, doc, person, pseudonym)) changed++;
    }
    return changed;
  }

  /** One document, written only if its replaced fields are as read (compare-and-set). */
  private async replaceIn(
    collection: mongoose.mongo.Collection,
    first: Doc,
    person: PersonRef,
    pseudonym: string,
  ): Promise<boolean> {
    let doc: Doc | null = first;
    for (let attempt = 0; attempt < PSEUDONYMISE_ATTEMPTS && doc; attempt++) {
      const replaced = replacePerson(doc, person, pseudonym);
      const keys = Object.keys(replaced.changes);
      if (keys.length === 0) return false;
      const expected = Object.fromEntries(keys.map((key) => [key, doc?.[key]]));
      const byId: Filter = { _id: doc._id };
      const result = await collection.updateOne({ ...byId, ...expected }, { $set: replaced.changes });
      if (result.matchedCount === 1) return true;
      doc = await collection.findOne(byId);
    }
    if (doc) throw new Error(`personal data: ${collection.collectionName} ${String(doc._id)} kept changing`);
    return false;
  }
}

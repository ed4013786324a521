// What the repositories of domain records share: a record and its document mapped in one place, and the
// common reads and writes (insert, insert once, one by its tenant-scoped id, a sorted list by filter).
import type { FilterQuery, Model, SortOrder } from "mongoose";
import { isDuplicateKey } from "./errors.js";
import type { Stored } from "./models/stored.js";

/** A domain record as its document: its id under `_id`. */
export function toDocument<T extends { id: string }>({ id, ...rest }: T): Stored<T> {
  return { ...rest, _id: id };
}

/** A document read back as its domain record: the same fields, `_id` as `id`. */
export function fromDocument<T extends { id: string }>({ _id, ...rest }: Stored<T>): T {
  // Stored<T> is T with its id renamed; renaming it back gives T (TypeScript cannot see through Omit).
  return { ...rest, id: _id } as unknown as T;
}

export interface ListOrder {
  sort: Record<string, SortOrder>;
  /** The most documents read: lists shown to people are bounded. */
  limit?: number;
}

/** One collection of a platform's documents, read back as records through `toRecord`. */
export class RecordCollection<Doc extends { _id: string; platformId: string | null }, Item> {
  constructor(
    readonly model: Model<Doc>,
    private readonly toRecord: (doc: Doc) => Item,
  ) {}

  async insert(doc: Doc): Promise<void> {
    await this.model.create(doc);
  }

  /** Inserts unless a unique key is already taken (a replay, or a concurrent insert): false then. */
  async insertOnce(doc: Doc): Promise<boolean> {
    try {
      await this.model.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** The document with this id on this platform: another platform's id reads as absent. */
  async byId(platformId: string, id: string): Promise<Item | null> {
    return this.one({ _id: id, platformId });
  }

  /** The filter must name the tenant, like every read of `list`. */
  async one(filter: FilterQuery<Doc>): Promise<Item | null> {
    const doc = await this.model.findOne(filter).lean<Doc>();
    return doc ? this.toRecord(doc) : null;
  }

  async byIds(platformId: string, ids: readonly string[]): Promise<Map<string, Item>> {
    if (ids.length === 0) return new Map();
    const filter: FilterQuery<Doc> = { platformId, _id: { $in: [...ids] } };
    const docs = await this.model.find(filter).lean<Doc[]>();
    return new Map(docs.map((doc) => [doc._id, this.toRecord(doc)]));
  }

  /** The filter must name the tenant (platformId, and the course for course-scoped collections). */
  async list(filter: FilterQuery<Doc>, { sort, limit }: ListOrder): Promise<Item[]> {
    const query = this.model.find(filter).sort(sort);
    const docs = await (limit === undefined ? query : query.limit(limit)).lean<Doc[]>();
    return docs.map(this.toRecord);
  }
}

/** The collection of a record stored as it is (`Stored<T>`), read back with nothing added or dropped. */
export function storedRecords<T extends { id: string; platformId: string }>(
  model: Model<Stored<T>>,
): RecordCollection<Stored<T>, T> {
  return new RecordCollection(model, (doc) => fromDocument<T>(doc));
}

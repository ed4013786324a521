// How Carnet declares a collection, once: string ids, no version key, optional expiry, its model and
// collection names; an area's models are its table of collections bound to one connection.
import {
  Schema,
  type Connection,
  type IndexDefinition,
  type IndexOptions,
  type Model,
  type SchemaDefinition,
  type SchemaDefinitionType,
} from "mongoose";
import { defineModel } from "./define-model.js";

export interface CollectionOptions {
  /** Documents carry a required `expiresAt` and are removed once it has passed. */
  expiring?: boolean;
  /** Keep empty objects (mongoose drops them by default). */
  minimize?: boolean;
  /** Keep fields the schema does not name. */
  strict?: boolean;
  /** Mongoose sets `createdAt` and `updatedAt`. */
  timestamps?: boolean;
}

/** A collection: its indexes, declared next to its fields, and its model on a given connection. */
export interface Collection<T> {
  index(fields: IndexDefinition, options?: IndexOptions): Collection<T>;
  model(connection: Connection): Model<T>;
}

export function collection<T>(
  modelName: string,
  collectionName: string,
  fields: SchemaDefinition<SchemaDefinitionType<T>>,
  { expiring = false, ...schemaOptions }: CollectionOptions = {},
): Collection<T> {
  const expiry = expiring ? { expiresAt: { type: Date, required: true } } : {};
  const schema = new Schema<T>(
    { _id: String, ...fields, ...expiry },
    { versionKey: false, ...schemaOptions },
  );
  // Real MongoDB removes expired documents; mongo-java-server keeps them, so reads check expiresAt too.
  if (expiring) schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  const declared: Collection<T> = {
    index: (indexFields, indexOptions) => {
      schema.index(indexFields, indexOptions);
      return declared;
    },
    model: (connection) => defineModel(connection, modelName, schema, collectionName),
  };
  return declared;
}

type CollectionTable = Record<string, { model(connection: Connection): unknown }>;

/** The models of a table of collections: `{ Trace: Model<TraceDoc>, … }`. */
export type ModelsOf<Table extends CollectionTable> = {
  [Name in keyof Table]: ReturnType<Table[Name]["model"]>;
};

/** Binds every collection of a table to the connection. */
export function bindModels<Table extends CollectionTable>(
  connection: Connection,
  table: Table,
): ModelsOf<Table> {
  const models = Object.entries(table).map(([name, entry]) => [name, entry.model(connection)]);
  // One model per name of the table, each from its own entry: the mapped type holds by construction.
  return Object.fromEntries(models) as ModelsOf<Table>;
}

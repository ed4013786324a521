import type { Connection, Model, Schema } from "mongoose";

/** Registers a model once per connection, so several app instances (tests) can share one. */
export function defineModel<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
  collection: string,
): Model<T> {
  const existing = connection.models[name] as Model<T> | undefined;
  return existing ?? connection.model<T>(name, schema, collection);
}

// One MongoDB connection pool for Carnet and ltijs: ltijs uses mongoose's default connection and global
// models, Carnet gets its own model namespace on the same pool through useDb().
import mongoose, { type Connection } from "mongoose";

export interface MongoConnection {
  /** Carnet's models live here; it shares the pool of mongoose's default connection (used by ltijs). */
  readonly carnet: Connection;
  ping(): Promise<boolean>;
  /** Waits for every model's indexes: mongo-java-server can fail writes racing an index build. */
  indexesReady(): Promise<void>;
  close(): Promise<void>;
}

export async function connectMongo(uri: string): Promise<MongoConnection> {
  mongoose.set("strictQuery", true);
  if (mongoose.connection.readyState === 0) {
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000, maxPoolSize: 30, autoIndex: true });
  }
  const carnet = mongoose.connection.useDb(mongoose.connection.name, { useCache: true });
  return {
    carnet,
    ping: async () => {
      try {
        const db = mongoose.connection.db;
        if (!db || mongoose.connection.readyState !== 1) return false;
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    indexesReady: async () => {
      const models = [...Object.values(mongoose.connection.models), ...Object.values(carnet.models)];
      await Promise.all(models.map((model) => model.init()));
    },
    close: async () => {
      // Index builds start in the background when models are defined; let them finish first.
      const models = [...Object.values(mongoose.connection.models), ...Object.values(carnet.models)];
      await Promise.all(models.map((model) => model.init().catch(() => undefined)));
      mongoose.connection.removeAllListeners();
      await mongoose.disconnect();
    },
  };
}

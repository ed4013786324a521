// The embedded database's H2 file keeps every acknowledged write through a kill -9 of its process.
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { StandaloneDatabase } from "../../support/standalone-database.js";

describe("embedded database (mongo-java-server on an H2 file)", function () {
  this.timeout(60_000);
  let dir: string;
  let database: StandaloneDatabase | undefined;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "carnet-durability-"));
  });

  after(async () => {
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged write when killed with SIGKILL right after", async () => {
    database = await StandaloneDatabase.start({ h2File: path.join(dir, "db.mv") });
    const client = await new mongoose.mongo.MongoClient(database.uri).connect();
    const written: number[] = [];
    try {
      const notes = client.db().collection<{ n: number }>("notes");
      // Concurrent writers, as several people saving at once; each write is acknowledged before we count it.
      await Promise.all(
        [0, 1, 2, 3].map(async (writer) => {
          for (let i = 0; i < 25; i++) {
            await notes.insertOne({ n: writer * 100 + i });
            written.push(writer * 100 + i);
          }
        }),
      );
      await notes.updateOne({ n: 0 }, { $set: { n: -1 } });
    } finally {
      await client.close(true);
    }
    await database.kill();
    await database.restart();

    const reopened = await new mongoose.mongo.MongoClient(database.uri).connect();
    try {
      const stored = await reopened.db().collection<{ n: number }>("notes").find().toArray();
      const values = stored.map((doc) => doc.n).sort((a, b) => a - b);
      expect(values).to.have.length(written.length);
      expect(values).to.include(-1);
      expect(values).not.to.include(0);
    } finally {
      await reopened.close(true);
    }
  });
});

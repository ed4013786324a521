import { expect } from "chai";
import mongoose from "mongoose";
import { CommandCounter, countsBetween } from "../../../bench/lib/command-counter.js";
import { getTestEnvironment } from "../../support/environment.js";

describe("bench CommandCounter (database commands counted through a proxy)", () => {
  it("counts each command by name and collection, leaving out handshakes and monitoring", async () => {
    const { database } = await getTestEnvironment();
    const counter = await CommandCounter.start(database.uri);
    const client = new mongoose.mongo.MongoClient(counter.uriFor(database.uri));
    try {
      await client.connect();
      const collection = client.db().collection<{ _id: string }>("bench_counted");
      const before = counter.snapshot();
      await collection.insertOne({ _id: `counted-${Date.now()}-${Math.random()}` });
      await collection.findOne({ _id: "absent" });
      await collection.findOne({ _id: "absent" });
      const counted = countsBetween(before, counter.snapshot());
      expect(counted.total).to.equal(3);
      expect(Object.fromEntries(counted.byName)).to.deep.equal({
        "insert bench_counted": 1,
        "find bench_counted": 2,
      });
    } finally {
      // Not one of Carnet's collections: the personal-data registry test lists every collection there is.
      await client
        .db()
        .dropCollection("bench_counted")
        .catch(() => undefined);
      await client.close();
      await counter.close();
    }
  });
});

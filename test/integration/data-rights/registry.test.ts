// The registry of personal data is complete: every collection Carnet defines or finds in its database is
// registered (with the fields that name a person, or the reason none does), and every field that looks
// like a person's id or address is among its collection's registered fields. A new collection, or a new
// `supervisorId` in an old one, fails here until personal-data.ts says what export and erasure do with it.
import { expect } from "chai";
import type { Schema } from "mongoose";
import {
  IMPERSONAL_COLLECTIONS,
  LTIJS_COLLECTIONS,
  PERSONAL_COLLECTIONS,
} from "../../../src/persistence/personal-data.js";
import { startTestCarnet, type TestCarnet } from "../../support/carnet.js";
import { getTestEnvironment } from "../../support/environment.js";

// A last path segment like these names a person (their id, their LMS id, their address).
const PERSON_LIKE =
  /(^|[a-z])(user|learner|owner|author|tutor|tutee|decider|reader|validator|approver|person|people|member|mentee|invitee|referent|supervisor|juror|recipient|actor)(id|ids|s)?$|by$|^sub$|sub$|email$|^loginhint$/i;

function lastSegment(path: string): string {
  return path.split(".").at(-1) ?? path;
}

/** Every path of a schema, subdocuments and arrays of subdocuments included. */
function schemaPaths(schema: Schema, prefix = ""): string[] {
  const paths: string[] = [];
  schema.eachPath((path, type) => {
    paths.push(`${prefix}${path}`);
    const inner = (type as { schema?: Schema }).schema;
    if (inner) paths.push(...schemaPaths(inner, `${prefix}${path}.`));
  });
  return paths;
}

const registered = new Set([
  ...PERSONAL_COLLECTIONS.map((entry) => entry.collection),
  ...IMPERSONAL_COLLECTIONS.map((entry) => entry.collection),
]);

describe("personal data registry", () => {
  let carnet: TestCarnet;
  before(async () => {
    // Builds the container: every model of every area is defined on the connection.
    carnet = await startTestCarnet();
  });
  after(async () => {
    await carnet.close();
  });

  it("registers each collection once", () => {
    const names = [
      ...PERSONAL_COLLECTIONS.map((entry) => entry.collection),
      ...IMPERSONAL_COLLECTIONS.map((entry) => entry.collection),
    ];
    expect(names.filter((name, index) => names.indexOf(name) !== index)).to.deep.equal([]);
    const kinds = PERSONAL_COLLECTIONS.map((entry) => entry.kind);
    expect(kinds.filter((kind, index) => kinds.indexOf(kind) !== index)).to.deep.equal([]);
  });

  it("knows every collection of Carnet's models", async () => {
    const connection = (await getTestEnvironment()).mongo.carnet;
    const missing = Object.values(connection.models)
      .map((model) => model.collection.collectionName)
      .filter((name) => !registered.has(name));
    expect(missing, "register these in src/persistence/personal-data.ts").to.deep.equal([]);
  });

  it("knows every collection found in the database", async () => {
    const db = (await getTestEnvironment()).mongo.carnet.db;
    if (!db) throw new Error("no database");
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
    const missing = names.filter(
      (name) => !registered.has(name) && !LTIJS_COLLECTIONS.includes(name) && !name.startsWith("system."),
    );
    expect(missing, "register these in src/persistence/personal-data.ts").to.deep.equal([]);
  });

  it("lists every field that looks like a person among its collection's registered fields", async () => {
    const connection = (await getTestEnvironment()).mongo.carnet;
    const unlisted: string[] = [];
    for (const model of Object.values(connection.models)) {
      const name = model.collection.collectionName;
      const entry = PERSONAL_COLLECTIONS.find((candidate) => candidate.collection === name);
      const impersonal = IMPERSONAL_COLLECTIONS.find((candidate) => candidate.collection === name);
      const listed = new Set([
        ...(entry?.fields.map((field) => field.path) ?? []),
        ...(entry?.notPeople ?? impersonal?.notPeople ?? []).map((field) => field.path),
      ]);
      for (const path of schemaPaths(model.schema)) {
        if (PERSON_LIKE.test(lastSegment(path)) && !listed.has(path)) unlisted.push(`${name}.${path}`);
      }
    }
    expect(unlisted, "add them to src/persistence/personal-data.ts").to.deep.equal([]);
  });

  it("names only fields its collections have (no typo hides a person)", async () => {
    const connection = (await getTestEnvironment()).mongo.carnet;
    const unknown: string[] = [];
    for (const model of Object.values(connection.models)) {
      const entry = PERSONAL_COLLECTIONS.find(
        (candidate) => candidate.collection === model.collection.collectionName,
      );
      if (!entry) continue;
      const paths = new Set(["_id", ...schemaPaths(model.schema)]);
      for (const field of entry.fields) {
        // Inside a free-form (Mixed) field the schema knows only the field itself.
        const known = [...paths].some((path) => field.path === path || field.path.startsWith(`${path}.`));
        if (!known) unknown.push(`${entry.collection}.${field.path}`);
      }
    }
    expect(unknown).to.deep.equal([]);
  });

  it("fails on a collection or a field it does not know (the check bites)", () => {
    expect(registered.has("placement_supervisors")).to.equal(false);
    expect(PERSON_LIKE.test("supervisorId")).to.equal(true);
    expect(PERSON_LIKE.test("invitedBy")).to.equal(true);
    expect(PERSON_LIKE.test("contextId")).to.equal(false);
    expect(PERSON_LIKE.test("frameworkId")).to.equal(false);
  });
});

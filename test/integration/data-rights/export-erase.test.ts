// A person's export and erasure, end to end on the embedded database: Paul learns in one course (a
// trace with a file, a trainer's comment and decision, a validation request decided, a tutor, a
// notification) and teaches in another (a comment, a trace decision and a validation on Léa's work).
// His export holds every kind; after his erasure no collection holds his ids, name or e-mail, and Léa's
// record still says an (erased) validator validated it.
import { expect } from "chai";
import { unzipSync } from "fflate";
import type { Readable } from "node:stream";
import type { DataRights, PersonRef } from "../../../src/domain/people/data-rights.js";
import { DataRights as DataRightsService } from "../../../src/domain/people/data-rights.js";
import { systemClock } from "../../../src/clock.js";
import { ErasureJournalRepository } from "../../../src/persistence/person-erasures.js";
import { PERSONAL_COLLECTIONS } from "../../../src/persistence/personal-data.js";
import { RegistryPersonalDataStore } from "../../../src/persistence/personal-data-store.js";
import { personExportArchive } from "../../../src/presenters/person-export.js";
import { getTestEnvironment } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, csrfOf, submit, upload } from "../../support/portfolio.js";
import {
  decide,
  launch,
  learner,
  requestValidation,
  ROLE,
  setupCourse,
  trainer,
  unique,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

const ATTACHMENT = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const OPERATOR = { kind: "operator" as const, label: "test" };

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Every document of every collection of the database, as text. */
async function everyStoredText(): Promise<{ collection: string; text: string }[]> {
  const db = (await getTestEnvironment()).mongo.carnet.db;
  if (!db) throw new Error("no database");
  const found: { collection: string; text: string }[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      found.push({ collection: name, text: JSON.stringify(doc) });
    }
  }
  return found;
}

interface Paul {
  sub: string;
  name: string;
  email: string;
  userId: string;
  ownTrace: string;
  leaTrace: string;
  leaId: string;
  lea: Session;
  teaching: TestCourse;
}

describe("data rights: a person's export and erasure", function () {
  this.timeout(120_000);
  let fixture: LtiFixture;
  let rights: DataRights;
  before(async () => {
    fixture = await startLtiFixture();
    rights = fixture.carnet.services.dataRights;
  });
  after(async () => {
    await fixture.close();
  });

  /** Paul with data in every area, through the pages people use. */
  async function paulEverywhere(): Promise<Paul> {
    const sub = unique("paul-sub");
    const name = `Paul Effacé ${unique("n")}`;
    const email = `${sub}@mail.example.test`;
    const learning = await setupCourse(fixture, { leaves: 3 });
    const teaching = await setupCourse(fixture, { leaves: 3 });
    const paul = await launch(fixture, {
      sub,
      name,
      email,
      roles: [ROLE.learner],
      context: learning.context,
    });
    const fanny = await trainer(fixture, learning);
    const { id: ownTrace, page } = await createTrace(paul, "note", {
      title: "Ma séance",
      body_note: "Récit.",
    });
    expect(
      (
        await upload(
          paul,
          ownTrace,
          { name: "fiche.pdf", type: "application/pdf", bytes: ATTACHMENT },
          csrfOf(page.text),
        )
      ).status,
    ).to.equal(303);
    const traced = await paul.browser.get(`${paul.base}/traces/${ownTrace}`);
    await submit(paul, traced, `/traces/${ownTrace}/share`, { visibility: "tutors" });
    const fannyView = await fanny.browser.get(`${fanny.base}/traces/${ownTrace}`);
    await submit(fanny, fannyView, `/traces/${ownTrace}/comments`, { body: "Précisez le contexte." });
    const toDecide = await fanny.browser.get(`${fanny.base}/traces/${ownTrace}`);
    await submit(fanny, toDecide, `/traces/${ownTrace}/decision`, {
      outcome: "to_rework",
      reason: "Ajoutez l'analyse.",
    });
    await requestValidation(paul, [{ code: "C01", justification: "Séance menée", traceIds: [ownTrace] }]);
    await decideFirstRequest(fanny, "Validé pour Paul");
    const userId = await paul.userId();
    await fixture.carnet.services.validation.tutoring.assign({
      platformId: fixture.platform._id,
      tutorId: await fanny.userId(),
      learnerId: userId,
      createdIn: learning.scope,
      createdBy: await fanny.userId(),
      at: new Date(),
    });

    // Paul teaches in another course: he comments, decides and validates on Léa's work.
    const paulTeaching = await launch(fixture, {
      sub,
      name,
      email,
      roles: [ROLE.instructor],
      context: teaching.context,
    });
    const lea = await learner(fixture, teaching, "Léa Gardée");
    const { id: leaTrace, page: leaPage } = await createTrace(lea, "note", {
      title: "Trace de Léa",
      body_note: "Récit de Léa.",
    });
    await submit(lea, leaPage, `/traces/${leaTrace}/share`, { visibility: "tutors" });
    const onLea = await paulTeaching.browser.get(`${paulTeaching.base}/traces/${leaTrace}`);
    await submit(paulTeaching, onLea, `/traces/${leaTrace}/comments`, {
      body: "Commentaire de Paul sur Léa.",
    });
    const again = await paulTeaching.browser.get(`${paulTeaching.base}/traces/${leaTrace}`);
    await submit(paulTeaching, again, `/traces/${leaTrace}/decision`, {
      outcome: "to_rework",
      reason: "Complétez l'analyse.",
    });
    await requestValidation(lea, [{ code: "C02", justification: "Projet mené", traceIds: [leaTrace] }]);
    await decideFirstRequest(paulTeaching, "Très bien");
    return { sub, name, email, userId, ownTrace, leaTrace, leaId: await lea.userId(), lea, teaching };
  }

  async function decideFirstRequest(session: Session, comment: string): Promise<void> {
    const queue = await session.browser.get(`${session.base}/validation/queue`);
    const link = /href="([^"]*\/validation\/requests\/[^"]+)"/.exec(queue.text)?.[1];
    if (!link) throw new Error("no request in the queue");
    const page = await session.browser.get(new URL(link, queue.url).toString());
    const code = /name="code_\d+" value="(C\d+)"/.exec(page.text)?.[1] ?? "C01";
    const decided = await decide(session, page, { [code]: { decision: "validate", comment } });
    expect(decided.status).to.equal(200);
  }

  async function personOf(paul: Paul): Promise<PersonRef> {
    const found = await rights.locate(fixture.platform._id, paul.sub);
    if (!found) throw new Error("Paul not found");
    return found.person;
  }

  it("exports every kind of Paul's data and his file, then erases him everywhere", async () => {
    const paul = await paulEverywhere();
    const located = await rights.locate(fixture.platform._id, paul.sub);
    expect(located?.person.userId).to.equal(paul.userId);
    const counted = new Map(located?.counts.map((count) => [count.kind, count]));
    expect(counted.get("traces")?.own).to.equal(1);
    expect(counted.get("trace-decisions")?.mentions).to.equal(1);

    const exported = await rights.export(await personOf(paul), OPERATOR);
    const zip = unzipSync(new Uint8Array(await bytesOf(personExportArchive(exported))));
    const names = Object.keys(zip);
    for (const kind of [
      "profile",
      "memberships",
      "launches",
      "traces",
      "trace-revisions",
      "trace-comments",
      "trace-decisions",
      "competence-records",
      "validation-requests",
      "notifications",
      "tutoring-relations",
      "trace-attachments",
    ]) {
      expect(names, kind).to.include(`${kind}.json`);
    }
    const json = (name: string): unknown =>
      JSON.parse(Buffer.from(zip[name] ?? new Uint8Array()).toString("utf8"));
    expect(JSON.stringify(json("profile.json"))).to.contain(paul.email);
    const comments = JSON.stringify(json("trace-comments.json"));
    expect(comments).to.contain("Précisez le contexte.").and.to.contain("Commentaire de Paul sur Léa.");
    const file = names.find((name) => name.startsWith("files/trace-attachments/"));
    expect(file).to.match(/fiche\.pdf$/);
    expect(Buffer.from(zip[file ?? ""] ?? new Uint8Array()).equals(ATTACHMENT)).to.equal(true);
    // Others' documents that name Paul are counted, their content is not his.
    expect(JSON.stringify(json("manifest.json"))).to.contain("competence-records");
    expect(comments).not.to.contain("Récit de Léa.");

    const erased = await rights.erase(await personOf(paul), OPERATOR);
    expect(erased.summary.deleted).to.be.greaterThan(10);
    expect(erased.summary.pseudonymised).to.be.greaterThan(2);

    for (const { collection, text } of await everyStoredText()) {
      for (const secret of [paul.userId, paul.sub, paul.name, paul.email]) {
        expect(text.includes(secret), `${collection} still holds ${secret}: ${text.slice(0, 300)}`).to.equal(
          false,
        );
      }
    }
    const models = fixture.carnet.services.validation.models;
    const leaRecord = await models.CompetenceRecord.findOne({
      platformId: fixture.platform._id,
      learnerId: paul.leaId,
      competenceCode: "C02",
    }).lean();
    expect(leaRecord?.state).to.equal("validated");
    const approvals = (leaRecord?.approvals ?? []) as { validatorId: string }[];
    expect(approvals.map((approval) => approval.validatorId)).to.satisfy(
      (ids: string[]) => ids.length === 1 && ids.every((id) => id.startsWith("erased-")),
    );
    const portfolio = (await getTestEnvironment()).mongo.carnet.collection("trace_decisions");
    const decision = await portfolio.findOne({ traceId: paul.leaTrace });
    expect(decision?.deciderId).to.equal(approvals[0]?.validatorId);
    expect(await portfolio.countDocuments({ traceId: paul.ownTrace })).to.equal(0);
    expect(await rights.locate(fixture.platform._id, paul.sub)).to.equal(null);
    // Léa still reads who validated her competence and reviewed her trace: an erased person.
    const leaCompetence = await paul.lea.browser.get(
      `${paul.lea.base}/competences/${paul.teaching.frameworkId}/C02`,
    );
    expect(leaCompetence.status).to.equal(200);
    expect(leaCompetence.text).to.contain("personne effacée");
    const leaTracePage = await paul.lea.browser.get(`${paul.lea.base}/traces/${paul.leaTrace}`);
    expect(leaTracePage.text).to.contain("personne effacée");

    const audit = await fixture.carnet.services.audit.list({
      platformIds: [fixture.platform._id],
      action: "person.",
      limit: 10,
    });
    expect(audit.map((entry) => entry.action)).to.include.members(["person.exported", "person.erased"]);
  });

  it("finishes an interrupted erasure with the same pseudonym when run again", async () => {
    const paul = await paulEverywhere();
    const connection = (await getTestEnvironment()).mongo.carnet;
    const half = new RegistryPersonalDataStore(connection, PERSONAL_COLLECTIONS.slice(0, 8));
    const interrupted = new DataRightsService({
      store: {
        findPerson: (platformId, sub) => half.findPerson(platformId, sub),
        inventory: (person) => half.inventory(person),
        exportKinds: (person) => half.exportKinds(person),
        files: (person) => half.files(person),
        erase: async (person, pseudonym) => {
          await half.erase(person, pseudonym);
          throw new Error("killed mid-erasure");
        },
      },
      journal: new ErasureJournalRepository(connection),
      audit: fixture.carnet.services.audit,
      clock: systemClock,
      newId: () => unique("id"),
    });
    const person = await personOf(paul);
    let failure: unknown;
    await interrupted.erase(person, OPERATOR).catch((error: unknown) => {
      failure = error;
    });
    expect(String(failure)).to.contain("killed mid-erasure");
    const decisions = connection.collection("trace_decisions");
    // The trace decisions come after the first eight collections: Léa's is untouched so far.
    expect((await decisions.findOne({ traceId: paul.leaTrace }))?.deciderId).to.equal(paul.userId);
    const resumed = await rights.locate(fixture.platform._id, paul.sub);
    expect(resumed?.erasureUnfinished).to.equal(true);

    await rights.erase(resumed?.person ?? person, OPERATOR);
    const pseudonym = String((await decisions.findOne({ traceId: paul.leaTrace }))?.deciderId);
    expect(pseudonym).to.match(/^erased-/);
    const launchesWithMentees = await connection
      .collection("memberships")
      .countDocuments({ userId: paul.userId });
    expect(launchesWithMentees).to.equal(0);
    const journal = await connection
      .collection("person_erasures")
      .find({ platformId: fixture.platform._id })
      .toArray();
    expect(JSON.stringify(journal)).not.to.contain(paul.userId);
    expect(JSON.stringify(journal)).not.to.contain(pseudonym);
  });
});

// Erasure where people's data is most sensitive: a learner's confidential support case (opened with a
// support person, a concern raised by her formateur, the case read and annotated), a tutoring relation
// and an individual interview. Erasing the formateur keeps Léa's interview and concern by a pseudonym;
// erasing Léa and the support person then leaves none of the three anywhere in the database.
import { expect } from "chai";
import type { DataRights } from "../../../src/domain/people/data-rights.js";
import { getTestEnvironment } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { csrfOf, type Session } from "../../support/portfolio.js";
import { supportScene } from "../../support/support.js";

const OPERATOR = { kind: "operator" as const, label: "test" };

async function post(session: Session, pagePath: string, path: string, fields: [string, string][]) {
  const page = await session.browser.get(`${session.base}${pagePath}`);
  return session.browser.post(`${session.base}${path}`, [["_csrf", csrfOf(page.text)], ...fields]);
}

async function storedTexts(): Promise<string[]> {
  const db = (await getTestEnvironment()).mongo.carnet.db;
  if (!db) throw new Error("no database");
  const texts: string[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray())
      texts.push(`${name} ${JSON.stringify(doc)}`);
  }
  return texts;
}

describe("data rights: support cases, tutoring and interviews", function () {
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

  async function erase(session: Session): Promise<string[]> {
    const userId = await session.userId();
    const user = await fixture.carnet.services.models.User.findOne({ _id: userId }).lean();
    if (!user) throw new Error("no user");
    const found = await rights.locate(fixture.platform._id, user.sub);
    if (!found) throw new Error("not found");
    await rights.erase(found.person, OPERATOR);
    // Names are not checked here: the scene's names are shared with other tests of the same database.
    return [userId, user.sub, user.email ?? ""].filter((value) => value !== "");
  }

  it("keeps Léa's interview and concern by a pseudonym when her formateur is erased, and nothing of anyone erased", async () => {
    const scene = await supportScene(fixture);
    const { services } = fixture.carnet;
    await services.validation.tutoring.assign({
      platformId: fixture.platform._id,
      tutorId: scene.ids.fanny,
      learnerId: scene.ids.lea,
      createdIn: scene.course.scope,
      createdBy: scene.ids.fanny,
      at: new Date(),
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const interview = await services.tutoringSessions.interviews.open(scene.actors.fanny, scene.ids.lea, {
      date: tomorrow,
      time: "17:30",
    });
    const self = await services.support.standing.towards(scene.actors.lea, scene.ids.lea);
    const opened = await services.support.opening.requestSupport(scene.actors.lea, self, {
      personId: scene.ids.sam,
      message: "Je voudrais en parler.",
    });
    const concernPath = `/support/learners/${scene.ids.lea}`;
    const concern = await post(scene.fanny, concernPath, `${concernPath}/signals`, [
      ["category", "no_participation"],
      ["note", "Absente des deux derniers séminaires"],
    ]);
    expect(concern.status).to.equal(200);
    const casePath = `/support/cases/${opened.id}`;
    const note = await post(scene.sam, casePath, `${casePath}/notes`, [
      ["step", "detection"],
      ["text", "Premier échange."],
    ]);
    expect(note.status).to.equal(200);

    const fanny = await erase(scene.fanny);
    const db = (await getTestEnvironment()).mongo.carnet;
    const kept = await db.collection("tutoring_interviews").findOne({ _id: interview.id as never });
    expect(String(kept?.tutorId)).to.match(/^erased-/);
    const signal = await db.collection("support_signals").findOne({ learnerId: scene.ids.lea });
    expect(JSON.stringify(signal?.source)).to.match(/erased-/);
    expect(await db.collection("tutoring_relations").countDocuments({ learnerId: scene.ids.lea })).to.equal(
      0,
    );

    const lea = await erase(scene.lea);
    const sam = await erase(scene.sam);
    expect(await db.collection("support_cases").countDocuments({ _id: opened.id as never })).to.equal(0);
    const texts = await storedTexts();
    for (const secret of [...fanny, ...lea, ...sam]) {
      const holder = texts.find((text) => text.includes(secret));
      expect(holder, `${secret} is still in ${holder?.slice(0, 300) ?? ""}`).to.equal(undefined);
    }
  });
});

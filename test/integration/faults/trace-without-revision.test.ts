// A trace and its revision are two writes: after a crash between them, the revision is recovered from the
// trace when read, and before the trace's content is replaced.
import { expect } from "chai";
import { portfolioModels } from "../../../src/persistence/models/portfolio-models.js";
import { getTestEnvironment } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, editTrace, launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

describe("portfolio: a crash between a trace's two writes", () => {
  let fixture: LtiFixture;

  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const learner = (): Promise<Session> =>
    launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa Interne",
      roles: [ROLE.learner],
      context: { id: unique("des-mg"), title: "DES MG" },
    });

  /** What a crash right after the trace's write leaves: the trace without this revision. */
  async function loseRevision(traceId: string, number: number): Promise<void> {
    const { TraceRevision } = portfolioModels((await getTestEnvironment()).mongo.carnet);
    const removed = await TraceRevision.deleteOne({ traceId, number });
    expect(removed.deletedCount).to.equal(1);
  }

  it("shows a new trace's first revision although only the trace was written", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Garde", body_note: "Nuit calme." });
    await loseRevision(id, 1);

    const revision = await session.browser.get(`${session.base}/traces/${id}/revisions/1`);
    expect(revision.status).to.equal(200);
    expect(decodeEntities(revision.text)).to.contain("Nuit calme.");
    const trace = await session.browser.get(`${session.base}/traces/${id}`);
    expect(trace.status).to.equal(200);
    expect(decodeEntities(trace.text)).to.contain("Version 1");

    // Recovered once, for good: the stored revision now answers without the trace's help.
    const { TraceRevision } = portfolioModels((await getTestEnvironment()).mongo.carnet);
    expect(await TraceRevision.countDocuments({ traceId: id, number: 1 })).to.equal(1);
  });

  it("keeps a lost revision's content when the trace is edited again", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Garde", body_note: "Premier jet." });
    const saved = await editTrace(session, id, { body_note: "Deuxième version." });
    expect(saved.status).to.equal(200);
    await loseRevision(id, 2);

    const again = await editTrace(session, id, { body_note: "Troisième version." });
    expect(again.status).to.equal(200);
    const second = await session.browser.get(`${session.base}/traces/${id}/revisions/2`);
    expect(second.status).to.equal(200);
    expect(decodeEntities(second.text)).to.contain("Deuxième version.");
    const third = await session.browser.get(`${session.base}/traces/${id}/revisions/3`);
    expect(decodeEntities(third.text)).to.contain("Troisième version.");
  });

  it("still answers 404 for a revision the trace never had", async () => {
    const session = await learner();
    const { id } = await createTrace(session, "note", { title: "Garde", body_note: "Texte." });
    await loseRevision(id, 1);
    const missing = await session.browser.get(`${session.base}/traces/${id}/revisions/2`);
    expect(missing.status).to.equal(404);
  });
});

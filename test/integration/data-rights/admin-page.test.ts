// The data rights on the administration page, through real launches: an administrator of the
// learner's platform finds them, downloads their export, is asked to confirm (a 400 keeping what was
// typed), erases them; the audit log shows both events in words. Others are refused.
import { expect } from "chai";
import { unzipSync } from "fflate";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";
import { csrfOf } from "../../support/portfolio.js";

describe("data rights on the administration page", function () {
  this.timeout(60_000);
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const course = (): { id: string; title: string } => ({ id: unique("course"), title: "Cours" });
  const person = (sub: string, roles: string[]): Promise<Session> =>
    launchAs(fixture, { sub, name: `Personne ${sub}`, roles, context: course() });

  it("finds, exports and erases a learner after confirmation; the audit log names both in words", async () => {
    const sub = unique("learner");
    const learner = await person(sub, [ROLE.learner]);
    await createTrace(learner, "note", { title: "Trace à effacer", body_note: "Texte." });
    const admin = await person(unique("admin"), [ROLE.admin]);

    const found = await admin.browser.get(`${admin.base}/admin/people?user=${encodeURIComponent(sub)}`);
    expect(found.status).to.equal(200);
    const shown = decodeEntities(found.text);
    expect(shown)
      .to.contain(`Personne ${sub}`)
      .and.to.contain("Traces")
      .and.to.contain("Effacer définitivement");

    const url = `${admin.base}/admin/people/export?user=${encodeURIComponent(sub)}`;
    const cookie = admin.browser.jar.cookieHeader(url);
    const download = await fetch(url, { headers: cookie ? { cookie } : {} });
    expect(download.status).to.equal(200);
    expect(download.headers.get("content-type")).to.equal("application/zip");
    const zip = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(Buffer.from(zip["traces.json"] ?? new Uint8Array()).toString()).to.contain("Trace à effacer");

    const csrf = csrfOf(found.text);
    const unconfirmed = await admin.browser.post(`${admin.base}/admin/people/erase`, {
      _csrf: csrf,
      user: sub,
    });
    expect(unconfirmed.status).to.equal(400);
    expect(decodeEntities(unconfirmed.text))
      .to.contain("Cochez la case pour confirmer")
      .and.to.contain(`Personne ${sub}`);
    expect(await learner.userId()).to.be.a("string");

    const erased = await admin.browser.post(`${admin.base}/admin/people/erase`, {
      _csrf: csrf,
      user: sub,
      confirm: "on",
    });
    expect(erased.status).to.equal(200);
    expect(erased.redirects[0]?.status).to.equal(303);
    expect(decodeEntities(erased.text)).to.contain("Personne effacée (effacement");
    const again = await admin.browser.get(`${admin.base}/admin/people?user=${encodeURIComponent(sub)}`);
    expect(decodeEntities(again.text)).to.contain(`Personne avec l'identifiant ${sub}`);

    const adminPage = decodeEntities((await admin.browser.get(`${admin.base}/admin`)).text);
    expect(adminPage)
      .to.contain("Export des données d'une personne")
      .and.to.contain("Effacement d'une personne");
  });

  it("refuses teachers the page, and an administrator erasing themselves", async () => {
    const teacher = await person(unique("teacher"), [ROLE.instructor]);
    expect((await teacher.browser.get(`${teacher.base}/admin/people`)).status).to.equal(403);
    const sub = unique("admin");
    const admin = await person(sub, [ROLE.admin]);
    const page = await admin.browser.get(`${admin.base}/admin/people?user=${encodeURIComponent(sub)}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain("/admin/people/erase");
    const refused = await admin.browser.post(`${admin.base}/admin/people/erase`, {
      _csrf: csrfOf(page.text),
      user: sub,
      confirm: "on",
    });
    expect(refused.status).to.equal(404);
    expect(await admin.userId()).to.be.a("string");
  });

  it("answers a 400 keeping what was typed for an over-long id, never a 500", async () => {
    const admin = await person(unique("admin"), [ROLE.admin]);
    const page = await admin.browser.get(`${admin.base}/admin/people`);
    const long = "x".repeat(300);
    const refused = await admin.browser.post(`${admin.base}/admin/people/erase`, {
      _csrf: csrfOf(page.text),
      user: long,
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain("trop long");
  });
});

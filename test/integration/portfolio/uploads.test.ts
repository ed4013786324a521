import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  launchAs,
  ROLE,
  submit,
  unique,
  upload,
  type Session,
} from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

const MAX = 4096;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a8f50000000049454e44ae426082",
  "hex",
);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(300, 0x90)]);
const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");

describe("portfolio: attached files", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ env: { UPLOAD_MAX_BYTES: String(MAX) } });
  });
  after(async () => {
    await fixture.close();
  });

  async function learnerWithTrace(): Promise<{
    session: Session;
    id: string;
    course: { id: string; title: string };
  }> {
    const course = { id: unique("course"), title: "Cours fichiers" };
    const session = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Léon Fichiers",
      roles: [ROLE.learner],
      context: course,
    });
    const { id } = await createTrace(session, "ressource", {
      title: "Ma ressource",
      body_description: "Un diaporama pour la 6e.",
      progress_description: "done",
    });
    return { session, id, course };
  }

  async function pageOf(session: Session, id: string): Promise<string> {
    const page = await session.browser.get(`${session.base}/traces/${id}`);
    expect(page.status).to.equal(200);
    return page.text;
  }

  it("stores an allowed file, named and typed after its content, served as a download with nosniff", async () => {
    const { session, id } = await learnerWithTrace();
    const response = await upload(
      session,
      id,
      { name: "diaporama.pdf", type: "application/pdf", bytes: PDF },
      csrfOf(await pageOf(session, id)),
    );
    expect(response.status).to.equal(303);
    expect(response.headers.get("location")).to.match(/\?done=uploaded#files$/);
    const page = await pageOf(session, id);
    expect(decodeEntities(page)).to.contain("diaporama.pdf");
    const fileId = /\/attachments\/([0-9a-f]{24})"/.exec(page)?.[1];
    const file = await session.browser.get(`${session.base}/traces/${id}/attachments/${fileId ?? ""}`);
    expect(file.status).to.equal(200);
    expect(file.headers.get("content-type")).to.equal("application/pdf");
    expect(file.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(file.headers.get("content-disposition")).to.match(/^attachment; filename="diaporama.pdf"/);
    expect(file.headers.get("content-security-policy")).to.contain("sandbox");
    expect(file.text).to.equal(PDF.toString());
  });

  it("types a file by its content, not by the name or type the browser declares", async () => {
    const { session, id } = await learnerWithTrace();
    const response = await upload(
      session,
      id,
      { name: "photo.pdf", type: "application/pdf", bytes: PNG },
      csrfOf(await pageOf(session, id)),
    );
    expect(response.status).to.equal(303);
    const page = await pageOf(session, id);
    expect(decodeEntities(page)).to.contain("photo.png");
    const fileId = /\/attachments\/([0-9a-f]{24})"/.exec(page)?.[1];
    const file = await fetch(`${session.base}/traces/${id}/attachments/${fileId ?? ""}`, {
      headers: { cookie: session.browser.jar.cookieHeader(session.base) ?? "" },
    });
    expect(file.headers.get("content-type")).to.equal("image/png");
    expect(file.headers.get("content-disposition")).to.match(/^inline; filename="photo.png"/);
  });

  it("refuses a disguised executable or page with a clear message, and loses nothing already saved", async () => {
    const { session, id } = await learnerWithTrace();
    const before = await pageOf(session, id);
    await upload(session, id, { name: "ok.pdf", type: "application/pdf", bytes: PDF }, csrfOf(before));
    for (const [name, bytes] of [
      ["rapport.pdf", EXE],
      ["cours.pdf", HTML],
    ] as const) {
      const refused = await upload(session, id, { name, type: "application/pdf", bytes }, csrfOf(before));
      // Refused like any form: the trace page again, the reason next to the file field.
      expect(refused.status).to.equal(400);
      const html = await refused.text();
      expect(html).to.match(/id="file"[^>]*aria-invalid="true"/);
      const text = decodeEntities(html);
      expect(text).to.contain("Ce type de fichier n'est pas accepté");
      expect(text).to.contain("Votre trace n'a pas changé");
      // What was there is still there.
      expect(text).to.contain("Un diaporama pour la 6e.");
      expect(text).to.contain("ok.pdf");
      expect(text).not.to.contain(name);
    }
  });

  it("refuses an oversized file with the limit in the message, the trace untouched", async () => {
    const { session, id } = await learnerWithTrace();
    const page = await pageOf(session, id);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX + 10, 0x20)]);
    const refused = await upload(
      session,
      id,
      { name: "gros.pdf", type: "application/pdf", bytes: big },
      csrfOf(page),
    );
    expect(refused.status).to.equal(400);
    const shown = decodeEntities(await refused.text());
    expect(shown).to.contain("Le fichier dépasse la taille maximale indiquée ci-dessus");
    expect(shown).to.contain("4 Ko au plus");
    expect(shown).to.contain("Un diaporama pour la 6e.");
    expect(shown).not.to.contain("gros.pdf");
    const revisions = await session.browser.get(`${session.base}/traces/${id}/revisions/2`);
    expect(revisions.status).to.equal(404);
  });

  it("asks for a file when the form comes without one", async () => {
    const { session, id } = await learnerWithTrace();
    const url = `${session.base}/traces/${id}/attachments`;
    const body = new FormData();
    body.append("_csrf", csrfOf(await pageOf(session, id)));
    const cookie = session.browser.jar.cookieHeader(url);
    const refused = await fetch(url, { method: "POST", body, headers: cookie ? { cookie } : {} });
    expect(refused.status).to.equal(400);
    const html = await refused.text();
    expect(html).to.match(/id="file"[^>]*aria-invalid="true"/);
    expect(decodeEntities(html)).to.contain("Aucun fichier n'a été reçu");
  });

  it("checks the CSRF token after parsing the multipart body", async () => {
    const { session, id } = await learnerWithTrace();
    const missing = await upload(session, id, { name: "a.pdf", type: "application/pdf", bytes: PDF }, null);
    expect(missing.status).to.equal(403);
    const wrong = await upload(
      session,
      id,
      { name: "a.pdf", type: "application/pdf", bytes: PDF },
      "forged-token",
    );
    expect(wrong.status).to.equal(403);
    expect(decodeEntities(await pageOf(session, id))).to.contain("Aucune pièce jointe ni lien.");
  });

  it("lets a reader of a shared trace download its files, and the author remove them", async () => {
    const { session, id, course } = await learnerWithTrace();
    const page = await session.browser.get(`${session.base}/traces/${id}`);
    await upload(
      session,
      id,
      { name: "support.pdf", type: "application/pdf", bytes: PDF },
      csrfOf(page.text),
    );
    await submit(session, page, `/traces/${id}/share`, { visibility: "tutors" });
    const teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Prof",
      roles: [ROLE.instructor],
      context: course,
    });
    const withFile = await pageOf(session, id);
    const fileId = /\/attachments\/([0-9a-f]{24})"/.exec(withFile)?.[1] ?? "";
    const file = await teacher.browser.get(`${teacher.base}/traces/${id}/attachments/${fileId}`);
    expect(file.status).to.equal(200);
    // The teacher cannot remove it.
    const teacherPage = await teacher.browser.get(`${teacher.base}/traces/${id}`);
    expect(teacherPage.text).not.to.contain("/delete");
    const forged = await teacher.browser.post(`${teacher.base}/traces/${id}/attachments/${fileId}/delete`, {
      _csrf: csrfOf(teacherPage.text),
    });
    expect(forged.status).to.equal(404);
    // The author can; the file is gone for everyone.
    const removed = await session.browser.post(`${session.base}/traces/${id}/attachments/${fileId}/delete`, {
      _csrf: csrfOf(withFile),
    });
    expect(decodeEntities(removed.text)).to.contain("Fichier retiré.");
    expect((await teacher.browser.get(`${teacher.base}/traces/${id}/attachments/${fileId}`)).status).to.equal(
      404,
    );
  });

  it("adds web links only (http, https)", async () => {
    const { session, id } = await learnerWithTrace();
    const page = await session.browser.get(`${session.base}/traces/${id}`);
    const added = await submit(session, page, `/traces/${id}/links`, {
      url: "https://www.has-sante.fr/",
      label: "HAS",
    });
    expect(decodeEntities(added.text)).to.contain("Lien ajouté.");
    expect(added.text).to.contain(
      'href="https://www.has-sante.fr/" rel="noopener noreferrer nofollow" target="_blank"',
    );
    for (const url of ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/file", "not a url"]) {
      const refused = await submit(session, added, `/traces/${id}/links`, { url, label: "piège" });
      expect(decodeEntities(refused.text), url).to.contain("Ce lien n'a pas été ajouté");
      expect(refused.text).not.to.contain(`href="${url}"`);
    }
  });
});

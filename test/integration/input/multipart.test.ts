import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  createTrace,
  csrfOf,
  launchAs,
  ROLE,
  unique,
  upload,
  type Session,
} from "../../support/portfolio.js";
import { rawRequest } from "../../support/raw-http.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

const MAX = 256 * 1024;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("input: multipart bodies", () => {
  let fixture: LtiFixture;
  let learner: Session;
  let teacher: Session;
  let traceId: string;
  let csrf: string;

  before(async () => {
    fixture = await startLtiFixture({ captureLogs: true, env: { UPLOAD_MAX_BYTES: String(MAX) } });
    const course = { id: unique("course"), title: "Cours multipart" };
    learner = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Lou Envois",
      roles: [ROLE.learner],
      context: course,
    });
    teacher = await launchAs(fixture, {
      sub: unique("teacher"),
      name: "Tom Formateur",
      roles: [ROLE.instructor],
      context: course,
    });
    traceId = (await createTrace(learner, "note", { title: "Avec fichiers", body_note: "Texte gardé." })).id;
    csrf = csrfOf((await learner.browser.get(`${learner.base}/traces/${traceId}`)).text);
  });
  after(async () => {
    await fixture.close();
  });

  const db = () => fixture.carnet.services.models.User.db;
  const storedChunks = (): Promise<number> => db().collection("trace_files.chunks").countDocuments();
  const storedFiles = (): Promise<number> => db().collection("trace_files.files").countDocuments();
  const crashes = (): number =>
    fixture.carnet.logs.filter((line) => line.msg === "unexpected error" || Number(line.level) >= 50).length;

  async function multipartPost(
    session: Session,
    path: string,
    fields: [string, string][],
  ): Promise<Response> {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    const url = `${session.base}${path}`;
    const cookie = session.browser.jar.cookieHeader(url) ?? "";
    // No Origin check exists to lean on: a cross-site form sends exactly this.
    return fetch(url, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { cookie, "accept-language": "fr" },
    });
  }

  it("refuses a cross-site multipart POST to routes that take no file", async () => {
    const read = await multipartPost(learner, "/notifications/read", [["x", "1"]]);
    expect(read.status).to.equal(415);
    const resync = await multipartPost(teacher, "/grading/resync", [["x", "1"]]);
    expect(resync.status).to.equal(415);
    expect(decodeEntities(await resync.text())).to.contain("Cette page n'accepte pas de fichier");
  });

  it("refuses multipart on a route without uploads even with a valid token", async () => {
    const shared = await multipartPost(learner, `/traces/${traceId}/share`, [
      ["_csrf", csrf],
      ["visibility", "tutors"],
    ]);
    expect(shared.status).to.equal(415);
    const page = await learner.browser.get(`${learner.base}/traces/${traceId}`);
    expect(decodeEntities(page.text)).to.contain("Privée");
  });

  it("checks the token before a file is stored: a token after the file is refused, nothing kept", async () => {
    const [files, chunks] = [await storedFiles(), await storedChunks()];
    const url = `${learner.base}/traces/${traceId}/attachments`;
    const body = new FormData();
    body.append("file", new Blob([PDF], { type: "application/pdf" }), "apres.pdf");
    body.append("_csrf", csrf);
    const response = await fetch(url, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { cookie: learner.browser.jar.cookieHeader(url) ?? "" },
    });
    expect(response.status).to.equal(403);
    expect([await storedFiles(), await storedChunks()]).to.deep.equal([files, chunks]);
  });

  function rawMultipart(boundary: string | null, body: Buffer): Promise<{ status: number; body: string }> {
    const { host, pathname } = new URL(learner.base);
    const type = boundary ? `multipart/form-data; boundary=${boundary}` : "multipart/form-data";
    const head =
      `POST ${pathname}/traces/${traceId}/attachments HTTP/1.1\nhost: ${host}\n` +
      `cookie: ${learner.browser.jar.cookieHeader(learner.base) ?? ""}\naccept-language: fr\n` +
      `content-type: ${type}\ncontent-length: ${body.length}\nconnection: close\n\n`;
    return rawRequest(learner.base, head, body);
  }

  const part = (boundary: string, name: string, value: string, filename?: string): string =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n` +
    `${filename ? "Content-Type: application/pdf\r\n" : ""}\r\n${value}`;

  it("answers 400 to a truncated multipart upload and keeps no partial file", async () => {
    const before = [await storedFiles(), await storedChunks(), crashes()];
    const boundary = "----carnet-truncated";
    const body = Buffer.from(
      `${part(boundary, "_csrf", csrf)}\r\n${part(boundary, "file", `${PDF.toString()}${"x".repeat(300_000 - MAX)}`, "coupe.pdf")}`,
    );
    const response = await rawMultipart(boundary, body);
    expect(response.status).to.equal(400);
    expect(decodeEntities(response.body)).to.contain("L'envoi du fichier n'a pas pu être lu");
    expect([await storedFiles(), await storedChunks(), crashes()]).to.deep.equal(before);
  });

  it("answers 400 to a multipart body without a boundary", async () => {
    const before = crashes();
    const response = await rawMultipart(null, Buffer.from("--x\r\n\r\n"));
    expect(response.status).to.equal(400);
    expect(crashes()).to.equal(before);
  });

  it("refuses a text file that turns binary past the sniffed head, removing what was streamed", async () => {
    const [files, chunks] = [await storedFiles(), await storedChunks()];
    const text = Buffer.concat([Buffer.alloc(200 * 1024, "a"), Buffer.from([0]), Buffer.alloc(10, "b")]);
    const refused = await upload(
      learner,
      traceId,
      { name: "notes.txt", type: "text/plain", bytes: text },
      csrf,
    );
    expect(refused.status).to.equal(400);
    expect(decodeEntities(await refused.text())).to.contain("Ce type de fichier n'est pas accepté");
    expect([await storedFiles(), await storedChunks()]).to.deep.equal([files, chunks]);
    const page = decodeEntities((await learner.browser.get(`${learner.base}/traces/${traceId}`)).text);
    expect(page).to.contain("Texte gardé.");
    expect(page).not.to.contain("notes.txt");
  });

  it("streams an accepted file to storage and serves it back byte for byte", async () => {
    const text = Buffer.from("Compte rendu de stage, séance 4.\n".repeat(6000));
    const stored = await upload(learner, traceId, { name: "cr.txt", type: "text/plain", bytes: text }, csrf);
    expect(stored.headers.get("location")).to.match(/\?done=uploaded#files$/);
    const page = (await learner.browser.get(`${learner.base}/traces/${traceId}`)).text;
    const fileId = /\/attachments\/([0-9a-f]{24})"/.exec(page)?.[1] ?? "";
    const file = await learner.browser.get(`${learner.base}/traces/${traceId}/attachments/${fileId}`);
    expect(file.text).to.equal(text.toString());
  });
});

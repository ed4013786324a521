import { expect } from "chai";
import { gzipSync } from "node:zlib";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, csrfOf, launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { rawRequest } from "../../support/raw-http.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

describe("input: malformed and oversized requests", () => {
  let fixture: LtiFixture;
  let session: Session;
  let csrf: string;

  before(async () => {
    fixture = await startLtiFixture({ captureLogs: true });
    session = await launchAs(fixture, {
      sub: unique("learner"),
      name: "Léa Entrées",
      roles: [ROLE.learner],
      context: { id: unique("course"), title: "Cours entrées" },
    });
    csrf = csrfOf((await session.browser.get(`${session.base}/traces/new/note`)).text);
  });
  after(async () => {
    await fixture.close();
  });

  const cookie = (): string => session.browser.jar.cookieHeader(session.base) ?? "";
  const unexpectedErrors = (): unknown[] =>
    fixture.carnet.logs.filter((line) => line.msg === "unexpected error" || Number(line.level) >= 50);

  function head(method: string, path: string, headers: Record<string, string | number>): string {
    const { host } = new URL(session.base);
    const lines = Object.entries({ host, cookie: cookie(), "accept-language": "fr", ...headers }).map(
      ([name, value]) => `${name}: ${value}`,
    );
    return `${method} ${path} HTTP/1.1\n${lines.join("\n")}\n\n`;
  }

  const launchPath = (): string => new URL(session.base).pathname;

  it("answers 400 to a gzip Content-Encoding whose body is not gzip, with nothing logged as a crash", async () => {
    const before = unexpectedErrors().length;
    const body = Buffer.from(`_csrf=${encodeURIComponent(csrf)}&x=1`);
    const response = await rawRequest(
      session.base,
      head("POST", `${launchPath()}/notifications/read`, {
        "content-type": "application/x-www-form-urlencoded",
        "content-encoding": "gzip",
        "content-length": body.length,
        connection: "close",
      }),
      body,
    );
    expect(response.status).to.equal(400);
    expect(decodeEntities(response.body)).to.contain("Les données envoyées sont illisibles");
    expect(unexpectedErrors()).to.have.length(before);
  });

  it("still reads a real gzip form body", async () => {
    const body = gzipSync(Buffer.from(`_csrf=${encodeURIComponent(csrf)}`));
    const response = await rawRequest(
      session.base,
      head("POST", `${launchPath()}/notifications/read`, {
        "content-type": "application/x-www-form-urlencoded",
        "content-encoding": "gzip",
        "content-length": body.length,
        connection: "close",
      }),
      body,
    );
    expect(response.status).to.equal(303);
  });

  it("answers 400 to a bad %-escape in the path", async () => {
    const before = unexpectedErrors().length;
    const response = await rawRequest(
      session.base,
      head("GET", `${launchPath()}/traces/%E0%A4%A`, { connection: "close" }),
    );
    expect(response.status).to.equal(400);
    expect(decodeEntities(response.body)).to.contain("La requête est mal formée");
    expect(unexpectedErrors()).to.have.length(before);
  });

  it("answers 413 with the limit to a 5 MiB form, before the body is sent", async () => {
    const announced = 5 * 1024 * 1024;
    // Only the first 64 KiB are written and the socket stays open: an answer proves Carnet did not wait.
    const response = await rawRequest(
      session.base,
      head("POST", `${launchPath()}/notifications/read`, {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": announced,
      }),
      Buffer.alloc(64 * 1024, "a"),
    );
    expect(response.status).to.equal(413);
    expect(decodeEntities(response.body)).to.contain("dépasse la taille maximale (2 Mo)");
  });

  it("answers 413 with the limit to a form of 5,000 fields", async () => {
    const fields: [string, string][] = [["_csrf", csrf]];
    for (let index = 0; index < 5000; index += 1) fields.push([`f${index}`, "x"]);
    const response = await session.browser.post(`${session.base}/notifications/read`, fields);
    expect(response.status).to.equal(413);
    expect(decodeEntities(response.text)).to.contain("trop de champs (au plus 2000)");
  });

  it("strips NUL, BEL and bidi overrides from titles, keeping newlines in long text", async () => {
    const { page } = await createTrace(session, "note", {
      title: "Rap\u0000port\u0007 \u202Etxt.exe",
      body_note: "Première ligne\n\tdeuxième\u0000 ligne\u2066",
      progress_note: "done",
    });
    const text = decodeEntities(page.text);
    expect(text).to.contain("Rapport txt.exe");
    for (const char of ["\u0000", "\u0007", "\u202E", "\u2066"]) expect(page.text).not.to.contain(char);
    const trace = await fixture.carnet.services.models.User.db
      .collection("traces")
      .findOne({ title: "Rapport txt.exe" });
    expect(trace, "stored title").to.not.equal(null);
    const sections = (trace?.sections ?? []) as { body: string }[];
    expect(sections.map((section) => section.body)).to.include("Première ligne\n\tdeuxième ligne");
  });

  it("strips control and bidi-override characters from names and course titles sent by the LMS", async () => {
    const sub = unique("learner");
    const contextId = unique("course");
    await launchAs(fixture, {
      sub,
      name: "Mal\u202Eory\u0000 Nom",
      roles: [ROLE.learner],
      context: { id: contextId, title: "Cours\u0007 \u2066piégé" },
    });
    const db = fixture.carnet.services.models.User.db;
    const user = await db.collection("users").findOne({ sub });
    const course = await db.collection("courses").findOne({ contextId });
    expect([user?.name, course?.title]).to.deep.equal(["Malory Nom", "Cours piégé"]);
  });
});

import { expect } from "chai";
import { unzipSync } from "fflate";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace, csrfOf, upload } from "../../support/portfolio.js";
import { pdfText } from "../../support/pdf-text.js";
import type { BrowserResponse } from "../../support/sim-lms/index.js";
import {
  actorOf,
  formOf,
  learner,
  mainText,
  setupCourse,
  text,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

/** The bytes of a download with the session's cookies (the simulated browser reads text only). */
async function download(
  session: Session,
  path: string,
): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const url = `${session.base}${path}`;
  const cookie = session.browser.jar.cookieHeader(url);
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

async function choose(session: Session, traceIds: string[]): Promise<BrowserResponse> {
  const page = await session.browser.get(`${session.base}/dossier`);
  const form = formOf(page, "/dossier");
  return session.browser.post(`${session.base}/dossier`, [
    ["_csrf", form.fields._csrf ?? ""],
    ...traceIds.map((id): [string, string] => ["traces", id]),
  ]);
}

describe("the learner's dossier (PDF, print view, ZIP)", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  let lea: Session;
  let chosenId: string;
  const privateNote = "Note privée plantée : traverse une période difficile";
  const leftOut = "Trace laissée hors du dossier, à ne pas montrer";

  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 6, domains: 2 });
    lea = await learner(fixture, course, "Léa Stagiaire");
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    const leaId = await lea.userId();
    const { services } = fixture.carnet;

    const chosen = await createTrace(lea, "rsca", {
      title: "Garde aux urgences",
      body_recit: "J'ai reçu une patiente âgée pour une dyspnée ; l'efficacité de l'examen a compté.",
    });
    chosenId = chosen.id;
    const csrf = csrfOf(chosen.page.text);
    const stored = await upload(
      lea,
      chosenId,
      { name: "compte-rendu.pdf", type: "application/pdf", bytes: Buffer.from("%PDF-1.4 rapport") },
      csrf,
    );
    expect(stored.status).to.be.lessThan(400);
    await createTrace(lea, "rsca", { title: "Brouillon personnel", body_recit: leftOut });

    // A private note on Léa's file, written by her trainer: it must never reach the dossier.
    const file = await fanny.browser.get(`${fanny.base}/learners/${leaId}`);
    const noteForm = formOf(file, "/notes");
    const saved = await fanny.browser.post(new URL(noteForm.action, file.url).toString(), {
      _csrf: noteForm.fields._csrf ?? "",
      note: privateNote,
    });
    expect(saved.status).to.equal(200);

    // Fanny validates C01 by observation; her synthesis goes draft → shared → read → final.
    const fannyActor = await actorOf(fixture, fanny, course, ["teacher"]);
    await services.validation.service.perform(
      fannyActor,
      { scope: course.scope, learnerId: leaId, frameworkId: course.frameworkId, code: "C01" },
      { action: "observe", channel: "observation", level: "competent", comment: "Vu en consultation" },
    );
    const syntheses = services.dossier.syntheses;
    const text = {
      progress: "Progression régulière : trois semestres sans accroc.",
      reflexivity: "Une réflexivité qui s'affine.",
      competences: "Les compétences relationnelles sont acquises.",
      recommendations: "Poursuivre la coordination des soins.",
    };
    await syntheses.save(fannyActor, leaId, text);
    await syntheses.share(fannyActor, leaId);
    const leaActor = await actorOf(fixture, lea, course, ["learner"]);
    await syntheses.acknowledge(leaActor);
    await syntheses.finalize(fannyActor, leaId);
  });

  after(async () => {
    await fixture.close();
  });

  it("keeps the learner's choice of traces", async () => {
    const saved = await choose(lea, [chosenId]);
    expect(saved.status).to.equal(200);
    expect(mainText(saved)).to.contain("Votre choix est enregistré.");
    expect(mainText(saved)).to.contain("Traces du dossier (1 choisie)");
    expect(mainText(saved)).to.contain("Progression régulière");
  });

  it("generates a PDF whose text holds the competences, states and synthesis, and no private note", async () => {
    await choose(lea, [chosenId]);
    const pdf = await download(lea, "/dossier/pdf");
    expect(pdf.status).to.equal(200);
    expect(pdf.type).to.equal("application/pdf");
    const content = await pdfText(pdf.bytes);
    expect(content).to.contain("Léa Stagiaire");
    expect(content).to.contain("C2i2e — promotion 2026");
    expect(content).to.contain("C01 — Compétence 1");
    expect(content).to.contain("C06 — Compétence 6");
    expect(content).to.contain("État : Validée");
    expect(content).to.contain("Fanny Formatrice (observation");
    expect(content).to.contain("Progression régulière : trois semestres sans accroc.");
    expect(content).to.contain("Garde aux urgences");
    expect(content).to.contain("compte-rendu.pdf");
    expect(content).to.not.contain("Note privée plantée");
    expect(content).to.not.contain(leftOut);
  });

  it("shows the same dossier as a print view", async () => {
    const print = await lea.browser.get(`${lea.base}/dossier/print`);
    expect(print.status).to.equal(200);
    const shown = mainText(print);
    expect(shown).to.contain("C01 — Compétence 1");
    expect(shown).to.contain("Progression régulière");
    expect(shown).to.contain("Garde aux urgences");
    expect(print.text).to.not.contain("Note privée plantée");
    expect(print.text).to.not.contain(leftOut);
  });

  it("packs the PDF and the attachments in a ZIP", async () => {
    const zip = await download(lea, "/dossier/zip");
    expect(zip.status).to.equal(200);
    expect(zip.type).to.equal("application/zip");
    const entries = unzipSync(zip.bytes);
    const names = Object.keys(entries);
    expect(names).to.have.length(2);
    expect(names[0]).to.match(/^dossier-Léa Stagiaire\.pdf$/);
    expect(names[1]).to.equal("pieces-jointes/1-compte-rendu.pdf");
    expect(Buffer.from(entries[names[1] ?? ""] ?? []).toString()).to.equal("%PDF-1.4 rapport");
  });

  it("refuses a trace that is not the learner's, or a malformed id, keeping the choice typed", async () => {
    const other = await learner(fixture, course, "Paul Autre");
    const foreign = await createTrace(other, "rsca", { title: "Trace de Paul", body_recit: "Texte" });
    const refused = await choose(lea, [chosenId, foreign.id]);
    expect(refused.status).to.equal(400);
    expect(text(refused)).to.contain("Une des traces choisies n'est pas dans votre portfolio.");
    expect(refused.text).to.match(new RegExp(`value="${chosenId}" checked`));
    const garbage = await choose(lea, ["../../etc"]);
    expect(garbage.status).to.equal(400);
    expect(garbage.text).to.contain('aria-invalid="true"');
  });

  it("gives the course's teachers the certification record, one row per learner × competence, formula-safe", async () => {
    await learner(fixture, course, '=HYPERLINK("http://evil")');
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    const csv = await download(fanny, "/certification.csv");
    expect(csv.status).to.equal(200);
    expect(csv.type).to.match(/^text\/csv/);
    const lines = Buffer.from(csv.bytes)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).to.equal(
      "learner_id,learner_lms_id,learner_name,learner_email,domain,competence_code,competence,state,state_label,level,validated_on,validators,channels",
    );
    const leaC01 = lines.find((line) => line.includes("Léa Stagiaire") && line.includes(",C01,"));
    expect(leaC01).to.match(/,validated,Validée,competent,\d{4}-\d{2}-\d{2},"Fanny Formatrice",observation$/);
    expect(lines.filter((line) => line.includes("Léa Stagiaire"))).to.have.length(6);
    expect(lines.some((line) => line.includes("'=HYPERLINK"))).to.equal(true);
    expect(lines.some((line) => /(^|,)"?=HYPERLINK/.test(line))).to.equal(false);
    const data = await fanny.browser.get(`${fanny.base}/certification.json`);
    const body = data.json() as { rows: { learner_name: string; competence_code: string; state: string }[] };
    expect(
      body.rows.find((row) => row.learner_name === "Léa Stagiaire" && row.competence_code === "C01")?.state,
    ).to.equal("validated");
    expect((await lea.browser.get(`${lea.base}/certification.csv`)).status).to.equal(403);
  });

  it("is the learner's own: a trainer of the course is refused", async () => {
    const fanny = await trainer(fixture, course, "Fanny Formatrice");
    expect((await fanny.browser.get(`${fanny.base}/dossier`)).status).to.equal(403);
    expect((await download(fanny, "/dossier/pdf")).status).to.equal(403);
  });
});

describe("a dossier over the size limit", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ env: { DOSSIER_MAX_BYTES: "150000" } });
  });
  after(async () => {
    await fixture.close();
  });

  it("says which attachments made it too big", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lea = await learner(fixture, course);
    const trace = await createTrace(lea, "rsca", { title: "Stage", body_recit: "Récit" });
    const csrf = csrfOf(trace.page.text);
    await upload(
      lea,
      trace.id,
      {
        name: "video-lourde.pdf",
        type: "application/pdf",
        bytes: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(300_000, 65)]),
      },
      csrf,
    );
    await choose(lea, [trace.id]);
    const zip = await lea.browser.get(`${lea.base}/dossier/zip`);
    expect(zip.status).to.equal(413);
    expect(mainText(zip)).to.contain("Dossier trop volumineux");
    expect(mainText(zip)).to.contain("video-lourde.pdf");
    // The PDF alone still comes.
    expect((await download(lea, "/dossier/pdf")).status).to.equal(200);
  });
});

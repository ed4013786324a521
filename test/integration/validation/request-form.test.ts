// The light request form: step 1 a checklist (competences with tagged traces suggested first), step 2
// only the chosen competences with their tagged traces ticked and one shared justification; bad input
// (nothing chosen, an unknown competence, someone else's trace, no justification) comes back as a 400
// page keeping the choices, and nothing is recorded.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { createTrace } from "../../support/portfolio.js";
import { decodeEntities, parseForms, type BrowserResponse } from "../../support/sim-lms/index.js";
import {
  learner,
  mainText,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

function checkedValues(page: BrowserResponse, name: string): string[] {
  return [...page.text.matchAll(/<input type="checkbox"[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => tag.includes(`name="${name}"`) && / checked(?=[ >])/.test(tag))
    .map((tag) => decodeEntities(/value="([^"]*)"/.exec(tag)?.[1] ?? ""));
}

function values(page: BrowserResponse, name: string): string[] {
  return [...page.text.matchAll(new RegExp(`name="${name}" value="([^"]*)"`, "g"))].map((m) =>
    decodeEntities(m[1] ?? ""),
  );
}

/** The POST form of step 2, as the browser would send it (ticked boxes only), with overrides added. */
function step2Entries(page: BrowserResponse, extra: [string, string][]): [string, string][] {
  const form = parseForms(page.text).find(
    (candidate) => candidate.method === "POST" && candidate.action.endsWith("/requests/new"),
  );
  if (!form) throw new Error(`no step 2 form on ${page.url}`);
  return [...form.entries, ...extra];
}

function expectRefused(page: BrowserResponse, message: string): void {
  expect(page.status, mainText(page).slice(0, 300)).to.equal(400);
  expect(page.text).to.contain('class="form-errors"');
  expect(mainText(page)).to.contain(message);
  const summary = /<div class="form-errors"[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? "";
  for (const anchor of [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? ""))
    expect(page.text, `#${anchor}`).to.contain(`id="${anchor}"`);
}

describe("validation: the request form in two light steps", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  let lea: Session;
  let seance: string;
  let site: string;
  let journal: string;

  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 8, domains: 2 });
    lea = await learner(fixture, course, "Léa Demande");
    await trainer(fixture, course, "Fanny Formatrice");
    seance = (
      await createTrace(lea, "note", { title: "Séance tableur", body_note: "Déroulé." }, [
        ["competence", "C02"],
        ["competence", "C06"],
      ])
    ).id;
    site = (
      await createTrace(lea, "note", { title: "Projet de site", body_note: "Mini-site." }, [
        ["competence", "C02"],
      ])
    ).id;
    journal = (await createTrace(lea, "note", { title: "Journal de bord", body_note: "Notes." })).id;
  });
  after(async () => {
    await fixture.close();
  });

  async function records(): Promise<
    Map<string, { state: string; traceIds: string[]; justification: string }>
  > {
    const list = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      await lea.userId(),
      course.frameworkId,
    );
    return new Map(
      list.map((record) => [
        record.competenceCode,
        {
          state: record.state,
          traceIds: record.evidence?.traceIds ?? [],
          justification: record.evidence?.justification ?? "",
        },
      ]),
    );
  }

  it("step 1 lists every competence once, those with tagged traces first, with their state", async () => {
    const page = await lea.browser.get(`${lea.base}/requests/new`);
    expect(page.status).to.equal(200);
    expect(values(page, "code")).to.deep.equal(["C02", "C06", "C01", "C03", "C04", "C05", "C07", "C08"]);
    const text = mainText(page);
    expect(text).to.contain("Suggérées : vous avez des traces associées");
    expect(text).to.contain("traces associées (2)");
    expect(text).to.contain("En cours");
    expect(text).to.contain("Pas commencée");
    // No field to fill yet: the page is a checklist and a "Continue" button.
    expect(page.text).not.to.contain("<textarea");
  });

  it("step 2 shows only the chosen competences, their tagged traces ticked, the others folded", async () => {
    const page = await lea.browser.get(`${lea.base}/requests/new?code=C02&code=C03&step=evidence`);
    expect(page.status).to.equal(200);
    expect(values(page, "code_1")).to.deep.equal(["C02"]);
    expect(values(page, "code_2")).to.deep.equal(["C03"]);
    expect(page.text).not.to.contain('name="code_0"');
    expect(checkedValues(page, "pick")).to.deep.equal(["1", "2"]);
    expect(checkedValues(page, "traces_1").sort()).to.deep.equal([seance, site].sort());
    expect(checkedValues(page, "traces_2")).to.deep.equal([]);
    expect(mainText(page)).to.contain("Aucune trace n'est étiquetée avec cette compétence.");
    expect(mainText(page)).to.contain("Autres traces (1)");
    expect(page.text).to.contain('name="justification"');
    // "Change the choice" goes back to step 1 with the same competences ticked.
    const edit = /href="([^"]*step=pick[^"]*)"/.exec(decodeEntities(page.text))?.[1] ?? "";
    const back = await lea.browser.get(new URL(edit, lea.base).toString());
    expect(checkedValues(back, "code")).to.deep.equal(["C02", "C03"]);
  });

  it("sends the chosen competences with their pre-selected evidence and the shared justification", async () => {
    const page = await lea.browser.get(`${lea.base}/requests/new?code=C02&code=C06&code=C03&step=evidence`);
    const sent = await lea.browser.post(
      `${lea.base}/requests/new`,
      step2Entries(page, [
        ["justification", "Séances menées en stage, voir les traces"],
        ["justification_2", "Évaluation critériée en 4e"],
        ["traces_2", journal],
      ]),
    );
    expect(sent.status, mainText(sent).slice(0, 300)).to.equal(200);
    expect(sent.url).to.match(/\/competences\?sent=3$/);
    const stored = await records();
    expect(stored.get("C02")).to.deep.include({
      state: "submitted",
      justification: "Séances menées en stage, voir les traces",
    });
    expect(stored.get("C02")?.traceIds.sort()).to.deep.equal([seance, site].sort());
    expect(stored.get("C06")?.traceIds).to.deep.equal([seance]);
    expect(stored.get("C03")).to.deep.include({
      state: "submitted",
      justification: "Évaluation critériée en 4e",
      traceIds: [journal],
    });
  });

  describe("bad input", () => {
    it("step 1 sent with nothing ticked: 400, step 1 again", async () => {
      const page = await lea.browser.get(`${lea.base}/requests/new?step=evidence`);
      expectRefused(page, "Cochez au moins une compétence.");
      expect(values(page, "code")).to.include("C01");
    });

    it("a competence that is not in the framework: 400, step 1 with the known ones still ticked", async () => {
      const page = await lea.browser.get(`${lea.base}/requests/new?code=C04&code=ZZ9&step=evidence`);
      expectRefused(page, "Une des compétences choisies n'est pas dans le référentiel du cours.");
      expect(checkedValues(page, "code")).to.deep.equal(["C04"]);
    });

    it("step 2 sent with every competence unticked: 400, the items and what was typed kept", async () => {
      const before = await records();
      const page = await lea.browser.get(`${lea.base}/requests/new?code=C04&code=C05&step=evidence`);
      const entries = step2Entries(page, [["justification", "Texte gardé"]]).filter(
        ([name]) => name !== "pick",
      );
      const refused = await lea.browser.post(`${lea.base}/requests/new`, entries);
      expectRefused(refused, "Cochez au moins une compétence.");
      expect(values(refused, "code_3")).to.deep.equal(["C04"]);
      expect(values(refused, "code_4")).to.deep.equal(["C05"]);
      expect(decodeEntities(refused.text)).to.contain("Texte gardé");
      expect(await records()).to.deep.equal(before);
    });

    it("an unknown competence posted: 400 keeping the choices", async () => {
      const before = await records();
      const page = await lea.browser.get(`${lea.base}/requests/new?code=C04&step=evidence`);
      const refused = await lea.browser.post(
        `${lea.base}/requests/new`,
        step2Entries(page, [
          ["justification", "Texte gardé"],
          ["pick", "7"],
          ["code_7", "NOPE"],
        ]),
      );
      expectRefused(refused, "Une des compétences choisies n'est pas dans le référentiel du cours.");
      expect(checkedValues(refused, "pick")).to.deep.equal(["3"]);
      expect(decodeEntities(refused.text)).to.contain("Texte gardé");
      expect(await records()).to.deep.equal(before);
    });

    it("evidence that is not the learner's: 400 keeping the choices, nothing recorded", async () => {
      const other = await learner(fixture, course, "Marc Autre");
      const { id: theirs } = await createTrace(other, "note", { title: "Trace de Marc", body_note: "x" }, [
        ["competence", "C04"],
      ]);
      const before = await records();
      const page = await lea.browser.get(`${lea.base}/requests/new?code=C04&code=C05&step=evidence`);
      const refused = await lea.browser.post(
        `${lea.base}/requests/new`,
        step2Entries(page, [
          ["justification", "Texte gardé"],
          ["traces_3", theirs],
        ]),
      );
      expectRefused(refused, "Une des traces choisies n'est pas dans votre portfolio.");
      expect(checkedValues(refused, "pick")).to.deep.equal(["3", "4"]);
      expect(decodeEntities(refused.text)).to.contain("Texte gardé");
      expect(refused.text).not.to.contain("Trace de Marc");
      expect(await records()).to.deep.equal(before);
    });

    it("no justification, shared or own: 400 on the shared field", async () => {
      const before = await records();
      const page = await lea.browser.get(`${lea.base}/requests/new?code=C04&code=C05&step=evidence`);
      const refused = await lea.browser.post(
        `${lea.base}/requests/new`,
        step2Entries(page, [["justification_3", "Seulement pour C04"]]),
      );
      expectRefused(refused, "Écrivez une justification");
      expect(refused.text).to.match(/id="justification"[^>]*aria-invalid="true"/);
      expect(decodeEntities(refused.text)).to.contain("Seulement pour C04");
      expect(await records()).to.deep.equal(before);
    });
  });
});

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { parseMoodleCsv } from "../../src/domain/frameworks/index.js";
import { getTestEnvironment } from "../support/environment.js";
import { LEARNER, TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { decodeEntities, parseForms, type Browser, type BrowserResponse } from "../support/sim-lms/index.js";

const run = promisify(execFile);
const MOODLE_EXAMPLE = readFileSync("test/fixtures/moodle-competency-example.csv", "utf8");

function csrf(page: BrowserResponse): string {
  const token = parseForms(page.text)
    .flatMap((form) => form.entries)
    .find(([name]) => name === "_csrf")?.[1];
  if (!token) throw new Error("no CSRF token on the page");
  return token;
}

describe("competence frameworks", () => {
  let fixture: LtiFixture;
  let teacher: Browser;
  let home: BrowserResponse;
  let base: string;

  before(async () => {
    fixture = await startLtiFixture();
    const launch = await fixture.launch({
      user: { ...TEACHER, sub: "fw-teacher" },
      roles: ["Instructor"],
      context: { id: "fw-course", title: "Référentiels" },
      locale: "fr",
    });
    teacher = launch.browser;
    home = launch.final;
    base = home.url.replace(/\/$/, "");
  });
  after(() => fixture.close());

  it("ships the C2i2e and general-medicine frameworks to every platform", async () => {
    const list = await fixture.carnet.services.frameworks.list(fixture.platform._id);
    const keys = list.map((f) => f.key);
    expect(keys).to.include.members(["c2i2e", "medecine-generale"]);
    const medicine = list.find((f) => f.key === "medecine-generale");
    expect(medicine?.definition.competences).to.have.length(6);
    expect(medicine?.definition.scale.levels.map((l) => l.code)).to.deep.equal([
      "novice",
      "intermediaire",
      "competent",
    ]);
    expect(medicine?.definition.source.note).to.be.a("string").and.not.empty;
  });

  /** Sends the import form to the preview, then confirms it: the import as a person does it. */
  async function previewThenImport(
    fields: Record<string, string>,
    file?: { filename: string; data: string },
  ): Promise<{ preview: BrowserResponse; imported: BrowserResponse | undefined }> {
    const page = await teacher.get(`${base}/frameworks`);
    const preview = await teacher.postMultipart(
      `${base}/frameworks/upload`,
      { _csrf: csrf(page), ...fields },
      file ? [{ field: "file", filename: file.filename, contentType: "text/plain", data: file.data }] : [],
    );
    const confirm = parseForms(preview.text).find((form) => form.action.endsWith("/frameworks/import"));
    if (!confirm) return { preview, imported: undefined };
    const imported = await teacher.post(`${base}/frameworks/import`, confirm.fields);
    return { preview, imported };
  }

  it("previews Moodle's own CSV (tree, nothing stored yet), imports it on confirmation and exports it back", async () => {
    const before = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).length;
    const page = await teacher.get(`${base}/frameworks`);
    const preview = await teacher.postMultipart(
      `${base}/frameworks/upload`,
      { _csrf: csrf(page), version: "2026" },
      [{ field: "file", filename: "example.csv", contentType: "text/csv", data: MOODLE_EXAMPLE }],
    );
    expect(preview.status).to.equal(200);
    const shown = decodeEntities(preview.text);
    expect(shown).to.contain("Avant d'importer");
    expect(shown).to.contain("44 compétences évaluables réparties en 2 domaines");
    expect(shown).to.contain("Analytical Thinking");
    // Moodle's HTML descriptions are shown sanitized, as HTML, never as raw tags.
    expect(preview.text).to.contain("<p>Achieving Results<br /></p>");
    expect((await fixture.carnet.services.frameworks.list(fixture.platform._id)).length).to.equal(before);

    const confirm = parseForms(preview.text).find((form) => form.action.endsWith("/frameworks/import"));
    if (!confirm) throw new Error("no confirmation form");
    const imported = await teacher.post(`${base}/frameworks/import`, confirm.fields);
    expect(imported.status).to.equal(200);
    expect(imported.url).to.match(/\/frameworks\?imported=/);
    expect(decodeEntities(imported.text)).to.contain("Référentiel « OECD » importé.");
    const stored = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (f) => f.version === "2026",
    );
    if (!stored) throw new Error("not stored");
    expect(stored.platformId).to.equal(fixture.platform._id);

    const exported = await teacher.get(`${base}/frameworks/${stored.id}/export.csv`);
    expect(exported.status).to.equal(200);
    expect(exported.headers.get("content-disposition")).to.match(/attachment/);
    const again = parseMoodleCsv(exported.text, { version: "2026" });
    const original = parseMoodleCsv(MOODLE_EXAMPLE, { version: "2026" });
    if (!again.ok || !original.ok) throw new Error("round trip did not parse");
    expect(again.framework).to.deep.equal(original.framework);
    expect((await teacher.get(`${base}/frameworks/${stored.id}/export.pdf`)).status).to.equal(404);
  });

  it("recognises the same content imported again, even under another version label: no second copy", async () => {
    const before = await fixture.carnet.services.frameworks.list(fixture.platform._id);
    const { preview, imported } = await previewThenImport(
      { version: "2026-bis" },
      { filename: "example.csv", data: MOODLE_EXAMPLE },
    );
    expect(imported).to.equal(undefined);
    expect(decodeEntities(preview.text)).to.contain("Ce contenu est déjà importé : « OECD », version 2026.");
    expect(await fixture.carnet.services.frameworks.list(fixture.platform._id)).to.have.length(before.length);
    // Through the repository (the CLI's path) too.
    const again = await fixture.carnet.services.frameworks.import({
      platformId: fixture.platform._id,
      text: MOODLE_EXAMPLE,
      version: "2026-ter",
    });
    expect(again.ok && again.created).to.equal(false);
    expect(again.ok && again.framework.version).to.equal("2026");
  });

  it("shows what a new version changes against the previous one before importing it", async () => {
    const changed = MOODLE_EXAMPLE.replace(
      '"Analytical Thinking"',
      '"Analytical and critical thinking"',
    ).replace(/\nlevels,level-5,[^\n]*\n[^\n]*\n/, "\n");
    expect(changed).to.not.equal(MOODLE_EXAMPLE);
    const { preview, imported } = await previewThenImport({ version: "2027", text: changed });
    const shown = decodeEntities(preview.text);
    expect(shown).to.contain("Ce qui change par rapport à la version 2026");
    expect(shown).to.contain("analytical-thinking : Analytical Thinking → Analytical and critical thinking");
    expect(shown).to.match(/Compétences retirées\s*<\/h3>\s*<ul><li>level-5<\/li>/);
    expect(imported?.status).to.equal(200);
    const versions = (await fixture.carnet.services.frameworks.list(fixture.platform._id))
      .filter((f) => f.key === "oecd-core")
      .map((f) => f.version);
    expect(versions).to.deep.equal(["2026", "2027"]);
  });

  it("refuses a bad file as a whole, listing every problem with its line, and stores nothing", async () => {
    const before = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).length;
    // Break two records far apart: an unknown parent, and an id number used twice.
    const broken = MOODLE_EXAMPLE.replace(/\nlevels,level-2,/, "\nno-such-parent,level-2,").replace(
      /\nlevels,level-4,/,
      "\nlevels,level-3,",
    );
    expect(broken).to.not.equal(MOODLE_EXAMPLE);
    const { preview: refused, imported } = await previewThenImport({ text: broken, version: "broken" });
    expect(imported).to.equal(undefined);
    expect(refused.status).to.equal(422);
    const text = decodeEntities(refused.text);
    expect(text).to.match(/Ligne \d+ :/);
    expect(text.match(/Ligne \d+ :/g)?.length).to.be.greaterThan(1);
    // The form comes back with what was typed.
    expect(text).to.contain('value="broken"');
    const after = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).length;
    expect(after).to.equal(before);
  });

  it("asks for a file when none is given, with the message next to the field", async () => {
    const { preview } = await previewThenImport({ text: "  ", version: "3" });
    expect(preview.status).to.equal(400);
    expect(decodeEntities(preview.text)).to.contain("Choisissez un fichier ou collez son contenu.");
    expect(preview.text).to.contain('value="3"');
  });

  it("refuses a malformed import form as a 400 keeping what was typed, never a 500", async () => {
    const before = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).length;
    const longVersion = "v".repeat(41);
    const tooLong = await previewThenImport({ text: MOODLE_EXAMPLE.slice(0, 200), version: longVersion });
    expect(tooLong.preview.status).to.equal(400);
    const page = decodeEntities(tooLong.preview.text);
    expect(page).to.contain(`value="${longVersion}"`);
    expect(page).to.contain("Ce texte est trop long.");
    expect(tooLong.preview.text).to.match(/id="version"[^>]*aria-invalid="true"/);
    // The pasted text comes back too, in its field.
    expect(page).to.contain(MOODLE_EXAMPLE.slice(0, 40));
    expect(tooLong.imported).to.equal(undefined);
    const after = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).length;
    expect(after).to.equal(before);
  });

  it("imports a 1EdTech CASE package from the page and exports it back as CASE", async () => {
    const caseFile = readFileSync("test/fixtures/case/hand-made-fr.json", "utf8");
    const { preview, imported } = await previewThenImport({}, { filename: "cadre.json", data: caseFile });
    expect(decodeEntities(preview.text)).to.contain("CASE 1.1 (JSON)");
    expect(decodeEntities(preview.text)).to.contain("Mener une recherche et une veille d'information");
    expect(imported?.status).to.equal(200);
    const stored = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (f) => f.key === "cadre-de-test",
    );
    if (!stored) throw new Error("CASE package not stored");
    expect(stored.version).to.equal("2024");
    const exported = await teacher.get(`${base}/frameworks/${stored.id}/export.case`);
    expect(exported.status).to.equal(200);
    expect(exported.headers.get("content-disposition")).to.contain("cadre-de-test-2024.case.json");
    const pkg = JSON.parse(exported.text) as { CFItems: { identifier: string }[] };
    const source = JSON.parse(caseFile) as { CFItems: { identifier: string }[] };
    expect(pkg.CFItems.map((item) => item.identifier).sort()).to.deep.equal(
      source.CFItems.map((item) => item.identifier).sort(),
    );
  });

  it("lets the teacher choose the course framework", async () => {
    const page = await teacher.get(`${base}/frameworks`);
    const medicine = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (f) => f.key === "medecine-generale",
    );
    if (!medicine) throw new Error("missing");
    const chosen = await teacher.post(`${base}/frameworks/course`, {
      _csrf: csrf(page),
      frameworkId: medicine.id,
    });
    expect(chosen.status).to.equal(200);
    expect(decodeEntities(chosen.text)).to.contain("Le référentiel du cours est maintenant");
    const forCourse = await fixture.carnet.services.frameworks.forPlacement({
      platformId: fixture.platform._id,
      deploymentId: "1",
      contextId: "fw-course",
      resourceLinkId: null,
    });
    expect(forCourse?.id).to.equal(medicine.id);
  });

  it("keeps learners out of framework management", async () => {
    const launch = await fixture.launch({
      user: { ...LEARNER, sub: "fw-learner" },
      roles: ["Learner"],
      context: { id: "fw-course" },
    });
    const page = await launch.browser.get(`${launch.final.url.replace(/\/$/, "")}/frameworks`);
    expect(page.status).to.equal(403);
  });

  it("refuses a form post without the CSRF token", async () => {
    const refused = await teacher.post(`${base}/frameworks/course`, { frameworkId: "x" });
    expect(refused.status).to.equal(403);
  });

  describe("npm run carnet -- framework …", () => {
    let env: NodeJS.ProcessEnv;
    before(async () => {
      const environment = await getTestEnvironment();
      env = {
        ...process.env,
        MONGODB_URI: environment.database.uri,
        LTI_KEY: "test-lti-key-0123456789abcdef0123456789abcdef",
        LOG_LEVEL: "error",
        LANG: "fr_FR.UTF-8",
      };
    });
    const carnet = (...args: string[]): Promise<{ stdout: string; stderr: string }> =>
      run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env, timeout: 60_000 });

    it("imports, lists and exports a framework", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "carnet-fw-"));
      const file = path.join(dir, "framework.csv");
      writeFileSync(file, MOODLE_EXAMPLE);
      const imported = await carnet(
        "framework",
        "import",
        file,
        "--format",
        "moodle-csv",
        "--version",
        "cli-1",
      );
      const id = /as ([\w-]+) \(\d+ competences\)/.exec(imported.stdout)?.[1];
      expect(id, imported.stdout).to.be.a("string");
      const list = JSON.parse((await carnet("framework", "list", "--json")).stdout) as {
        id: string;
        version: string;
      }[];
      expect(list.some((f) => f.id === id && f.version === "cli-1")).to.equal(true);
      const exported = await carnet("framework", "export", id ?? "", "--format", "json");
      expect(JSON.parse(exported.stdout)).to.include({ version: "cli-1" });
    });

    it("refuses a bad file with every problem by line and a non-zero exit", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "carnet-fw-"));
      const file = path.join(dir, "bad.json");
      writeFileSync(file, '{\n  "key": "Bad Key",\n  "version": "1"\n}\n');
      try {
        await carnet("framework", "import", file);
        expect.fail("the import should have failed");
      } catch (error) {
        const { stderr, code } = error as { stderr: string; code: number };
        expect(code).to.equal(1);
        expect(stderr).to.contain("refusé en entier");
        expect(stderr).to.match(/Ligne 2 :/);
      }
    });
  });
});

// The learner's and the learner file's forms with bad input: each form posted with missing, malformed
// or over-long fields comes back as a 400 page keeping what was typed, with the error summary linking
// to fields that exist (never a 500, nothing recorded); ids that cannot exist are 404s.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { csrfOf } from "../../support/portfolio.js";
import { decodeEntities, type BrowserResponse } from "../../support/sim-lms/index.js";
import {
  actorOf,
  learner,
  mainText,
  setupCourse,
  trainer,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

const KEPT = "Ce que j'ai tapé reste là";
const LONG = `${KEPT} ${"x".repeat(4100)}`;

/** The refused page: 400, the summary, what was typed, and every summary link landing on a field. */
function expectSentBack(page: BrowserResponse, kept = KEPT): void {
  expect(page.status, mainText(page).slice(0, 300)).to.equal(400);
  expect(page.text).to.contain('class="form-errors"');
  expect(decodeEntities(page.text), mainText(page)).to.contain(kept);
  const summary = /<div class="form-errors"[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? "";
  const anchors = [...summary.matchAll(/href="#([^"]+)"/g)].map((match) => match[1] ?? "");
  expect(anchors, "summary links").to.not.be.empty;
  for (const anchor of anchors) expect(page.text, `#${anchor}`).to.contain(`id="${anchor}"`);
}

describe("validation: the learner's forms and the learner file's forms with bad input", () => {
  let fixture: LtiFixture;
  let course: TestCourse;
  let lea: Session;
  let fanny: Session;
  let leaId: string;
  let csrf: { lea: string; fanny: string };

  before(async () => {
    fixture = await startLtiFixture();
    course = await setupCourse(fixture, { leaves: 3 });
    lea = await learner(fixture, course, "Léa Stagiaire");
    fanny = await trainer(fixture, course, "Fanny Formatrice");
    leaId = await lea.userId();
    // C02 waits for more evidence (the resubmission form shows), C03 has a proposal to answer.
    const { service } = fixture.carnet.services.validation;
    const asLea = await actorOf(fixture, lea, course, ["learner"]);
    const asFanny = await actorOf(fixture, fanny, course, ["teacher"]);
    await service.requestValidation(asLea, {
      frameworkId: course.frameworkId,
      basis: "traces",
      validatorIds: [],
      items: [{ code: "C02", justification: "Séance", traceIds: [] }],
    });
    const target = (code: string) => ({
      scope: course.scope,
      learnerId: leaId,
      frameworkId: course.frameworkId,
      code,
    });
    await service.perform(asFanny, target("C02"), {
      action: "ask_more_evidence",
      channel: "online",
      comment: "Plus",
    });
    await service.perform(asFanny, target("C03"), {
      action: "propose",
      channel: "proposal",
      level: "competent",
      comment: "Vu en classe",
    });
    csrf = {
      lea: csrfOf((await lea.browser.get(`${lea.base}/competences/${course.frameworkId}/C01`)).text),
      fanny: csrfOf((await fanny.browser.get(`${fanny.base}/learners/${leaId}`)).text),
    };
  });
  after(async () => {
    await fixture.close();
  });

  const own = (suffix: string, code = "C01"): string =>
    `${lea.base}/competences/${course.frameworkId}/${code}/${suffix}`;
  const file = (suffix: string): string => `${fanny.base}/learners/${leaId}${suffix}`;
  const trainerPage = (suffix: string): string => file(`/competences/${course.frameworkId}/C01/${suffix}`);

  /** Each competence's revision: a refused form changes none. */
  async function revisions(): Promise<Record<string, number>> {
    const records = await fixture.carnet.services.validation.records.forLearner(
      course.scope,
      leaId,
      course.frameworkId,
    );
    // A refused action may create the empty record it was about (rev 0): nothing is recorded in it.
    return Object.fromEntries(
      records.filter((record) => record.rev > 0).map((record) => [record.competenceCode, record.rev]),
    );
  }

  const learnerCases: {
    what: string;
    path: string;
    code?: string;
    fields: [string, string][];
    kept?: string;
  }[] = [
    { what: "a self-assessment without a level", path: "self-assessment", fields: [["comment", KEPT]] },
    {
      what: "a self-assessment with a level over 100 characters",
      path: "self-assessment",
      fields: [
        ["level", "y".repeat(150)],
        ["comment", KEPT],
      ],
    },
    {
      what: "a self-assessment with an over-long justification",
      path: "self-assessment",
      fields: [
        ["level", "novice"],
        ["comment", LONG],
      ],
    },
    {
      what: "a self-assessment with a revision that is not a number",
      path: "self-assessment",
      fields: [
        ["level", "novice"],
        ["rev", "douze"],
        ["comment", KEPT],
      ],
    },
    {
      what: "a self-assessment citing a trace that is not the learner's",
      path: "self-assessment",
      fields: [
        ["level", "novice"],
        ["traceIds", "not-a-trace"],
        ["comment", KEPT],
      ],
    },
    {
      what: "a resubmission through a channel that does not exist",
      path: "resubmit",
      code: "C02",
      fields: [
        ["channel", "pigeon"],
        ["comment", KEPT],
      ],
    },
    {
      what: "a proposal answer that is neither accept nor decline",
      path: "proposal",
      code: "C03",
      fields: [
        ["answer", "maybe"],
        ["comment", KEPT],
      ],
    },
    {
      what: "an empty comment",
      path: "comments",
      fields: [["comment", "   "]],
      kept: "Un motif écrit est nécessaire",
    },
    { what: "an over-long comment", path: "comments", fields: [["comment", LONG]] },
  ];
  for (const { what, path, code, fields, kept } of learnerCases) {
    it(`answers ${what} with a 400 page keeping what was typed`, async () => {
      const before = await revisions();
      const refused = await lea.browser.post(own(path, code), [["_csrf", csrf.lea], ...fields]);
      expectSentBack(refused, kept);
      expect(await revisions()).to.deep.equal(before);
    });
  }

  const requestCases: { what: string; fields: [string, string][] }[] = [
    {
      what: "nothing picked",
      fields: [
        ["code_0", "C01"],
        ["justification_0", KEPT],
      ],
    },
    {
      what: "an over-long justification",
      fields: [
        ["pick", "0"],
        ["code_0", "C01"],
        ["justification_0", LONG],
      ],
    },
    {
      what: "a basis that does not exist",
      fields: [
        ["basis", "hearsay"],
        ["pick", "0"],
        ["code_0", "C01"],
        ["justification_0", KEPT],
      ],
    },
    {
      what: "a validator who may not validate here",
      fields: [
        ["validators", "someone-else"],
        ["pick", "0"],
        ["code_0", "C01"],
        ["justification_0", KEPT],
      ],
    },
    {
      what: "a level the framework does not have",
      fields: [
        ["pick", "0"],
        ["code_0", "C01"],
        ["level_0", "expert"],
        ["justification_0", KEPT],
      ],
    },
  ];
  for (const { what, fields } of requestCases) {
    it(`answers a request with ${what} with a 400 page keeping what was typed`, async () => {
      const before = await revisions();
      const refused = await lea.browser.post(`${lea.base}/requests/new`, [["_csrf", csrf.lea], ...fields]);
      expectSentBack(refused);
      expect(await revisions()).to.deep.equal(before);
    });
  }

  const fileCases: { what: string; path: string; fields: [string, string][]; kept?: string }[] = [
    { what: "an empty note", path: "/notes", fields: [["note", ""]], kept: "Un motif écrit est nécessaire" },
    { what: "an over-long note", path: "/notes", fields: [["note", LONG]] },
    {
      what: "a contact on a day that is not one",
      path: "/contacts",
      fields: [
        ["date", "hier"],
        ["channel", "phone"],
        ["contactNote", KEPT],
      ],
    },
    {
      what: "a contact through a channel not offered",
      path: "/contacts",
      fields: [
        ["date", "2026-01-10"],
        ["channel", "pigeon"],
        ["contactNote", KEPT],
      ],
    },
    {
      what: "a contact in the future",
      path: "/contacts",
      fields: [
        ["date", "2999-01-10"],
        ["channel", "phone"],
        ["contactNote", KEPT],
      ],
    },
    {
      what: "an over-long contact note",
      path: "/contacts",
      fields: [
        ["date", "2026-01-10"],
        ["channel", "phone"],
        ["contactNote", `${KEPT} ${"z".repeat(300)}`],
      ],
    },
  ];
  for (const { what, path, fields, kept } of fileCases) {
    it(`answers ${what} with a 400 page keeping what was typed`, async () => {
      const refused = await fanny.browser.post(file(path), [["_csrf", csrf.fanny], ...fields]);
      expectSentBack(refused, kept);
      const contacts = await fixture.carnet.services.validation.files.contacts(
        course.scope.platformId,
        leaId,
      );
      expect(contacts).to.deep.equal([]);
    });
  }

  const trainerCases: { what: string; path: string; fields: [string, string][]; kept?: string }[] = [
    {
      what: "an action that does not exist",
      path: "actions",
      fields: [
        ["action", "burn"],
        ["comment", KEPT],
      ],
      // No form of the page sends this: the refusal is said, there is no form to refill.
      kept: "Choix non valable",
    },
    {
      what: "an observation without its note",
      path: "actions",
      fields: [
        ["action", "observe"],
        ["level", "competent"],
      ],
      kept: "Un motif écrit est nécessaire",
    },
    {
      what: "an observation at a level that is not acquired",
      path: "actions",
      fields: [
        ["action", "observe"],
        ["level", "novice"],
        ["comment", KEPT],
      ],
    },
    { what: "an over-long comment", path: "comments", fields: [["comment", LONG]] },
  ];
  for (const { what, path, fields, kept } of trainerCases) {
    it(`answers a trainer's ${what} with a 400 page keeping what was typed`, async () => {
      const before = await revisions();
      const refused = await fanny.browser.post(trainerPage(path), [["_csrf", csrf.fanny], ...fields]);
      expectSentBack(refused, kept);
      expect(await revisions()).to.deep.equal(before);
    });
  }

  describe("the paper form (multipart)", () => {
    const scans = (): Promise<number> =>
      fixture.carnet.services.models.User.db.collection("validation_scans.files").countDocuments();
    const pdf = {
      field: "scan",
      filename: "fiche.pdf",
      contentType: "application/pdf",
      data: "%PDF-1.4\n%%EOF\n",
    };

    it("keeps what was typed and stores no scan when the scan is missing", async () => {
      const before = await scans();
      const refused = await fanny.browser.postMultipart(
        trainerPage("paper"),
        { _csrf: csrf.fanny, externalName: KEPT, level: "competent", comment: "Fiche de visite" },
        [],
      );
      expectSentBack(refused);
      expect(await scans()).to.equal(before);
    });

    it("keeps what was typed and removes the scan when the signatory is missing", async () => {
      const before = await scans();
      const refused = await fanny.browser.postMultipart(
        trainerPage("paper"),
        { _csrf: csrf.fanny, externalName: "", level: "competent", comment: KEPT },
        [pdf],
      );
      expectSentBack(refused);
      expect(await scans()).to.equal(before);
    });

    it("keeps what was typed and removes the scan when a field is over-long", async () => {
      const before = await scans();
      const refused = await fanny.browser.postMultipart(
        trainerPage("paper"),
        {
          _csrf: csrf.fanny,
          externalName: `${KEPT} ${"n".repeat(250)}`,
          level: "competent",
          comment: "Fiche",
        },
        [pdf],
      );
      expectSentBack(refused);
      expect(await scans()).to.equal(before);
    });
  });

  it("answers 404 for path parameters that cannot exist", async () => {
    for (const url of [
      `${fanny.base}/learners/..%2F..%2Fadmin`,
      `${fanny.base}/learners/${leaId}/competences/${"f".repeat(150)}/C01`,
      `${fanny.base}/scans/not-a-scan`,
    ]) {
      expect((await fanny.browser.get(url)).status, url).to.equal(404);
    }
    const overLong = `${lea.base}/competences/${course.frameworkId}/${"c".repeat(250)}`;
    expect((await lea.browser.get(overLong)).status).to.equal(404);
  });
});

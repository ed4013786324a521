import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { pdfText } from "../support/pdf-text.js";
import { Browser, decodeEntities } from "../support/sim-lms/index.js";
import {
  formOf,
  learner,
  mainText,
  setupCourse,
  text,
  trainer,
  type Session,
} from "../support/validation.js";

const DAY = 24 * 60 * 60 * 1000;

/** The members' links as the jury page shows them, in the order the members were typed. */
function linksOn(html: string): string[] {
  return [...html.matchAll(/<input id="link-\d+" readonly value="([^"]+)"/g)].map((match) =>
    decodeEntities(match[1] ?? ""),
  );
}

async function createJury(lead: Session, fields: Record<string, string>, learners: string[]) {
  const page = await lead.browser.get(`${lead.base}/juries`);
  expect(page.status).to.equal(200);
  const form = formOf(page, "/juries");
  return lead.browser.post(`${lead.base}/juries`, [
    ["_csrf", form.fields._csrf ?? ""],
    ...Object.entries(fields),
    ...learners.map((id): [string, string] => ["learners", id]),
  ]);
}

describe("jury access: signed, personal, expiring, revocable links to the jury's dossiers only", () => {
  const clock = new ManualClock(new Date("2026-12-01T09:00:00Z"));
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ clock });
  });
  after(async () => {
    await fixture.close();
  });

  it("lets a member read the learners of their jury during its period, and nothing else", async () => {
    const course = await setupCourse(fixture, { leaves: 4 });
    const lea = await learner(fixture, course, "Léa Stagiaire");
    const paul = await learner(fixture, course, "Paul Horsjury");
    const lead = await trainer(fixture, course, "Claire Coordinatrice");
    const [leaId, paulId] = [await lea.userId(), await paul.userId()];

    // A period already over is refused with its reason, what was typed kept.
    const past = await createJury(
      lead,
      {
        title: "Commission DES",
        members: "Dr Anne Martin <anne@example.org>",
        validFrom: "2026-11-01",
        validUntil: "2026-11-30",
      },
      [leaId],
    );
    expect(past.status).to.equal(400);
    expect(text(past)).to.contain("Cette période est déjà passée");
    expect(past.text).to.contain('value="Commission DES"');
    expect(decodeEntities(past.text)).to.contain("Dr Anne Martin <anne@example.org>");

    const created = await createJury(
      lead,
      {
        title: "Commission DES",
        members: "Dr Anne Martin <anne@example.org>\nJean Juré, jean@example.org",
        validFrom: "2026-12-01",
        validUntil: "2026-12-10",
      },
      [leaId],
    );
    expect(created.status).to.equal(200);
    const [anneLink, jeanLink] = linksOn(created.text);
    expect(anneLink).to.match(/\/jury\/open\//);
    expect(jeanLink).to.match(/\/jury\/open\//);

    const anne = new Browser();
    const home = await anne.get(anneLink ?? "");
    expect(home.status).to.equal(200);
    expect(home.url).to.match(/\/jury$/);
    expect(mainText(home)).to.contain("Léa Stagiaire");
    expect(mainText(home)).to.not.contain("Paul Horsjury");
    const origin = new URL(home.url).origin;
    const dossier = await anne.get(`${origin}/jury/learners/${leaId}`);
    expect(dossier.status).to.equal(200);
    expect(mainText(dossier)).to.contain("C01 — Compétence 1");
    const cookie = anne.jar.cookieHeader(`${origin}/jury/learners/${leaId}/pdf`);
    const pdf = await fetch(`${origin}/jury/learners/${leaId}/pdf`, { headers: cookie ? { cookie } : {} });
    expect(pdf.status).to.equal(200);
    expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).to.contain("Léa Stagiaire");
    // Another learner of the course is not the jury's: as if it did not exist.
    expect((await anne.get(`${origin}/jury/learners/${paulId}`)).status).to.equal(404);

    // Every reading is in the audit log, by link, with no name.
    const reads = await fixture.carnet.services.audit.list({ action: "jury.dossier_read", limit: 20 });
    expect(reads.some((entry) => entry.details?.learner === leaId)).to.equal(true);
    expect(JSON.stringify(reads)).to.not.contain("Anne");

    // The same link in someone else's browser: refused, with whom to ask.
    const stranger = await new Browser().get(anneLink ?? "");
    expect(stranger.status).to.equal(403);
    expect(text(stranger)).to.contain("Ce lien n'est plus valable");
    expect(text(stranger)).to.contain("déjà été ouvert dans un autre navigateur");
    expect(text(stranger)).to.contain("Claire Coordinatrice");
    expect(stranger.text).to.not.contain("Léa Stagiaire");

    // A signature altered by one character fails.
    const tampered = (jeanLink ?? "").replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    const altered = await new Browser().get(tampered);
    expect(altered.status).to.equal(403);
    expect(text(altered)).to.contain("a été modifié");
    expect(altered.text).to.not.contain("Léa Stagiaire");

    // A revoked link opens nothing.
    const jury = await lead.browser.get(created.url);
    const revoke = formOf(jury, `/revoke`);
    const forms = [...jury.text.matchAll(/action="([^"]+\/revoke)"/g)].map((match) => match[1] ?? "");
    expect(forms).to.have.length(2);
    const revoked = await lead.browser.post(new URL(forms[1] ?? "", jury.url).toString(), {
      _csrf: revoke.fields._csrf ?? "",
    });
    expect(revoked.status).to.equal(200);
    expect(text(revoked)).to.contain("révoqué");
    const jean = await new Browser().get(jeanLink ?? "");
    expect(jean.status).to.equal(403);
    expect(text(jean)).to.contain("Ce lien a été révoqué.");

    // After the period, even the member's own browser gets nothing.
    clock.advance(10 * DAY);
    const after = await anne.get(`${origin}/jury`);
    expect(after.status).to.equal(403);
    expect(text(after)).to.contain("La période pour laquelle ce lien a été donné est terminée.");
    expect((await anne.get(`${origin}/jury/learners/${leaId}`)).status).to.equal(403);
  });

  it("is for who teaches in the course: a learner gets a 403", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lea = await learner(fixture, course);
    expect((await lea.browser.get(`${lea.base}/juries`)).status).to.equal(403);
  });
});

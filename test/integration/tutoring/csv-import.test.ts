// Importing tutors from a file: the dry run names every problem by its line and saves nothing; the
// import itself writes only a file without problems, and running it twice changes nothing more.
import { expect } from "chai";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launch, learner, mainText, setupCourse, text, trainer, unique } from "../../support/validation.js";
import { MENTOR, postIn, relationsOf } from "../../support/tutoring.js";
import type { BrowserResponse } from "../../support/sim-lms/index.js";

describe("tutoring: CSV import with a dry run", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  async function applyFrom(
    page: BrowserResponse,
    session: { browser: { post: (url: string, form: [string, string][]) => Promise<BrowserResponse> } },
  ) {
    const action = /<form method="post" action="([^"]+\/apply)"/.exec(page.text)?.[1];
    if (!action) throw new Error("no apply form");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    return session.browser.post(new URL(action, page.url).toString(), [["_csrf", csrf]]);
  }

  it("reports unknown people, duplicate rows, a tutee assigned twice and learners of another course by line, saving nothing", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const other = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const tomSub = unique("tom");
    await launch(fixture, {
      sub: tomSub,
      name: "Tom Tuteur",
      email: `${tomSub}@ex.test`,
      roles: [MENTOR],
      context: course.context,
    });
    const annSub = unique("ann");
    await launch(fixture, {
      sub: annSub,
      name: "Ann Tutrice",
      email: `${annSub}@ex.test`,
      roles: [MENTOR],
      context: course.context,
    });
    const leaSub = unique("lea");
    const lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
    const hugoSub = unique("hugo");
    const hugo = await learner(fixture, course, "Hugo Interne", hugoSub);
    const outsiderSub = unique("out");
    const outsider = await learner(fixture, other, "Olga Ailleurs", outsiderSub);

    const csv = [
      "tuteur;tutoré;groupe;type",
      `${tomSub}@EX.test;${leaSub}@example.test;Groupe A;tuteur`,
      `${tomSub}@ex.test;${leaSub}@example.test;Groupe A;tuteur`,
      `${annSub}@ex.test;${leaSub}@example.test;;`,
      `personne@nulle.part;${hugoSub}@example.test;;`,
      `${tomSub}@ex.test;${outsiderSub}@example.test;;`,
      `${annSub}@ex.test;${hugoSub}@example.test;;chef`,
    ].join("\n");
    const checked = await postIn(lead, "/tutoring/import", { csv });
    expect(checked.status).to.equal(200);
    const body = mainText(checked);
    expect(body).to.contain("5 problèmes à corriger");
    expect(body).to.contain("Ligne 3 — même ligne que la ligne 2 (Léa Stagiaire).");
    expect(body).to.contain("Ligne 4 — Léa Stagiaire reçoit déjà un·e tuteur·rice de ce type à la ligne 2.");
    expect(body).to.contain("Ligne 5 — personne dans Carnet avec « personne@nulle.part » (Tuteur·rice)");
    expect(body).to.contain("Ligne 6 — Olga Ailleurs n'est pas apprenant·e de ce cours");
    expect(body).to.contain("Ligne 7 — type « chef » inconnu");
    expect(checked.text).not.to.match(/action="[^"]*\/apply"/);
    for (const session of [lea, hugo, outsider])
      expect(await relationsOf(fixture, await session.userId())).to.deep.equal([]);

    // Corrected: Tom tutors Léa in group A, Ann is Hugo's peer tutor. One click imports; twice changes nothing.
    const fixed = [
      `${tomSub}@ex.test\t${leaSub}\tGroupe A\ttuteur`,
      `${annSub}\t${hugoSub}@example.test\t\tpair`,
    ].join("\n");
    const clean = await postIn(lead, "/tutoring/import", { csv: fixed });
    expect(mainText(clean)).to.contain("2 lignes prêtes");
    expect(mainText(clean)).to.contain("Groupes créés : « Groupe A »");
    const done = await applyFrom(clean, lead);
    expect(done.status).to.equal(200);
    expect(text(done)).to.contain("Import terminé : 2 nouvelles relations de tutorat.");
    expect(mainText(done)).to.contain("Tuteur·rice : Tom Tuteur · 1 apprenant·e");
    const [leaRelation] = await relationsOf(fixture, await lea.userId());
    expect(leaRelation).to.include({ kind: "tutor", source: "import" });
    const [hugoRelation] = await relationsOf(fixture, await hugo.userId());
    expect(hugoRelation).to.include({ kind: "peer", source: "import" });

    const again = await postIn(lead, "/tutoring/import", { csv: fixed });
    expect(mainText(again)).to.contain("déjà en place");
    const second = await applyFrom(again, lead);
    expect(text(second)).to.contain("Import terminé : 0 nouvelle relation de tutorat.");
    expect(await relationsOf(fixture, await lea.userId())).to.have.length(1);
  });

  it("refuses to import a draft that became wrong in between, and keeps drafts to their author", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const colleague = await trainer(fixture, course, "Claire Collègue");
    const tomSub = unique("tom");
    await launch(fixture, { sub: tomSub, name: "Tom Tuteur", roles: [MENTOR], context: course.context });
    const leaSub = unique("lea");
    const lea = await learner(fixture, course, "Léa Stagiaire", leaSub);
    const checked = await postIn(lead, "/tutoring/import", { csv: `${tomSub};${leaSub}` });
    const draftUrl = checked.url;
    expect((await colleague.browser.get(draftUrl.replace(lead.base, colleague.base))).status).to.equal(404);
    // Meanwhile a colleague makes a group "Groupe B" with someone else … and the file now names it.
    const withGroup = await postIn(lead, "/tutoring/import", { csv: `${tomSub};${leaSub};Groupe B` });
    await postIn(colleague, "/tutoring/groups", { groupName: "Groupe B", tutorId: await colleague.userId() });
    const refused = await applyFrom(withGroup, lead);
    expect(mainText(refused)).to.contain("le groupe « Groupe B » a un·e autre tuteur·rice.");
    expect(await relationsOf(fixture, await lea.userId())).to.deep.equal([]);
  });
});

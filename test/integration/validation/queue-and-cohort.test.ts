import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import type { Actor } from "../../../src/domain/actor.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import {
  actorOf,
  setupCourse,
  text,
  trainer,
  unique,
  type Session,
  type TestCourse,
} from "../../support/validation.js";

const DAY = 86_400_000;

describe("validation: the queue and the cohort matrix on a seeded cohort", () => {
  const clock = new ManualClock(new Date("2026-01-05T08:00:00Z"));
  let fixture: LtiFixture;
  let course: TestCourse;
  let fanny: Session;
  let teacherActor: Actor;
  const learners: Record<string, string> = {};

  /** A learner known from a past launch (membership source "launch"), created through Carnet's records. */
  async function seedLearner(name: string, lastLaunchAt: Date): Promise<string> {
    const { User, Membership } = fixture.carnet.services.models;
    const id = randomUUID();
    await User.create({
      _id: id,
      platformId: course.scope.platformId,
      sub: unique("seed"),
      name,
      createdAt: lastLaunchAt,
      lastLaunchAt,
    });
    await Membership.create({
      _id: randomUUID(),
      ...course.scope,
      userId: id,
      ltiRoles: ["Learner"],
      roles: ["learner"],
      source: "launch",
      status: "Active",
      lastLaunchAt,
      updatedAt: lastLaunchAt,
    });
    return id;
  }

  function asLearner(userId: string): Actor {
    return { ...teacherActor, userId, roles: ["learner"], launchId: "seed" };
  }

  before(async () => {
    fixture = await startLtiFixture({ clock });
    course = await setupCourse(fixture, { leaves: 6, domains: 2, reminderAfterDays: 14 });
    fanny = await trainer(fixture, course);
    teacherActor = await actorOf(fixture, fanny, course, ["teacher"]);
    const { service } = fixture.carnet.services.validation;
    const t0 = clock.now();
    learners.alice = await seedLearner("Alice Avancée", t0);
    learners.bruno = await seedLearner("Bruno Silencieux", t0);
    learners.chloe = await seedLearner("Chloé Àcompléter", t0);

    // Alice: three validated, then a request that will wait.
    const alice = asLearner(learners.alice);
    await service.requestValidation(alice, {
      frameworkId: course.frameworkId,
      basis: "traces",
      validatorIds: [],
      items: ["C01", "C02", "C03"].map((code) => ({ code, justification: "Séquence", traceIds: [] })),
    });
    for (const code of ["C01", "C02", "C03"]) {
      await service.perform(
        teacherActor,
        { scope: course.scope, learnerId: learners.alice, frameworkId: course.frameworkId, code },
        { action: "validate", channel: "online", level: "competent", comment: "Validé" },
      );
    }
    await service.requestValidation(alice, {
      frameworkId: course.frameworkId,
      basis: "traces",
      validatorIds: [await fanny.userId()],
      items: [{ code: "C04", justification: "Projet", traceIds: [] }],
    });
    // Bruno self-assessed once, long ago.
    await service.perform(
      asLearner(learners.bruno),
      { scope: course.scope, learnerId: learners.bruno, frameworkId: course.frameworkId, code: "C05" },
      { action: "self_assess", channel: "online", level: "novice" },
    );
    clock.advance(10 * DAY);
    // Chloé asked later and was asked for more.
    await service.requestValidation(asLearner(learners.chloe), {
      frameworkId: course.frameworkId,
      basis: "traces",
      validatorIds: [],
      items: [
        { code: "C06", justification: "Stage", traceIds: [] },
        { code: "C01", justification: "Classe", traceIds: [] },
      ],
    });
    await service.perform(
      teacherActor,
      { scope: course.scope, learnerId: learners.chloe, frameworkId: course.frameworkId, code: "C06" },
      { action: "ask_more_evidence", channel: "online", comment: "Précisez" },
    );
    await fixture.carnet.services.models.Membership.updateOne(
      { ...course.scope, userId: learners.chloe },
      { $set: { lastLaunchAt: clock.now() } },
    );
    // Dora is only in the LMS roster: she never opened Carnet.
    fixture.lms.addMember(course.context.id, {
      userId: unique("dora"),
      roles: ["Learner"],
      name: "Dora Jamais",
    });
    clock.advance(25 * DAY);
  });
  after(async () => {
    await fixture.close();
  });

  async function trainerSession(): Promise<Session> {
    return trainer(
      fixture,
      course,
      "Fanny Formatrice",
      (await fixture.carnet.services.models.User.findById(await fanny.userId()).lean())?.sub,
    );
  }

  it("lists pending requests oldest first, with waiting time, overdue flag and who they are addressed to", async () => {
    const session = await trainerSession();
    const queue = await session.browser.get(`${session.base}/validation/queue`);
    expect(queue.status).to.equal(200);
    const body = text(queue);
    const alice = body.indexOf("Alice Avancée");
    const chloe = body.indexOf("Chloé Àcompléter");
    expect(alice).to.be.greaterThan(-1);
    expect(chloe).to.be.greaterThan(alice);
    expect(body).to.contain("en attente depuis 35 jours");
    expect(body).to.contain("en attente depuis 25 jours");
    expect(body).to.contain("2 en retard");
    // Addressed to the reader: said once, as "me" (issue 15: it read "moi à moi").
    expect(body).to.contain("Adressée à : moi");
    expect(body).to.not.contain("moi à moi");
    expect(body).to.not.contain("Bruno Silencieux");
    // Chloé's C06 waits for her, not for a validator: only C01 is in the queue.
    expect(body).to.match(/Chloé Àcompléter En retard en attente depuis 25 jours 1 compétence C01 /);
    const mine = await session.browser.get(`${session.base}/validation/queue?show=mine`);
    expect(text(mine)).to.contain("Alice Avancée");
    expect(text(mine)).to.not.contain("Chloé Àcompléter");
    // The nav badge counts the requests waiting.
    expect(queue.text).to.match(
      /À valider <span class="count" aria-label="2 demande\(s\) en attente">2<\/span>/,
    );
  });

  it("shows learners × competences with state codes and labels, and the learners who never launched", async () => {
    const session = await trainerSession();
    const matrix = await session.browser.get(`${session.base}/cohort`);
    expect(matrix.status).to.equal(200);
    const rows = [...matrix.text.matchAll(/<tr><th scope=row[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).to.have.length(4);
    // Cells with something in them link to the competence behind them; the cells' text is read without.
    const linked = (name: string): string => rows.find((r) => r.includes(name)) ?? "";
    const row = (name: string): string =>
      linked(name).replace(/<td([^>]*)><a href="[^"]*">([^<]*)<\/a>/g, "<td$1>$2");
    expect(linked("Alice Avancée")).to.match(
      /<td class=m-va title="Validée — compétent"><a href="\/l\/[\w-]+\/learners\/[^/"]+\/competences\/[^/"]+\/C01">V<\/a>/,
    );
    expect(linked("Chloé Àcompléter")).to.match(/<td class=m-me><a href="[^"]+\/C06">ÀC<\/a><\/tr>/);
    // Columns C01…C06: Alice has C01–C03 validated and C04 waiting.
    expect(row("Alice Avancée")).to.contain(
      '</th><td class=m-va title="Validée — compétent">V<td class=m-va title="Validée — compétent">V<td class=m-va title="Validée — compétent">V<td class=m-su>ATT<td class=m-n>·<td class=m-n>·</tr>',
    );
    expect(row("Alice Avancée")).to.contain(
      "<span class=matrix__meta>3/6 · <span class=overdue>attend depuis 35 j</span>",
    );
    expect(row("Bruno Silencieux")).to.contain(
      '<td class=m-sa title="Auto-évaluée — novice">AÉ<td class=m-n>·</tr>',
    );
    expect(row("Chloé Àcompléter")).to.contain("<td class=m-su>ATT");
    expect(row("Chloé Àcompléter")).to.contain("<td class=m-me>ÀC</tr>");
    expect(matrix.text).to.contain("ATT : En attente de validation");
    expect(row("Dora Jamais")).to.contain("jamais connecté·e");
    expect(matrix.text).to.contain('<th scope="col"><abbr title="Compétence 1">C01</abbr></th>');
    expect(fixture.lms.nrpsCalls.length).to.be.greaterThan(0);
  });

  it("filters by state, waiting time, inactivity and never-launched, and sorts", async () => {
    const session = await trainerSession();
    const names = async (query: string): Promise<string[]> => {
      const page = await session.browser.get(`${session.base}/cohort?${query}`);
      expect(page.status).to.equal(200);
      return [...page.text.matchAll(/<th scope=row class=matrix__who><a [^>]*>([^<]+)<\/a>/g)].map(
        (m) => m[1] ?? "",
      );
    };
    expect(await names("state=more_evidence")).to.deep.equal(["Chloé Àcompléter"]);
    expect(await names("waiting=30")).to.deep.equal(["Alice Avancée"]);
    expect(await names("waiting=20")).to.have.members(["Alice Avancée", "Chloé Àcompléter"]);
    expect(await names("inactive=5")).to.have.members(["Alice Avancée", "Bruno Silencieux", "Dora Jamais"]);
    expect(await names("never=1")).to.deep.equal(["Dora Jamais"]);
    expect(await names("sort=progress")).to.deep.equal([
      "Bruno Silencieux",
      "Chloé Àcompléter",
      "Dora Jamais",
      "Alice Avancée",
    ]);
    expect(await names("sort=waiting")).to.deep.equal([
      "Alice Avancée",
      "Chloé Àcompléter",
      "Bruno Silencieux",
      "Dora Jamais",
    ]);
    const domain = await session.browser.get(`${session.base}/cohort?domain=D2`);
    expect(domain.text).to.not.contain('<abbr title="Compétence 1">C01</abbr>');
    expect(domain.text).to.contain('<abbr title="Compétence 4">C04</abbr>');
  });

  it("puts learners needing attention and the queue summary on the trainers' home", async () => {
    const session = await trainerSession();
    const home = text(session.home);
    expect(home).to.contain("2 demandes en attente");
    expect(home).to.contain("La plus ancienne : en attente depuis 35 jours.");
    expect(home).to.contain("Bruno Silencieux — sans activité depuis 5 semaines");
    expect(home).to.contain("Dora Jamais — ne s'est jamais connecté·e");
    expect(home).to.contain("Alice Avancée — demande en attente depuis 35 jours");
  });

  it("refuses the cohort and learners' files to learners", async () => {
    const { learner } = await import("../../support/validation.js");
    const someone = await learner(fixture, course, "Eve Curieuse");
    expect((await someone.browser.get(`${someone.base}/cohort`)).status).to.equal(403);
    expect((await someone.browser.get(`${someone.base}/learners/${learners.alice}`)).status).to.equal(404);
    expect((await someone.browser.get(`${someone.base}/validation/queue`)).status).to.equal(200);
  });
});

// A person's tutoring relations read in one query and derived into each list (tutors, peer tutors,
// tutees, peer tutees, group peers): the same answers as one query per list, on several platforms, for
// a senior intern who is tutor and tutee at once; read once per request and never beyond it.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { FilterQuery } from "mongoose";
import type { NewRelation } from "../../../src/domain/tutoring/relations.js";
import { ltiModels } from "../../../src/persistence/models/lti-models.js";
import {
  tutoringModels,
  type TutoringModels,
  type TutoringRelationDoc,
} from "../../../src/persistence/models/tutoring-models.js";
import { RequestScope } from "../../../src/persistence/request-scope.js";
import { TutoringRepository } from "../../../src/persistence/tutoring-repository.js";
import { getTestEnvironment } from "../../support/environment.js";

const DAY = 86_400_000;
const START = new Date("2026-09-01T08:00:00Z").getTime();

describe("tutoring: a person's relations, one read per request", () => {
  let models: TutoringModels;
  let requests: RequestScope;
  let store: TutoringRepository;
  const here = `relations-${randomUUID()}`;
  const elsewhere = `relations-other-${randomUUID()}`;
  // Bastien is a senior intern: tutored by Anne (and by Gilles, from before relations had a kind), peer
  // tutored by Chloé, tutor of Dina and peer tutor of Eliott, in Anne's group with Hugo and Inès.
  const someone = (name: string): string => `${name}-${randomUUID()}`;
  const [anne, bastien, chloe, dina, eliott] = [
    someone("anne"),
    someone("bastien"),
    someone("chloe"),
    someone("dina"),
    someone("eliott"),
  ];
  const [fabien, gilles, hugo, ines, jules, xavier] = [
    someone("fabien"),
    someone("gilles"),
    someone("hugo"),
    someone("ines"),
    someone("jules"),
    someone("xavier"),
  ];
  const group = `group-${randomUUID()}`;
  let day = 0;

  function relation(
    platformId: string,
    tutorId: string,
    learnerId: string,
    more: Partial<NewRelation> = {},
  ): NewRelation {
    day += 1;
    return {
      platformId,
      tutorId,
      learnerId,
      kind: "tutor",
      groupId: null,
      source: "carnet",
      assignedBy: null,
      assignedIn: null,
      from: new Date(START + day * DAY),
      ...more,
    };
  }

  before(async () => {
    const { mongo } = await getTestEnvironment();
    models = tutoringModels(mongo.carnet);
    requests = new RequestScope();
    store = new TutoringRepository({ ...models, Membership: ltiModels(mongo.carnet).Membership }, requests);
    const opened = [
      relation(here, anne, bastien, { groupId: group }),
      relation(here, chloe, bastien, { kind: "peer" }),
      relation(here, bastien, dina),
      relation(here, bastien, eliott, { kind: "peer" }),
      relation(here, anne, hugo, { groupId: group }),
      relation(here, anne, ines, { groupId: group }),
      relation(here, anne, jules, { groupId: group }),
      relation(here, fabien, bastien),
      relation(elsewhere, xavier, bastien),
      relation(elsewhere, bastien, jules),
    ];
    for (const each of opened) expect(await store.open(each)).to.equal("opened");
    // Fabien's tutoring of Bastien and Jules's place in the group have ended: history only.
    for (const [tutorId, learnerId] of [
      [fabien, bastien],
      [anne, jules],
    ] as const) {
      const current = await store.currentOfLearners(here, [learnerId]);
      const held = current.find((each) => each.tutorId === tutorId);
      if (!held) throw new Error(`${tutorId} tutors ${learnerId}`);
      const end = { at: new Date(START + 30 * DAY), by: null, reason: "ended" } as const;
      expect(await store.end(here, held.id, end)).to.equal(true);
    }
    // A relation stored before relations had a kind is a tutor's.
    await models.TutoringRelation.create({
      _id: randomUUID(),
      platformId: here,
      tutorId: gilles,
      learnerId: bastien,
      createdAt: new Date(START + 40 * DAY),
    });
  });

  /** What the lists were before: one query each, as the repository made them. */
  async function separately(platformId: string, personId: string): Promise<Record<string, string[]>> {
    const current = { platformId, to: { $exists: false } };
    const ids = async (filter: FilterQuery<TutoringRelationDoc>, field: "tutorId" | "learnerId") => [
      ...new Set(
        (
          await models.TutoringRelation.find({ ...current, ...filter })
            .sort({ createdAt: 1 })
            .lean()
        ).map((doc) => doc[field]),
      ),
    ];
    const groups = (await models.TutoringRelation.find({ ...current, learnerId: personId }).lean()).flatMap(
      (doc) => doc.groupId ?? [],
    );
    const peers = await ids({ groupId: { $in: groups } }, "learnerId");
    return {
      tutors: await ids({ learnerId: personId, kind: { $ne: "peer" } }, "tutorId"),
      peerTutors: await ids({ learnerId: personId, kind: "peer" }, "tutorId"),
      tutees: await ids({ tutorId: personId, kind: { $ne: "peer" } }, "learnerId"),
      peerTutees: await ids({ tutorId: personId, kind: "peer" }, "learnerId"),
      groupPeers: peers.filter((id) => id !== personId),
    };
  }

  async function derived(platformId: string, personId: string): Promise<Record<string, string[]>> {
    return {
      tutors: await store.tutorsOf(platformId, personId),
      peerTutors: await store.peerTutorsOf(platformId, personId),
      tutees: await store.tuteesOf(platformId, personId),
      peerTutees: await store.peerTuteesOf(platformId, personId),
      groupPeers: await store.groupPeersOf(platformId, personId),
    };
  }

  it("derives each list from one read of the person's relations, as one query per list gave them", async () => {
    const bastienHere = await requests.run(() => derived(here, bastien));
    expect(bastienHere).to.deep.equal({
      tutors: [anne, gilles],
      peerTutors: [chloe],
      tutees: [dina],
      peerTutees: [eliott],
      groupPeers: [hugo, ines],
    });
    expect(bastienHere).to.deep.equal(await separately(here, bastien));
    // The same people on another platform are other relations.
    const bastienElsewhere = await requests.run(() => derived(elsewhere, bastien));
    expect(bastienElsewhere).to.deep.equal({
      tutors: [xavier],
      peerTutors: [],
      tutees: [jules],
      peerTutees: [],
      groupPeers: [],
    });
    expect(bastienElsewhere).to.deep.equal(await separately(elsewhere, bastien));
    for (const person of [anne, chloe, dina, hugo, jules, fabien]) {
      expect(await requests.run(() => derived(here, person)), person).to.deep.equal(
        await separately(here, person),
      );
    }
    const { asTutor, asLearner } = await store.currentOfPerson(here, bastien);
    expect(asTutor.map((each) => each.learnerId)).to.deep.equal([dina, eliott]);
    expect(asLearner.map((each) => each.tutorId)).to.deep.equal([anne, chloe, gilles]);
  });

  it("reads once in a request, again in the next one and after the request's own write", async () => {
    const [hugoRelation] = await store.currentOfLearners(here, [hugo]);
    if (!hugoRelation) throw new Error("Hugo has a tutor");
    const endBehindTheStore = (): Promise<unknown> =>
      models.TutoringRelation.updateOne(
        { _id: hugoRelation.id },
        { $set: { to: new Date(START + 50 * DAY) }, $unset: { activeKey: "" } },
      );

    const inOneRequest = await requests.run(async () => {
      const before = await store.tutorsOf(here, hugo);
      await endBehindTheStore();
      // The request decided on what it read; the write was not the request's own.
      return { before, after: await store.tutorsOf(here, hugo) };
    });
    expect(inOneRequest).to.deep.equal({ before: [anne], after: [anne] });
    // The next request reads again: Anne no longer tutors Hugo.
    expect(await requests.run(() => store.tutorsOf(here, hugo))).to.deep.equal([]);
    expect(await store.tutorsOf(here, hugo), "outside a request, every question reads").to.deep.equal([]);

    const afterOwnWrite = await requests.run(async () => {
      expect(await store.tuteesOf(here, bastien)).to.deep.equal([dina]);
      expect(await store.open(relation(here, bastien, hugo))).to.equal("opened");
      return store.tuteesOf(here, bastien);
    });
    expect(afterOwnWrite).to.deep.equal([dina, hugo]);
  });
});

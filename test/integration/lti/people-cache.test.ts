// The process's cache of people (names on every page): a read that a forget overtook must not put the
// old name back, or a renamed person keeps her old name until the cache entry expires.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { forgetPerson, PeopleRepository } from "../../../src/persistence/people-repository.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";

describe("people cache", () => {
  let fixture: LtiFixture;
  let people: PeopleRepository;
  const platformId = `platform-${randomUUID()}`;

  async function person(name: string): Promise<string> {
    const id = randomUUID();
    await fixture.carnet.services.models.User.create({
      _id: id,
      platformId,
      sub: randomUUID(),
      name,
      createdAt: new Date(),
    });
    return id;
  }

  const rename = (id: string, name: string) =>
    fixture.carnet.services.models.User.updateOne({ _id: id }, { $set: { name } });

  before(async () => {
    fixture = await startLtiFixture();
    people = new PeopleRepository(fixture.carnet.services.models);
  });

  after(async () => {
    await fixture.close();
  });

  it("keeps a read's copy out when the person was forgotten while it was on its way", async () => {
    const id = await person("Ancien nom");
    const reading = people.person(platformId, id);
    forgetPerson(platformId, id);
    expect((await reading)?.name).to.equal("Ancien nom");
    await rename(id, "Nouveau nom");
    expect((await people.person(platformId, id))?.name).to.equal("Nouveau nom");
  });

  it("keeps a read's copy when nobody forgot anyone meanwhile (the cache still serves)", async () => {
    const id = await person("Gardé");
    expect((await people.person(platformId, id))?.name).to.equal("Gardé");
    await rename(id, "Écrit sans oubli");
    expect((await people.person(platformId, id))?.name).to.equal("Gardé");
    forgetPerson(platformId, id);
    expect((await people.person(platformId, id))?.name).to.equal("Écrit sans oubli");
  });
});

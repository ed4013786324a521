// The learner's timeline page over HTTP with more traces than a page holds: 50 a page, filters kept by the
// page links, the nearest page for one out of range, counts of every trace, and the home's summary.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { Trace, TraceStatus } from "../../../src/domain/portfolio/types.js";
import { portfolioModels } from "../../../src/persistence/models/portfolio-models.js";
import { PortfolioRepository } from "../../../src/persistence/portfolio-repository.js";
import { getTestEnvironment } from "../../support/environment.js";
import { startLtiFixture, type LtiFixture } from "../../support/lti-fixture.js";
import { launchAs, ROLE, unique, type Session } from "../../support/portfolio.js";
import { decodeEntities } from "../../support/sim-lms/index.js";

const DAY = 86_400_000;

function traceOf(platformId: string, ownerId: string, index: number, status: TraceStatus): Trace {
  const at = new Date(Date.UTC(2025, 0, 1) + index * DAY);
  return {
    id: randomUUID(),
    platformId,
    ownerId,
    origin: { deploymentId: "1", contextId: null },
    typeKey: index % 4 === 0 ? "rsca" : "note",
    title: `Garde n°${index}`,
    date: at.toISOString().slice(0, 10),
    placement: "",
    sections: [{ key: "note", title: { fr: "Note" }, body: `Récit ${index}`, progress: "done" }],
    competences: [],
    situations: [],
    links: [],
    attachments: [],
    visibility: "private",
    sharedIn: [],
    sharedWith: { tutors: false, tutorIds: [], people: [] },
    status,
    revision: 1,
    lastComment: null,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
  };
}

/** The traces' titles on a page, top to bottom. */
function titles(html: string): string[] {
  return [...decodeEntities(html).matchAll(/class="trace-card__title"><a href="[^"]+">([^<]+)</g)].map(
    (match) => match[1] ?? "",
  );
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => `Garde n°${from > to ? from - i : from + i}`);

describe("portfolio: the timeline page with more traces than a page holds", () => {
  let fixture: LtiFixture;
  let learner: Session;

  before(async () => {
    fixture = await startLtiFixture();
    const course = { id: unique("des"), title: "DES" };
    learner = await launchAs(fixture, {
      sub: unique("lea"),
      name: "Léa",
      roles: [ROLE.learner],
      context: course,
    });
    const other = await launchAs(fixture, {
      sub: unique("bob"),
      name: "Bob",
      roles: [ROLE.learner],
      context: course,
    });
    const store = new PortfolioRepository(portfolioModels((await getTestEnvironment()).mongo.carnet));
    const ownerId = await learner.userId();
    // 0…119: every third one shared, the rest drafts; every fourth an RSCA; the newest situation is n°119.
    for (let i = 0; i < 120; i++)
      await store.insertTrace(traceOf(fixture.platform._id, ownerId, i, i % 3 === 0 ? "shared" : "draft"));
    await store.insertTrace(traceOf(fixture.platform._id, await other.userId(), 500, "shared"));
  });
  after(async () => {
    await fixture.close();
  });

  const get = async (query: string): Promise<string> => {
    const page = await learner.browser.get(`${learner.base}/traces${query}`);
    expect(page.status).to.equal(200);
    return page.text;
  };

  it("shows 50 traces a page, newest first, the rest on the next, with counts of every trace", async () => {
    const first = await get("");
    expect(titles(first)).to.deep.equal(range(119, 70));
    const text = decodeEntities(first);
    expect(text).to.contain("120 traces dans votre portfolio.");
    expect(text).to.contain("Page 1 sur 3");
    expect(text).to.contain(`href="${new URL(learner.base).pathname}/traces?page=2" rel="next"`);
    expect(text).to.not.contain("Garde n°500");

    const second = await get("?page=2");
    expect(titles(second)).to.deep.equal(range(69, 20));
    expect(decodeEntities(second)).to.contain(
      `href="${new URL(learner.base).pathname}/traces?page=1" rel="prev"`,
    );
    expect(titles(await get("?page=3"))).to.deep.equal(range(19, 0));
    // Past the end: the last page.
    const past = await get("?page=9");
    expect(titles(past)).to.deep.equal(range(19, 0));
    expect(decodeEntities(past)).to.contain("Page 3 sur 3");
  });

  it("keeps the filters in the page links and pages through what they match", async () => {
    const draftNotes = range(119, 0).filter((_, k) => (119 - k) % 3 !== 0 && (119 - k) % 4 !== 0);
    expect(draftNotes).to.have.length(60);
    const first = await get("?status=draft&type=note");
    expect(titles(first)).to.deep.equal(draftNotes.slice(0, 50));
    const text = decodeEntities(first);
    expect(text).to.contain("120 traces dans votre portfolio.");
    expect(text).to.contain(
      `href="${new URL(learner.base).pathname}/traces?status=draft&type=note&page=2" rel="next"`,
    );
    expect(titles(await get("?status=draft&type=note&page=2"))).to.deep.equal(draftNotes.slice(50));

    const shared = decodeEntities(await get("?status=shared&page=1"));
    expect(titles(shared)).to.have.length(40);
    expect(shared).to.not.contain('rel="next"');
  });

  it("counts the learner's traces on the home, nobody else's", async () => {
    const home = decodeEntities((await learner.browser.get(`${learner.base}/`)).text);
    expect(home).to.contain("Voir mes 120 traces");
    expect(home).to.not.contain("Garde n°500");
    expect(titles(home)).to.deep.equal(range(119, 115));
  });
});

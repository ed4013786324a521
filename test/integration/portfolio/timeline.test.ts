// The portfolio's list queries against the real (embedded) database: pages cut in the database, filters
// combined with paging, counts by status and type, and nothing of another learner or platform.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { TraceLists } from "../../../src/domain/portfolio/lists.js";
import type { TraceListItem } from "../../../src/domain/portfolio/ports.js";
import type { Trace, TraceStatus } from "../../../src/domain/portfolio/types.js";
import { portfolioModels } from "../../../src/persistence/models/portfolio-models.js";
import { PortfolioRepository } from "../../../src/persistence/portfolio-repository.js";
import type { Actor } from "../../../src/domain/actor.js";
import { getTestEnvironment } from "../../support/environment.js";
import { unique } from "../../support/portfolio.js";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

interface Shape {
  day: number;
  status?: TraceStatus;
  typeKey?: string;
  title?: string;
  lastComment?: { authorId: string; at: Date } | null;
  competences?: Trace["competences"];
  activity?: number;
}

function traceOf(platformId: string, ownerId: string, shape: Shape, index: number): Trace {
  const written = new Date(START + shape.day * DAY + index * 1000);
  return {
    id: randomUUID(),
    platformId,
    ownerId,
    origin: { deploymentId: "1", contextId: "course-a" },
    typeKey: shape.typeKey ?? "note",
    title: shape.title ?? `Trace ${index}`,
    date: new Date(START + shape.day * DAY).toISOString().slice(0, 10),
    placement: "Stage S1",
    sections: [
      { key: "a", title: { fr: "A" }, body: "", progress: "empty" },
      { key: "b", title: { fr: "B" }, body: `Récit ${index}`, progress: "done" },
    ],
    competences: shape.competences ?? [],
    situations: [],
    links: [],
    attachments: [],
    visibility: "private",
    sharedIn: [],
    sharedWith: { tutors: false, tutorIds: [], people: [] },
    status: shape.status ?? "draft",
    revision: 1,
    lastComment: shape.lastComment ?? null,
    createdAt: written,
    updatedAt: written,
    lastActivityAt: new Date(START + (shape.activity ?? shape.day) * DAY + index * 1000),
  };
}

const ids = (traces: readonly Pick<TraceListItem, "id">[]): string[] => traces.map((trace) => trace.id);

describe("portfolio: the learner's lists are read page by page from the database", () => {
  let store: PortfolioRepository;
  let platformId: string;

  before(async () => {
    store = new PortfolioRepository(portfolioModels((await getTestEnvironment()).mongo.carnet));
    platformId = unique("platform");
  });

  async function seed(ownerId: string, shapes: Shape[], platform = platformId): Promise<Trace[]> {
    const traces = shapes.map((shape, index) => traceOf(platform, ownerId, shape, index));
    for (const trace of traces) await store.insertTrace(trace);
    return traces;
  }

  /** What the timeline showed before: every trace read, newest situation first, filtered in memory. */
  function expected(traces: readonly Trace[], keep: (trace: Trace) => boolean = () => true): string[] {
    return [...traces]
      .filter(keep)
      .sort(
        (a, b) =>
          b.date.localeCompare(a.date) ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          a.id.localeCompare(b.id),
      )
      .map((trace) => trace.id);
  }

  /** A learner with traces, next to another learner of the platform and the same id on another platform. */
  async function crowdedPortfolio(shapes: Shape[]): Promise<{ ownerId: string; traces: Trace[] }> {
    const ownerId = unique("learner");
    const traces = await seed(ownerId, shapes);
    await seed(unique("other-learner"), shapes);
    await seed(ownerId, shapes, unique("other-platform"));
    return { ownerId, traces };
  }

  it("cuts pages at their boundaries, in the timeline's order, none overlapping", async () => {
    const shapes = Array.from({ length: 7 }, (_, i) => ({ day: i % 3 }));
    const { ownerId, traces } = await crowdedPortfolio(shapes);
    const page = (skip: number) => store.timelinePage(platformId, ownerId, { skip, limit: 3 });

    const pages = [await page(0), await page(3), await page(6), await page(9)];
    expect(pages.map((each) => each.length)).to.deep.equal([3, 3, 1, 0]);
    expect(pages.flatMap(ids)).to.deep.equal(expected(traces));
    expect(ids(await store.listedTraces(platformId, ownerId))).to.deep.equal(expected(traces));
  });

  it("filters by status and by type, combined with paging, and counts every trace by both", async () => {
    const shapes: Shape[] = [
      { day: 1, status: "draft", typeKey: "note" },
      { day: 2, status: "shared", typeKey: "rsca" },
      { day: 3, status: "shared", typeKey: "note" },
      { day: 4, status: "validated", typeKey: "rsca" },
      { day: 5, status: "shared", typeKey: "rsca" },
      { day: 6, status: "shared", typeKey: "rsca" },
      { day: 7, status: "draft", typeKey: "rsca" },
    ];
    const { ownerId, traces } = await crowdedPortfolio(shapes);
    const sharedRsca = (trace: Trace): boolean => trace.status === "shared" && trace.typeKey === "rsca";
    const query = { status: "shared" as const, typeKey: "rsca", limit: 2 };

    const first = await store.timelinePage(platformId, ownerId, { ...query, skip: 0 });
    const second = await store.timelinePage(platformId, ownerId, { ...query, skip: 2 });
    expect([...ids(first), ...ids(second)]).to.deep.equal(expected(traces, sharedRsca));
    expect(second).to.have.length(1);
    const drafts = await store.timelinePage(platformId, ownerId, { status: "draft", skip: 0, limit: 10 });
    expect(ids(drafts)).to.deep.equal(expected(traces, (trace) => trace.status === "draft"));

    const tallies = await store.traceTallies(platformId, ownerId);
    const sorted = [...tallies].sort((a, b) =>
      `${a.status}${a.typeKey}`.localeCompare(`${b.status}${b.typeKey}`),
    );
    expect(sorted).to.deep.equal([
      { status: "draft", typeKey: "note", count: 1 },
      { status: "draft", typeKey: "rsca", count: 1 },
      { status: "shared", typeKey: "note", count: 1 },
      { status: "shared", typeKey: "rsca", count: 3 },
      { status: "validated", typeKey: "rsca", count: 1 },
    ]);
  });

  it("reads only what a list shows of a trace: no section titles, the tags' codes to count them", async () => {
    const tag = { frameworkId: "f", code: "C1", level: "N2" };
    const { ownerId } = await crowdedPortfolio([{ day: 1, competences: [tag] }]);
    const [item] = await store.timelinePage(platformId, ownerId, { skip: 0, limit: 1 });

    expect(item?.sections).to.deep.equal([
      { body: "", progress: "empty" },
      { body: "Récit 0", progress: "done" },
    ]);
    expect(item?.competences).to.deep.equal([{ frameworkId: "f", code: "C1" }]);
  });

  it("shows the nearest page when asked for one past the end, and the whole count of what the filter matches", async () => {
    const shapes = Array.from({ length: 5 }, (_, i): Shape => ({
      day: i,
      status: i % 2 ? "shared" : "draft",
    }));
    const { ownerId, traces } = await crowdedPortfolio(shapes);
    const lists = listsOver(store);
    const actor = actorOf(platformId, ownerId);

    const last = await lists.timeline(actor, { status: "draft", page: 40 }, 2);
    expect({ page: last.page, pages: last.pages, matched: last.matched }).to.deep.equal({
      page: 2,
      pages: 2,
      matched: 3,
    });
    expect(ids(last.traces)).to.deep.equal(expected(traces, (trace) => trace.status === "draft").slice(2));
    const none = await lists.timeline(actor, { typeKey: "rsca" }, 2);
    expect({ page: none.page, pages: none.pages, matched: none.matched, traces: none.traces }).to.deep.equal({
      page: 1,
      pages: 1,
      matched: 0,
      traces: [],
    });
  });

  it("gives the home its counts, the most recent activity and what awaits the learner, nobody else's", async () => {
    const ownerId = unique("learner");
    const tutor = unique("tutor");
    const at = new Date(START);
    const traces = await seed(ownerId, [
      { day: 1, activity: 30, status: "feedback" },
      { day: 2, activity: 10, status: "to_rework" },
      { day: 3, activity: 20, lastComment: { authorId: tutor, at } },
      { day: 4, activity: 5, lastComment: { authorId: ownerId, at } },
      { day: 5, activity: 1, status: "validated" },
      { day: 6, activity: 2 },
    ]);
    await seed(unique("other-learner"), [{ day: 1, status: "feedback" }]);
    await seed(ownerId, [{ day: 1, status: "feedback" }], unique("other-platform"));
    const titleAt = (index: number): string => traces[index]?.title ?? "";

    const recent = await store.recentTraces(platformId, ownerId, 3);
    expect(recent.map((trace) => trace.title)).to.deep.equal([titleAt(0), titleAt(2), titleAt(1)]);
    expect((await store.traceCounts(platformId, ownerId)).awaitingOwner).to.equal(3);
    const waiting = await listsOver(store).waitingForLearner(actorOf(platformId, ownerId));
    expect(waiting.map(({ trace, reasons }) => [trace.title, reasons])).to.deep.equal([
      [titleAt(0), ["feedback"]],
      [titleAt(2), ["reply"]],
      [titleAt(1), ["rework"]],
    ]);
  });

  it("gives validation the learner's traces with their tags only, newest first", async () => {
    const tag = { frameworkId: "fw-1", code: "C2", level: "N1" };
    const { ownerId, traces } = await crowdedPortfolio([
      { day: 1, competences: [tag] },
      { day: 2, competences: [] },
      { day: 3, competences: [tag, { ...tag, code: "C3" }] },
    ]);

    const tagged = await store.taggedTraces(platformId, ownerId, 2);
    expect(tagged).to.deep.equal(
      [traces[2], traces[1]].map((trace) => ({
        id: trace?.id,
        title: trace?.title,
        revision: 1,
        competences: (trace?.competences ?? []).map(({ frameworkId, code }) => ({ frameworkId, code })),
      })),
    );
  });
});

function actorOf(platformId: string, userId: string): Actor {
  return {
    platformId,
    userId,
    deploymentId: "1",
    contextId: "course-a",
    resourceLinkId: null,
    roles: ["learner"],
    launchId: "launch",
  };
}

/** The lists over the real store; what they ask of other areas is not used by the lists tested here. */
function listsOver(store: PortfolioRepository): TraceLists {
  const unused = (): Promise<never> => Promise.reject(new Error("not used by these lists"));
  return new TraceLists({
    store,
    access: { scopeOf: unused, readableAmong: unused },
    tutoring: { groupPeersOf: unused, tuteesOf: unused },
    roster: { learnerCourses: unused },
    people: { person: unused },
    log: { info: () => undefined, warn: () => undefined },
  });
}

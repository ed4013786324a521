// The portfolio's list queries: a page of a learner's traces, their counts by status and type, the most
// recent ones, those awaiting the learner and their tags. Filtering, sorting, paging and counting happen
// in the database, and each reads only the fields its list shows (index: {platformId, ownerId, …}).
import type { FilterQuery } from "mongoose";
import type { TaggedTrace, TimelineQuery, TraceCounts, TraceListItem } from "../domain/portfolio/ports.js";
import { TRACE_STATUSES, type TraceStatus } from "../domain/portfolio/types.js";
import type { PortfolioModels, TraceDoc } from "./models/portfolio-models.js";

/** What a list shows of a trace: no section titles, files' details, audience or origin. */
const LIST_FIELDS = {
  _id: 1,
  ownerId: 1,
  title: 1,
  typeKey: 1,
  date: 1,
  placement: 1,
  status: 1,
  visibility: 1,
  revision: 1,
  lastActivityAt: 1,
  "sections.body": 1,
  "sections.progress": 1,
  "attachments.id": 1,
  "links.url": 1,
  "competences.frameworkId": 1,
  "competences.code": 1,
  "situations.frameworkId": 1,
  "situations.code": 1,
} as const;

type ListedDoc = Pick<TraceDoc, "_id" | keyof Omit<TraceListItem, "id">>;

/** Newest situation first; the id settles ties so that pages never overlap or skip a trace. */
const TIMELINE_ORDER = { date: -1, createdAt: -1, _id: 1 } as const;

/** The listed fields as they are; the lists (older documents may lack some) read as empty ones. */
function toListItem(doc: ListedDoc): TraceListItem {
  const { _id, sections, attachments, links, competences, situations, ...shown } = doc;
  return {
    ...shown,
    id: _id,
    sections: (sections ?? []).map((section) => ({
      body: section.body ?? "",
      progress: section.progress,
    })),
    attachments: attachments ?? [],
    links: links ?? [],
    competences: (competences ?? []).map((tag) => ({ frameworkId: tag.frameworkId, code: tag.code })),
    situations: (situations ?? []).map((tag) => ({ frameworkId: tag.frameworkId, code: tag.code })),
  };
}

function isStatus(value: unknown): value is TraceStatus {
  return TRACE_STATUSES.some((status) => status === value);
}

/**
 * What awaits the owner (domain/portfolio/lists.ts, waitingForOwner, gives the reasons): feedback to
 * take in, rework asked, or a last comment by someone else.
 */
function awaitingOwner(platformId: string, ownerId: string): FilterQuery<TraceDoc> {
  return {
    platformId,
    ownerId,
    $or: [
      { status: { $in: ["feedback", "to_rework"] } },
      { "lastComment.authorId": { $exists: true, $ne: ownerId } },
    ],
  };
}

/** The same question as `awaitingOwner`, asked of one trace inside an aggregation (1 or 0). */
function awaitsOwner(ownerId: string): Record<string, unknown> {
  const commentAuthor = { $ifNull: ["$lastComment.authorId", ownerId] };
  const awaits = {
    $or: [{ $in: ["$status", ["feedback", "to_rework"]] }, { $ne: [commentAuthor, ownerId] }],
  };
  return { $cond: [awaits, 1, 0] };
}

export class TraceListings {
  constructor(private readonly models: Pick<PortfolioModels, "Trace">) {}

  async timelinePage(platformId: string, ownerId: string, query: TimelineQuery): Promise<TraceListItem[]> {
    const filter: FilterQuery<TraceDoc> = { platformId, ownerId };
    if (query.status) filter.status = query.status;
    if (query.typeKey) filter.typeKey = query.typeKey;
    const docs = await this.models.Trace.find(filter, LIST_FIELDS)
      .sort(TIMELINE_ORDER)
      .skip(query.skip)
      .limit(query.limit)
      .lean<ListedDoc[]>();
    return docs.map(toListItem);
  }

  /** The owner's traces counted by status and type, and how many await the owner: one aggregation. */
  async traceCounts(platformId: string, ownerId: string): Promise<TraceCounts> {
    const rows = await this.models.Trace.aggregate<{
      _id: { status: unknown; typeKey: unknown };
      count: number;
      awaitingOwner: number;
    }>([
      { $match: { platformId, ownerId } },
      {
        $group: {
          _id: { status: "$status", typeKey: "$typeKey" },
          count: { $sum: 1 },
          awaitingOwner: { $sum: awaitsOwner(ownerId) },
        },
      },
    ]);
    return {
      tallies: rows.flatMap(({ _id, count }) =>
        isStatus(_id.status) && typeof _id.typeKey === "string"
          ? [{ status: _id.status, typeKey: _id.typeKey, count }]
          : [],
      ),
      awaitingOwner: rows.reduce((sum, row) => sum + row.awaitingOwner, 0),
    };
  }

  async listedTraces(platformId: string, ownerId: string): Promise<TraceListItem[]> {
    const docs = await this.models.Trace.find({ platformId, ownerId }, LIST_FIELDS)
      .sort(TIMELINE_ORDER)
      .lean<ListedDoc[]>();
    return docs.map(toListItem);
  }

  async recentTraces(platformId: string, ownerId: string, limit: number): Promise<TraceListItem[]> {
    const docs = await this.models.Trace.find({ platformId, ownerId }, LIST_FIELDS)
      .sort({ lastActivityAt: -1, ...TIMELINE_ORDER })
      .limit(limit)
      .lean<ListedDoc[]>();
    return docs.map(toListItem);
  }

  awaitingOwner(platformId: string, ownerId: string): Promise<TraceDoc[]> {
    return this.models.Trace.find(awaitingOwner(platformId, ownerId))
      .sort(TIMELINE_ORDER)
      .lean<TraceDoc[]>()
      .exec();
  }

  async taggedTraces(platformId: string, ownerId: string, limit: number): Promise<TaggedTrace[]> {
    const docs = await this.models.Trace.find(
      { platformId, ownerId },
      { _id: 1, title: 1, revision: 1, "competences.frameworkId": 1, "competences.code": 1 },
    )
      .sort(TIMELINE_ORDER)
      .limit(limit)
      .lean<Pick<TraceDoc, "_id" | "title" | "revision" | "competences">[]>();
    return docs.map((doc) => ({
      id: doc._id,
      title: doc.title,
      revision: doc.revision,
      competences: (doc.competences ?? []).map((tag) => ({ frameworkId: tag.frameworkId, code: tag.code })),
    }));
  }
}

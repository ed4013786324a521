// Stores traces, revisions, comments, decisions and trace types; implements the PortfolioStore port.
// Every query names the platform: a trace id alone never finds anything. A trace and its revision are two
// writes; the trace document holds its current revision's content, so a revision missing after a crash
// between them is written again from the trace when read (and before the trace changes again).
import { randomUUID } from "node:crypto";
import type { UpdateQuery } from "mongoose";
import type {
  AttachmentRef,
  CompetenceTag,
  Trace,
  TraceComment,
  TraceDecision,
  TraceReaders,
  TraceRevision,
} from "../domain/portfolio/types.js";
import type {
  PortfolioStore,
  SharedTraceQuery,
  TaggedTrace,
  TimelineQuery,
  TraceCounts,
  TraceListItem,
  TracePatch,
  TraceTally,
} from "../domain/portfolio/ports.js";
import type { TraceTypeDefinition } from "../domain/portfolio/trace-types.js";
import type {
  PortfolioModels,
  TraceCommentDoc,
  TraceDecisionDoc,
  TraceDoc,
  TraceRevisionDoc,
  TraceTypeDoc,
} from "./models/portfolio-models.js";
import { TraceListings } from "./trace-listings.js";
import { TtlCache } from "./ttl-cache.js";
import { type ListOrder, RecordCollection, storedRecords, toDocument } from "./records.js";

/** Comments and decisions read as the exchange happened. */
const OLDEST_FIRST: ListOrder = { sort: { createdAt: 1 } };

/** Competence tags as stored (an unset level may be missing from older documents). */
function competenceTags(tags: readonly CompetenceTag[]): CompetenceTag[] {
  return tags.map((tag) => ({ frameworkId: tag.frameworkId, code: tag.code, level: tag.level ?? null }));
}

function toTrace(doc: TraceDoc): Trace {
  const { _id, revisedAt: _revisedAt, ...rest } = doc;
  return {
    ...rest,
    id: _id,
    origin: { deploymentId: doc.origin.deploymentId, contextId: doc.origin.contextId ?? null },
    competences: competenceTags(doc.competences),
    lastComment: doc.lastComment ?? null,
    sharedWith: readersOf(doc),
  };
}

/** A trace shared before authors chose their readers was open to every current tutor: it stays so. */
function readersOf(doc: TraceDoc): TraceReaders {
  if (!doc.sharedWith) return { tutors: doc.visibility !== "private", tutorIds: null, people: [] };
  return {
    tutors: doc.sharedWith.tutors,
    tutorIds: doc.sharedWith.tutorIds ? [...doc.sharedWith.tutorIds] : [],
    people: [...(doc.sharedWith.people ?? [])],
  };
}

function toRevision(doc: TraceRevisionDoc): TraceRevision {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id, competences: competenceTags(doc.competences) };
}

/** The trace's current revision as the trace document holds it; only its owner writes content. */
function currentRevisionOf(doc: TraceDoc): TraceRevision {
  return {
    id: randomUUID(),
    platformId: doc.platformId,
    traceId: doc._id,
    ownerId: doc.ownerId,
    number: doc.revision,
    authorId: doc.ownerId,
    title: doc.title,
    date: doc.date,
    placement: doc.placement,
    sections: doc.sections.map((section) => ({ ...section })),
    competences: competenceTags(doc.competences),
    situations: doc.situations.map((tag) => ({ ...tag })),
    createdAt: doc.revisedAt ?? doc.updatedAt,
  };
}

function toDecision(doc: TraceDecisionDoc): TraceDecision {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id, course: doc.course ?? null };
}

function toTraceType(doc: TraceTypeDoc): TraceTypeDefinition {
  return {
    key: doc.key,
    name: doc.name,
    description: doc.description,
    sections: doc.sections.map((section) => ({
      key: section.key,
      title: section.title,
      guidance: section.guidance,
    })),
    builtIn: false,
    archived: doc.archived,
  };
}

/** Trace types per platform, shared by the repository's instances; another instance sees a change within 30 s. */
const typeCache = new TtlCache<TraceTypeDefinition[]>(30_000, 1000);

export class PortfolioRepository implements PortfolioStore {
  private readonly listings: TraceListings;
  private readonly revisionRecords: RecordCollection<TraceRevisionDoc, TraceRevision>;
  private readonly commentRecords: RecordCollection<TraceCommentDoc, TraceComment>;
  private readonly decisionRecords: RecordCollection<TraceDecisionDoc, TraceDecision>;
  private readonly typeRecords: RecordCollection<TraceTypeDoc, TraceTypeDefinition>;

  constructor(private readonly models: PortfolioModels) {
    this.listings = new TraceListings(models);
    this.revisionRecords = new RecordCollection(models.TraceRevision, toRevision);
    this.commentRecords = storedRecords(models.TraceComment);
    this.decisionRecords = new RecordCollection(models.TraceDecision, toDecision);
    this.typeRecords = new RecordCollection(models.TraceType, toTraceType);
  }

  async insertTrace(trace: Trace): Promise<void> {
    const { id, ...rest } = trace;
    await this.models.Trace.create({ _id: id, ...rest, revisedAt: trace.createdAt });
  }

  async findTrace(platformId: string, traceId: string): Promise<Trace | null> {
    const doc = await this.models.Trace.findOne({ _id: traceId, platformId }).lean<TraceDoc>();
    return doc ? toTrace(doc) : null;
  }

  async tracesOf(platformId: string, ownerId: string, limit?: number): Promise<Trace[]> {
    let query = this.models.Trace.find({ platformId, ownerId }).sort({ date: -1, createdAt: -1 });
    if (limit !== undefined) query = query.limit(limit);
    const docs = await query.lean<TraceDoc[]>();
    return docs.map(toTrace);
  }

  timelinePage(platformId: string, ownerId: string, query: TimelineQuery): Promise<TraceListItem[]> {
    return this.listings.timelinePage(platformId, ownerId, query);
  }

  async traceTallies(platformId: string, ownerId: string): Promise<TraceTally[]> {
    return (await this.listings.traceCounts(platformId, ownerId)).tallies;
  }

  traceCounts(platformId: string, ownerId: string): Promise<TraceCounts> {
    return this.listings.traceCounts(platformId, ownerId);
  }

  listedTraces(platformId: string, ownerId: string): Promise<TraceListItem[]> {
    return this.listings.listedTraces(platformId, ownerId);
  }

  recentTraces(platformId: string, ownerId: string, limit: number): Promise<TraceListItem[]> {
    return this.listings.recentTraces(platformId, ownerId, limit);
  }

  async tracesAwaitingOwner(platformId: string, ownerId: string): Promise<Trace[]> {
    return (await this.listings.awaitingOwner(platformId, ownerId)).map(toTrace);
  }

  taggedTraces(platformId: string, ownerId: string, limit: number): Promise<TaggedTrace[]> {
    return this.listings.taggedTraces(platformId, ownerId, limit);
  }

  async sharedTraces(platformId: string, query: SharedTraceQuery): Promise<Trace[]> {
    const audience: Record<string, unknown>[] = query.courses.map((course) => ({
      sharedIn: { $elemMatch: { deploymentId: course.deploymentId, contextId: course.contextId } },
    }));
    if (query.ownerIds.length > 0) audience.push({ ownerId: { $in: [...query.ownerIds] } });
    if (query.readerId) audience.push({ "sharedWith.people": query.readerId });
    if (audience.length === 0 || query.visibilities.length === 0) return [];
    const docs = await this.models.Trace.find({
      platformId,
      visibility: { $in: [...query.visibilities] },
      $or: audience,
    })
      .sort({ lastActivityAt: -1 })
      .lean<TraceDoc[]>();
    return docs.map(toTrace);
  }

  async updateTrace(
    platformId: string,
    traceId: string,
    expectedRevision: number | null,
    patch: TracePatch,
  ): Promise<Trace | null> {
    const filter: Record<string, unknown> = { _id: traceId, platformId };
    if (expectedRevision !== null) filter.revision = expectedRevision;
    const revises = patch.revision !== undefined;
    // The content about to be replaced must be kept as its revision first, if a crash lost it.
    if (revises && expectedRevision !== null) await this.revision(platformId, traceId, expectedRevision);
    const set = revises && patch.updatedAt ? { ...patch, revisedAt: patch.updatedAt } : patch;
    const doc = await this.models.Trace.findOneAndUpdate(
      filter,
      { $set: set },
      { new: true },
    ).lean<TraceDoc>();
    return doc ? toTrace(doc) : null;
  }

  addAttachment(
    platformId: string,
    traceId: string,
    attachment: AttachmentRef,
    at: Date,
  ): Promise<Trace | null> {
    return this.touch(platformId, traceId, { $push: { attachments: attachment } }, at);
  }

  removeAttachment(
    platformId: string,
    traceId: string,
    attachmentId: string,
    at: Date,
  ): Promise<Trace | null> {
    return this.touch(platformId, traceId, { $pull: { attachments: { id: attachmentId } } }, at);
  }

  /** One atomic change of a trace's files, which counts as activity on it. */
  private async touch(
    platformId: string,
    traceId: string,
    change: UpdateQuery<TraceDoc>,
    at: Date,
  ): Promise<Trace | null> {
    const doc = await this.models.Trace.findOneAndUpdate(
      { _id: traceId, platformId },
      { ...change, $set: { updatedAt: at, lastActivityAt: at } },
      { new: true },
    ).lean<TraceDoc>();
    return doc ? toTrace(doc) : null;
  }

  async insertRevision(revision: TraceRevision): Promise<boolean> {
    return this.revisionRecords.insertOnce(toDocument(revision));
  }

  async revisions(platformId: string, traceId: string): Promise<TraceRevision[]> {
    const [docs, trace] = await Promise.all([
      this.models.TraceRevision.find({ platformId, traceId }).sort({ number: -1 }).lean<TraceRevisionDoc[]>(),
      this.models.Trace.findOne({ _id: traceId, platformId }).lean<TraceDoc>(),
    ]);
    const revisions = docs.map(toRevision);
    if (!trace || revisions.some((revision) => revision.number === trace.revision)) return revisions;
    const healed = await this.healCurrentRevision(trace);
    return [healed, ...revisions].sort((a, b) => b.number - a.number);
  }

  async revision(platformId: string, traceId: string, number: number): Promise<TraceRevision | null> {
    const doc = await this.models.TraceRevision.findOne({
      platformId,
      traceId,
      number,
    }).lean<TraceRevisionDoc>();
    if (doc) return toRevision(doc);
    const trace = await this.models.Trace.findOne({ _id: traceId, platformId }).lean<TraceDoc>();
    return trace && trace.revision === number ? this.healCurrentRevision(trace) : null;
  }

  /** Writes the trace's current revision from the trace; whoever writes it first (a late write too) wins. */
  private async healCurrentRevision(trace: TraceDoc): Promise<TraceRevision> {
    const revision = currentRevisionOf(trace);
    if (await this.insertRevision(revision)) return revision;
    const stored = await this.models.TraceRevision.findOne({
      platformId: trace.platformId,
      traceId: trace._id,
      number: trace.revision,
    }).lean<TraceRevisionDoc>();
    return stored ? toRevision(stored) : revision;
  }

  async insertComment(comment: TraceComment): Promise<void> {
    await this.commentRecords.insert(toDocument(comment));
  }

  async comments(platformId: string, traceId: string): Promise<TraceComment[]> {
    return this.commentRecords.list({ platformId, traceId }, OLDEST_FIRST);
  }

  async insertDecision(decision: TraceDecision): Promise<void> {
    await this.decisionRecords.insert(toDocument(decision));
  }

  async decisions(platformId: string, traceId: string): Promise<TraceDecision[]> {
    return this.decisionRecords.list({ platformId, traceId }, OLDEST_FIRST);
  }

  async customTraceTypes(platformId: string): Promise<TraceTypeDefinition[]> {
    // Read by every portfolio page, changed by an administrator now and then.
    return typeCache.getOrLoad(platformId, () =>
      this.typeRecords.list({ platformId }, { sort: { createdAt: 1 } }),
    );
  }

  async insertTraceType(
    platformId: string,
    type: TraceTypeDefinition,
    createdBy: string,
    at: Date,
  ): Promise<void> {
    typeCache.delete(platformId);
    await this.models.TraceType.create({
      _id: `${platformId}:${type.key}`,
      platformId,
      key: type.key,
      name: type.name,
      description: type.description,
      sections: type.sections,
      archived: type.archived,
      createdBy,
      createdAt: at,
    });
  }

  async setTraceTypeArchived(platformId: string, key: string, archived: boolean): Promise<boolean> {
    const result = await this.models.TraceType.updateOne({ platformId, key }, { $set: { archived } });
    typeCache.delete(platformId);
    return result.matchedCount > 0;
  }
}

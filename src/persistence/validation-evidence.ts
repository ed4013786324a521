// Bridges between validation and the portfolio: the learner's traces cited as evidence (read through
// the portfolio's store), and the read access a request's evidence grants to those who may decide on it.
import type { EvidenceGrantSource, PortfolioStore } from "../domain/portfolio/ports.js";
import type { EvidenceGrant } from "../domain/portfolio/policy.js";
import type { TraceCatalog, TraceSummary } from "../domain/validation/ports.js";
import type { ValidationModels } from "./models/validation-models.js";
import type { TutoringRepository } from "./tutoring-repository.js";

export const EMPTY_TRACE_CATALOG: TraceCatalog = {
  listForLearner: () => Promise.resolve([]),
  byIds: () => Promise.resolve([]),
};

export class PortfolioTraceCatalog implements TraceCatalog {
  constructor(private readonly store: Pick<PortfolioStore, "tracesOf">) {}

  async listForLearner(platformId: string, learnerId: string): Promise<TraceSummary[]> {
    const traces = await this.store.tracesOf(platformId, learnerId, 500);
    return traces.map((trace) => ({ id: trace.id, title: trace.title, revision: trace.revision }));
  }

  /** Only the learner's own traces: evidence never cites someone else's work. */
  async byIds(platformId: string, learnerId: string, ids: readonly string[]): Promise<TraceSummary[]> {
    const wanted = new Set(ids);
    return (await this.listForLearner(platformId, learnerId)).filter((trace) => wanted.has(trace.id));
  }
}

export class ValidationEvidenceGrants implements EvidenceGrantSource {
  constructor(
    private readonly models: Pick<ValidationModels, "CompetenceRecord">,
    private readonly tutoring: Pick<TutoringRepository, "coursesTaught" | "tuteesOf">,
  ) {}

  /** Traces cited in requests the user may decide on: assigned to them, in a course they teach, or of a tutee. */
  async grantsFor(platformId: string, userId: string): Promise<EvidenceGrant[]> {
    const [courses, tutees] = await Promise.all([
      this.tutoring.coursesTaught(platformId, userId),
      this.tutoring.tuteesOf(platformId, userId),
    ]);
    // Validators are chosen among who teaches in the course and the learner's tutors: nobody else has grants.
    if (courses.length === 0 && tutees.length === 0) return [];
    const or: Record<string, unknown>[] = [{ assignedValidatorIds: userId }];
    for (const course of courses) or.push({ deploymentId: course.deploymentId, contextId: course.contextId });
    if (tutees.length > 0) or.push({ learnerId: { $in: tutees } });
    const docs = await this.models.CompetenceRecord.collection
      .find<{ learnerId: string; evidence?: { traceIds?: string[] } }>(
        { platformId, "evidence.traceIds": { $exists: true }, $or: or },
        { projection: { learnerId: 1, "evidence.traceIds": 1 } },
      )
      .toArray();
    const grants = new Map<string, EvidenceGrant>();
    for (const doc of docs) {
      if (doc.learnerId === userId) continue;
      for (const traceId of doc.evidence?.traceIds ?? [])
        grants.set(traceId, { platformId, traceId, userId });
    }
    return [...grants.values()];
  }
}

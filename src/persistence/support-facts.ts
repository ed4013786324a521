// The facts the machine-raised signs read, learner by learner: the last sign of life (a trace written or
// revised, a request, a contact logged), the silence threshold, "more evidence" asked per competence.
// Sessions and placement evaluations plug in when their areas record absences and invalidations.
import type { Model } from "mongoose";
import type { LearnerFacts, LearnerFactsSource } from "../domain/support/machine-signs.js";
import type { PortfolioModels } from "./models/portfolio-models.js";
import type { CompetenceRecordDoc, ValidationModels } from "./models/validation-models.js";
import type { LtiModels, MembershipDoc, UserDoc } from "./models/lti-models.js";

export interface SupportFactsSources {
  User: LtiModels["User"];
  Membership: LtiModels["Membership"];
  CompetenceRecord: Model<CompetenceRecordDoc>;
  /** Each learner's last sign of life (a trace written or revised, a request, a contact logged). */
  lastSigns(platformId: string, ids: readonly string[]): Promise<Map<string, Date>>;
  /** Weeks of silence that make a sign, per learner (the programme's rhythm; a default otherwise). */
  silentAfterWeeks(platformId: string, ids: readonly string[]): Promise<Map<string, number>>;
}

/** The tutoring studies' "silence radio" after a month, unless the programme says otherwise. */
export const DEFAULT_SILENT_WEEKS = 4;

export class SupportFactsRepository implements LearnerFactsSource {
  constructor(private readonly sources: SupportFactsSources) {}

  /** Users by id, kept when they are a learner in some course. */
  async learners(
    after: string | null,
    limit: number,
  ): Promise<{ facts: LearnerFacts[]; next: string | null }> {
    const users = await this.sources.User.find(after ? { _id: { $gt: after } } : {})
      .sort({ _id: 1 })
      .limit(limit)
      .lean<UserDoc[]>();
    const learning = await this.sources.Membership.find({
      userId: { $in: users.map((user) => user._id) },
      roles: "learner",
    }).lean<MembershipDoc[]>();
    const learners = new Set(learning.map((membership) => membership.userId));
    const byPlatform = new Map<string, UserDoc[]>();
    for (const user of users) {
      if (!learners.has(user._id)) continue;
      byPlatform.set(user.platformId, [...(byPlatform.get(user.platformId) ?? []), user]);
    }
    const facts: LearnerFacts[] = [];
    for (const [platformId, list] of byPlatform) facts.push(...(await this.ofPlatform(platformId, list)));
    // Paged by user, not by learner: a page of teachers only still moves on.
    const last = users[users.length - 1];
    return { facts, next: users.length === limit && last ? last._id : null };
  }

  private async ofPlatform(platformId: string, users: readonly UserDoc[]): Promise<LearnerFacts[]> {
    const ids = users.map((user) => user._id);
    const [lastSigns, thresholds, moreEvidence] = await Promise.all([
      this.sources.lastSigns(platformId, ids),
      this.sources.silentAfterWeeks(platformId, ids),
      this.moreEvidence(platformId, ids),
    ]);
    return users.map((user) => {
      return {
        platformId,
        learnerId: user._id,
        lastSignAt: lastSigns.get(user._id) ?? null,
        knownSince: user.createdAt,
        silentAfterWeeks: thresholds.get(user._id) ?? DEFAULT_SILENT_WEEKS,
        missedFirstSessionId: null,
        moreEvidence: moreEvidence.get(user._id) ?? [],
        invalidatedPlacementIds: [],
      };
    });
  }

  private async moreEvidence(
    platformId: string,
    ids: readonly string[],
  ): Promise<Map<string, { competenceKey: string; count: number }[]>> {
    const records = await this.sources.CompetenceRecord.find(
      { platformId, learnerId: { $in: [...ids] }, "timeline.action": "ask_more_evidence" },
      { learnerId: 1, contextId: 1, frameworkId: 1, competenceCode: 1, "timeline.action": 1 },
    ).lean<
      Pick<CompetenceRecordDoc, "learnerId" | "contextId" | "frameworkId" | "competenceCode" | "timeline">[]
    >();
    const result = new Map<string, { competenceKey: string; count: number }[]>();
    for (const record of records) {
      const count = record.timeline.filter((entry) => entry.action === "ask_more_evidence").length;
      const key = `${record.contextId}/${record.frameworkId}/${record.competenceCode}`;
      result.set(record.learnerId, [...(result.get(record.learnerId) ?? []), { competenceKey: key, count }]);
    }
    return result;
  }
}

export interface LastSignModels {
  Trace: PortfolioModels["Trace"];
  ValidationRequest: ValidationModels["ValidationRequest"];
  ContactLog: ValidationModels["ContactLog"];
}

interface Latest {
  _id: string;
  last: Date | null;
}

/** The latest of a trace written or revised, a request sent, a contact logged, per learner. */
export async function lastSignsOf(
  models: LastSignModels,
  platformId: string,
  ids: readonly string[],
): Promise<Map<string, Date>> {
  const latest = new Map<string, Date>();
  if (ids.length === 0) return latest;
  const group = (owner: string, field: string) => [
    { $match: { platformId, [owner]: { $in: [...ids] } } },
    { $group: { _id: `$${owner}`, last: { $max: `$${field}` } } },
  ];
  const rows = await Promise.all([
    models.Trace.aggregate<Latest>(group("ownerId", "createdAt")),
    models.Trace.aggregate<Latest>(group("ownerId", "revisedAt")),
    models.ValidationRequest.aggregate<Latest>(group("learnerId", "createdAt")),
    models.ContactLog.aggregate<Latest>(group("learnerId", "date")),
  ]);
  for (const row of rows.flat()) {
    if (!(row.last instanceof Date)) continue;
    const known = latest.get(row._id);
    if (!known || row.last > known) latest.set(row._id, row.last);
  }
  return latest;
}

// What tutees did lately, read in one pass per collection for a tutor's whole list: launches, traces
// written, requests sent and waiting, contacts logged, comments left to them and their replies.
import type { Model, PipelineStage } from "mongoose";
import type { TuteeActivity } from "../domain/tutoring/signs.js";
import type { TuteeActivitySource } from "../domain/tutoring/workspace.js";
import type { CompetenceSummaryDoc } from "./competence-summaries.js";
import type { LtiModels, UserDoc } from "./models/lti-models.js";
import type { PortfolioModels } from "./models/portfolio-models.js";
import type { ValidationModels } from "./models/validation-models.js";

export interface TuteeActivityModels {
  User: LtiModels["User"];
  Trace: PortfolioModels["Trace"];
  TraceComment: PortfolioModels["TraceComment"];
  ValidationRequest: ValidationModels["ValidationRequest"];
  ContactLog: ValidationModels["ContactLog"];
  Summary: Model<CompetenceSummaryDoc>;
}

interface Latest {
  _id: string;
  last: Date | null;
}

function latestOf(rows: readonly Latest[]): Map<string, Date> {
  const map = new Map<string, Date>();
  for (const row of rows) if (row.last instanceof Date) map.set(row._id, row.last);
  return map;
}

function later(a: Date | undefined, b: Date | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

/** Per person (the `owner` field), the latest `at` among the documents `match` selects. */
async function latestBy<T>(
  model: Model<T>,
  match: PipelineStage.Match["$match"],
  owner: "ownerId" | "learnerId",
  at: string,
): Promise<Map<string, Date>> {
  const rows = await model.aggregate<Latest>([
    { $match: match },
    { $group: { _id: `$${owner}`, last: { $max: `$${at}` } } },
  ]);
  return latestOf(rows);
}

export class TuteeActivityRepository implements TuteeActivitySource {
  constructor(private readonly models: TuteeActivityModels) {}

  async activityOf(platformId: string, learnerIds: readonly string[]): Promise<Map<string, TuteeActivity>> {
    const ids = [...new Set(learnerIds)];
    const result = new Map<string, TuteeActivity>();
    if (ids.length === 0) return result;
    const owned = { platformId, ownerId: { $in: ids } };
    const learners = { platformId, learnerId: { $in: ids } };
    const { Trace, TraceComment } = this.models;
    const [users, lastRevised, lastCreated, lastRequest, lastContact, pending, lastMessage, lastReply] =
      await Promise.all([
        this.models.User.find({ platformId, _id: { $in: ids } }, { lastLaunchAt: 1 }).lean<UserDoc[]>(),
        latestBy(Trace, owned, "ownerId", "revisedAt"),
        latestBy(Trace, owned, "ownerId", "createdAt"),
        latestBy(this.models.ValidationRequest, learners, "learnerId", "createdAt"),
        latestBy(this.models.ContactLog, learners, "learnerId", "date"),
        this.models.Summary.aggregate<{ _id: string; count: number; oldest: Date | null }>([
          { $match: { ...learners, pendingCount: { $gt: 0 } } },
          {
            $group: {
              _id: "$learnerId",
              count: { $sum: "$pendingCount" },
              oldest: { $min: "$oldestWaiting" },
            },
          },
        ]),
        latestBy(TraceComment, { ...owned, authorRole: { $ne: "owner" } }, "ownerId", "createdAt"),
        latestBy(TraceComment, { ...owned, authorRole: "owner" }, "ownerId", "createdAt"),
      ]);
    for (const id of ids) {
      const trace = later(lastRevised.get(id), lastCreated.get(id));
      const waiting = pending.find((row) => row._id === id);
      result.set(id, {
        lastLaunchAt: users.find((user) => user._id === id)?.lastLaunchAt ?? null,
        lastTraceAt: trace,
        lastRequestAt: lastRequest.get(id) ?? null,
        lastContactAt: lastContact.get(id) ?? null,
        pendingItems: waiting?.count ?? 0,
        oldestWaitingAt: waiting?.oldest instanceof Date ? waiting.oldest : null,
        lastMessageToTuteeAt: lastMessage.get(id) ?? null,
        lastReplyAt: later(lastReply.get(id), trace ?? undefined),
      });
    }
    return result;
  }
}

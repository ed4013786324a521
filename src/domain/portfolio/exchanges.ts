// The exchanges on a trace, kept apart: formative comments (author, reviewers, group peers) and a
// reviewer's decisions (validated / to rework), each on the revision it was made on.
import type { Clock } from "../../clock.js";
import { isOwner, reviewerKind } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { TraceAccessLoader } from "./access.js";
import { PortfolioError } from "./errors.js";
import { nextStatus } from "./lifecycle.js";
import type { TraceNotices } from "./notices.js";
import type { PortfolioStore } from "./ports.js";
import type { CommentAuthorRole, DecisionOutcome, TraceComment, TraceDecision } from "./types.js";

/** A trace's exchange stays readable: far more than a tutor and a learner write on one trace. */
export const MAX_COMMENTS_PER_TRACE = 300;
/** Per author and trace: a quick back-and-forth, not a flood. */
export const MAX_COMMENTS_PER_MINUTE = 5;

export interface ExchangeDeps {
  store: Pick<PortfolioStore, "comments" | "insertComment" | "insertDecision" | "updateTrace">;
  access: TraceAccessLoader;
  notices: TraceNotices;
  clock: Clock;
  newId: () => string;
}

export class TraceExchanges {
  constructor(private readonly deps: ExchangeDeps) {}

  async comment(actor: Actor, traceId: string, body: string): Promise<TraceComment> {
    const { trace, access } = await this.deps.access.allowed(actor, traceId, "comment");
    const role: CommentAuthorRole = isOwner(actor, trace)
      ? "owner"
      : reviewerKind(actor, access)
        ? "reviewer"
        : "peer";
    const now = this.deps.clock.now();
    await this.checkCommentLimits(actor, trace.id, now);
    const comment: TraceComment = {
      id: this.deps.newId(),
      platformId: trace.platformId,
      traceId: trace.id,
      ownerId: trace.ownerId,
      authorId: actor.userId,
      authorRole: role,
      body,
      revision: trace.revision,
      createdAt: now,
    };
    await this.deps.store.insertComment(comment);
    const status =
      role === "reviewer" ? (nextStatus(trace.status, "reviewer_comment") ?? trace.status) : trace.status;
    await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      status,
      lastComment: { authorId: actor.userId, at: now },
      lastActivityAt: now,
    });
    // The author's comments go to the trace's reviewers; anyone else's to the author.
    const { notices } = this.deps;
    await notices.tell(
      role === "owner"
        ? notices.toReviewers(trace, await notices.reviewersOf(trace, access.relations), "trace_reply")
        : [notices.toOwner(trace, actor, "trace_comment")],
      now,
    );
    return comment;
  }

  /** Bounds the comments of a trace: their number, and how many one person posts in a minute. */
  private async checkCommentLimits(actor: Actor, traceId: string, now: Date): Promise<void> {
    const existing = await this.deps.store.comments(actor.platformId, traceId);
    if (existing.length >= MAX_COMMENTS_PER_TRACE) {
      throw new PortfolioError("COMMENT_LIMIT_REACHED", { comments: MAX_COMMENTS_PER_TRACE });
    }
    const minuteAgo = now.getTime() - 60_000;
    const recent = existing.filter(
      (comment) => comment.authorId === actor.userId && comment.createdAt.getTime() > minuteAgo,
    );
    if (recent.length >= MAX_COMMENTS_PER_MINUTE) {
      throw new PortfolioError("COMMENT_RATE_LIMITED", { perMinute: MAX_COMMENTS_PER_MINUTE });
    }
  }

  async decide(
    actor: Actor,
    traceId: string,
    outcome: DecisionOutcome,
    reason: string,
  ): Promise<TraceDecision> {
    const { trace } = await this.deps.access.allowed(actor, traceId, "decide");
    const status = nextStatus(trace.status, outcome === "validated" ? "validate" : "rework");
    if (!status) throw new PortfolioError("TRACE_ALREADY_DECIDED");
    const now = this.deps.clock.now();
    const decision: TraceDecision = {
      id: this.deps.newId(),
      platformId: trace.platformId,
      traceId: trace.id,
      ownerId: trace.ownerId,
      deciderId: actor.userId,
      outcome,
      reason,
      revision: trace.revision,
      course: actor.contextId ? { deploymentId: actor.deploymentId, contextId: actor.contextId } : null,
      createdAt: now,
    };
    await this.deps.store.insertDecision(decision);
    await this.deps.store.updateTrace(actor.platformId, trace.id, null, {
      status,
      updatedAt: now,
      lastActivityAt: now,
    });
    const kind = outcome === "validated" ? "trace_validated" : "trace_to_rework";
    await this.deps.notices.tell([this.deps.notices.toOwner(trace, actor, kind)], now);
    return decision;
  }
}

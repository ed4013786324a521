// Loads what the trace policy decides on (the trace, its owner's relations, whom the actor follows,
// evidence grants) and refuses with a 404 that says nothing of the trace; the log says why.
import { NotFoundError } from "../../errors.js";
import { abilities, can } from "../../policies/policy.js";
import {
  isOwner,
  readerRole,
  tracePolicy,
  type ReaderRole,
  type TraceAbilities,
  type TraceAccess,
  type TraceAction,
  type TraceRelations,
} from "../../policies/portfolio.js";
import type { TeachingScope } from "../../policies/teaching-scope.js";
import type { Actor } from "../actor.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import { PortfolioError } from "./errors.js";
import {
  NO_EVIDENCE_GRANTS,
  type EvidenceGrantSource,
  type PortfolioLog,
  type PortfolioStore,
  type TutoringDirectory,
} from "./ports.js";
import type { Trace } from "./types.js";

export interface AccessDeps {
  store: Pick<PortfolioStore, "findTrace">;
  tutoring: Pick<TutoringDirectory, "tutorsOf" | "peerTutorsOf" | "groupPeersOf">;
  /** Whom an actor follows (courses taught, tutees): the one source of reviewer access. */
  scopes: Pick<TeachingScopes, "of">;
  evidenceGrants?: EvidenceGrantSource;
  log: PortfolioLog;
}

/** A trace the actor may read, with what the decision was made on. */
export interface LoadedTrace {
  trace: Trace;
  access: TraceAccess;
}

/** A trace as its reader sees it: the trace, the owner's relations, the reader's abilities and role. */
export interface TraceView {
  trace: Trace;
  relations: TraceRelations;
  can: TraceAbilities;
  readerRole: ReaderRole;
}

export class TraceAccessLoader {
  private readonly grants: EvidenceGrantSource;

  constructor(private readonly deps: AccessDeps) {
    this.grants = deps.evidenceGrants ?? NO_EVIDENCE_GRANTS;
  }

  scopeOf(actor: Actor): Promise<TeachingScope> {
    return this.deps.scopes.of(actor);
  }

  async relationsOf(platformId: string, ownerId: string): Promise<TraceRelations> {
    const [tutors, peerTutors, groupPeers] = await Promise.all([
      this.deps.tutoring.tutorsOf(platformId, ownerId),
      this.deps.tutoring.peerTutorsOf(platformId, ownerId),
      this.deps.tutoring.groupPeersOf(platformId, ownerId),
    ]);
    return { platformId, ownerId, tutors, peerTutors, groupPeers };
  }

  /** The trace, if the actor may read it; otherwise the same 404 as a trace that does not exist. */
  async readable(actor: Actor, traceId: string): Promise<LoadedTrace> {
    const trace = await this.deps.store.findTrace(actor.platformId, traceId);
    if (!trace) throw new NotFoundError("NOT_FOUND", `trace ${traceId}: no such trace`);
    const [relations, scope, grants] = await Promise.all([
      this.relationsOf(actor.platformId, trace.ownerId),
      this.deps.scopes.of(actor),
      this.grants.grantsFor(actor),
    ]);
    const loaded = { trace, access: { trace, relations, scope, grants } };
    return this.permitted(actor, loaded, "read");
  }

  /** The trace, if the actor may also do `action` on it (a refusal looks like absence). */
  async allowed(actor: Actor, traceId: string, action: TraceAction): Promise<LoadedTrace> {
    return this.permitted(actor, await this.readable(actor, traceId), action);
  }

  /** The owner's trace, still open to changes: a validated trace says so (409), others see nothing. */
  async editable(actor: Actor, traceId: string): Promise<LoadedTrace> {
    const loaded = await this.readable(actor, traceId);
    if (!isOwner(actor, loaded.trace)) throw this.notFound(actor, traceId, "edit: not the owner");
    if (!can(actor, tracePolicy, "edit", loaded.access)) throw new PortfolioError("TRACE_LOCKED");
    return loaded;
  }

  view(actor: Actor, { trace, access }: LoadedTrace): TraceView {
    return {
      trace,
      relations: access.relations,
      can: abilities(actor, tracePolicy, access),
      readerRole: readerRole(actor, access),
    };
  }

  /** The traces among these that the actor may read (one scope, one set of relations per owner). */
  async readableAmong(actor: Actor, traces: readonly Trace[]): Promise<Trace[]> {
    if (traces.length === 0) return [];
    const [scope, grants] = await Promise.all([this.deps.scopes.of(actor), this.grants.grantsFor(actor)]);
    const relationsByOwner = new Map<string, TraceRelations>();
    for (const ownerId of new Set(traces.map((trace) => trace.ownerId))) {
      relationsByOwner.set(ownerId, await this.relationsOf(actor.platformId, ownerId));
    }
    return traces.filter((trace) => {
      const relations = relationsByOwner.get(trace.ownerId);
      return relations !== undefined && can(actor, tracePolicy, "read", { trace, relations, scope, grants });
    });
  }

  /** Refusals look like absence to the user; the log says what happened. */
  notFound(actor: Actor, traceId: string, why: string): NotFoundError {
    this.deps.log.warn(
      { platformId: actor.platformId, userId: actor.userId, traceId, why },
      "portfolio: access refused",
    );
    return new NotFoundError("NOT_FOUND", `trace ${traceId}: ${why}`);
  }

  private permitted(actor: Actor, loaded: LoadedTrace, action: TraceAction): LoadedTrace {
    if (!can(actor, tracePolicy, action, loaded.access))
      throw this.notFound(actor, loaded.trace.id, `${action} refused`);
    return loaded;
  }
}

// The trace types of a platform: the built-in ones and those its administrators add or archive.
import type { Clock } from "../../clock.js";
import { NotFoundError } from "../../errors.js";
import { can } from "../../policies/policy.js";
import { portfolioPolicy } from "../../policies/portfolio.js";
import type { Actor } from "../actor.js";
import type { PortfolioLog, PortfolioStore } from "./ports.js";
import {
  BUILT_IN_TRACE_TYPES,
  customTraceType,
  findTraceType,
  type CustomTraceTypeInput,
  type TraceTypeDefinition,
} from "./trace-types.js";
import type { Trace } from "./types.js";

export interface TypeCatalogDeps {
  store: Pick<PortfolioStore, "customTraceTypes" | "insertTraceType" | "setTraceTypeArchived">;
  clock: Clock;
  newId: () => string;
  log: PortfolioLog;
}

export class TraceTypeCatalog {
  constructor(private readonly deps: TypeCatalogDeps) {}

  async all(platformId: string): Promise<TraceTypeDefinition[]> {
    return [...BUILT_IN_TRACE_TYPES, ...(await this.deps.store.customTraceTypes(platformId))];
  }

  /** The types offered for new traces. */
  async active(platformId: string): Promise<TraceTypeDefinition[]> {
    return (await this.all(platformId)).filter((type) => !type.archived);
  }

  async find(platformId: string, key: string): Promise<TraceTypeDefinition | undefined> {
    return findTraceType(await this.all(platformId), key);
  }

  /** A type a new trace may be written in: known and not archived (else a 404). */
  async offered(platformId: string, key: string): Promise<TraceTypeDefinition> {
    const type = await this.find(platformId, key);
    if (!type || type.archived) throw new NotFoundError("NOT_FOUND", `trace type ${key}`);
    return type;
  }

  /** The type of an existing trace; one that has disappeared is rebuilt from the trace's own sections. */
  async ofTrace(trace: Trace): Promise<TraceTypeDefinition> {
    return (
      (await this.find(trace.platformId, trace.typeKey)) ?? {
        key: trace.typeKey,
        name: { fr: trace.typeKey },
        description: { fr: "" },
        sections: trace.sections.map((section) => ({
          key: section.key,
          title: section.title,
          guidance: { fr: "" },
        })),
        builtIn: false,
        archived: true,
      }
    );
  }

  async add(actor: Actor, input: CustomTraceTypeInput): Promise<TraceTypeDefinition> {
    this.requireManager(actor);
    const type = customTraceType(input, this.deps.newId().replace(/-/g, "").slice(0, 6).toLowerCase());
    await this.deps.store.insertTraceType(actor.platformId, type, actor.userId, this.deps.clock.now());
    return type;
  }

  async setArchived(actor: Actor, key: string, archived: boolean): Promise<void> {
    this.requireManager(actor);
    const changed = await this.deps.store.setTraceTypeArchived(actor.platformId, key, archived);
    if (!changed) throw new NotFoundError("NOT_FOUND", `trace type ${key}`);
  }

  private requireManager(actor: Actor): void {
    if (can(actor, portfolioPolicy, "manageTypes", actor)) return;
    this.deps.log.warn(
      { userId: actor.userId, platformId: actor.platformId },
      "portfolio: admin action refused",
    );
    throw new NotFoundError("PAGE_NOT_FOUND", "trace types: not an admin");
  }
}

// Tagging traces with a framework's competences and families of situations: which framework to offer,
// and checking that what was ticked exists there (tags from other frameworks are kept as they are).
import { hasRole, type Actor } from "../actor.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import { findCompetence, isAssessable } from "../frameworks/framework.js";
import { PortfolioError } from "./errors.js";
import type { CompetenceTag, SituationTag, TraceContent } from "./types.js";

/** Tags as the editor sends them: ticked in one framework (null: no tags edited). */
export interface TagInput {
  frameworkId: string | null;
  competences: { code: string; level: string | null }[];
  situations: string[];
}

export type Tags = Pick<TraceContent, "competences" | "situations">;

/** The framework most of these tags come from, if any. */
export function mostUsedFramework(tags: readonly { frameworkId: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const tag of tags) counts.set(tag.frameworkId, (counts.get(tag.frameworkId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export class TraceTagging {
  constructor(private readonly frameworks: FrameworkCatalog) {}

  /**
   * Frameworks the actor may tag with and see coverage against: those of the launch's course (its
   * default and its placements'), never the platform's whole catalog; administrators see every
   * active one. A launch without a course has none to offer.
   */
  async offered(actor: Actor): Promise<StoredFramework[]> {
    if (hasRole(actor, "admin"))
      return (await this.frameworks.list(actor.platformId)).filter(
        (framework) => framework.status === "active",
      );
    if (!actor.contextId) return [];
    return this.frameworks.forCourse({
      platformId: actor.platformId,
      deploymentId: actor.deploymentId,
      contextId: actor.contextId,
    });
  }

  byId(platformId: string, id: string): Promise<StoredFramework | null> {
    return this.frameworks.byId(platformId, id);
  }

  /** The frameworks these tags point to (versions the platform still knows). */
  async ofTags(platformId: string, tags: Tags): Promise<Map<string, StoredFramework>> {
    const found = new Map<string, StoredFramework>();
    for (const id of new Set([...tags.competences, ...tags.situations].map((tag) => tag.frameworkId))) {
      const framework = await this.frameworks.byId(platformId, id);
      if (framework) found.set(id, framework);
    }
    return found;
  }

  /**
   * The framework to tag with and to show coverage against: the one asked for, else the placement's,
   * else the one the learner's traces use most, else none (the page offers a choice).
   */
  async current(
    actor: Actor,
    requestedId: string | null,
    traces: readonly { competences: readonly { frameworkId: string }[] }[] = [],
  ): Promise<StoredFramework | null> {
    if (requestedId) {
      // Only one of the actor's frameworks, or one their traces already use, may be asked for.
      const used = traces.some((trace) => trace.competences.some((tag) => tag.frameworkId === requestedId));
      const offered = used || (await this.offered(actor)).some((framework) => framework.id === requestedId);
      const requested = offered ? await this.frameworks.byId(actor.platformId, requestedId) : null;
      if (requested) return requested;
    }
    if (actor.contextId) {
      const placed = await this.frameworks.forPlacement({
        platformId: actor.platformId,
        deploymentId: actor.deploymentId,
        contextId: actor.contextId,
        resourceLinkId: actor.resourceLinkId,
      });
      if (placed) return placed;
    }
    const mostUsed = mostUsedFramework(traces.flatMap((trace) => trace.competences));
    return mostUsed ? this.frameworks.byId(actor.platformId, mostUsed) : null;
  }

  /** The tags to store: those ticked, checked against their framework, and those of other frameworks. */
  async checked(platformId: string, input: TagInput, previous: Tags | null): Promise<Tags> {
    const kept = {
      competences: (previous?.competences ?? []).filter((tag) => tag.frameworkId !== input.frameworkId),
      situations: (previous?.situations ?? []).filter((tag) => tag.frameworkId !== input.frameworkId),
    };
    if (!input.frameworkId) return kept;
    const framework = await this.frameworks.byId(platformId, input.frameworkId);
    if (!framework) throw new PortfolioError("TRACE_TAG_UNKNOWN");
    const ticked = tickedTags(framework, input);
    return {
      competences: [...kept.competences, ...ticked.competences],
      situations: [...kept.situations, ...ticked.situations],
    };
  }
}

function tickedTags(framework: StoredFramework, input: TagInput): Tags {
  const definition = framework.definition;
  const levels = new Set(definition.scale.levels.map((level) => level.code));
  const families = new Set(definition.situationFamilies.map((family) => family.code));
  const competences: CompetenceTag[] = [];
  const seen = new Set<string>();
  for (const tag of input.competences) {
    const located = findCompetence(definition, tag.code);
    if (!located || !isAssessable(located.node)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
    if (tag.level !== null && !levels.has(tag.level)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
    if (seen.has(tag.code)) continue;
    seen.add(tag.code);
    competences.push({ frameworkId: framework.id, code: tag.code, level: tag.level });
  }
  const situations: SituationTag[] = [];
  for (const code of new Set(input.situations)) {
    if (!families.has(code)) throw new PortfolioError("TRACE_TAG_UNKNOWN");
    situations.push({ frameworkId: framework.id, code });
  }
  return { competences, situations };
}

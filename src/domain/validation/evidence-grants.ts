// The read access a validation request gives: whoever may decide on a learner's competences may read
// the traces the learner cited as evidence — decided by the same teaching scope as every other rule.
import type { Actor } from "../actor.js";
import type { CourseRef } from "../course.js";
import type { TeachingScopes } from "../people/teaching-scopes.js";
import type { EvidenceGrant } from "../../policies/portfolio.js";
import type { EvidenceGrantSource } from "../portfolio/ports.js";
import { isEmptyScope } from "../../policies/teaching-scope.js";

export interface CitedEvidence {
  learnerId: string;
  traceIds: readonly string[];
}

export interface EvidenceCitations {
  citedEvidence(
    platformId: string,
    among: { courses: readonly CourseRef[]; learnerIds: readonly string[] },
  ): Promise<CitedEvidence[]>;
}

export class ValidationEvidenceGrants implements EvidenceGrantSource {
  constructor(
    private readonly scopes: Pick<TeachingScopes, "of">,
    private readonly citations: EvidenceCitations,
  ) {}

  /** Traces cited in records of the courses the actor teaches and of their tutees, never their own. */
  async grantsFor(actor: Actor): Promise<EvidenceGrant[]> {
    const scope = await this.scopes.of(actor);
    if (isEmptyScope(scope)) return [];
    const cited = await this.citations.citedEvidence(actor.platformId, {
      courses: scope.courses,
      learnerIds: [...scope.tutees],
    });
    const grants = new Map<string, EvidenceGrant>();
    for (const row of cited) {
      if (row.learnerId === actor.userId) continue;
      for (const traceId of row.traceIds)
        grants.set(traceId, { platformId: actor.platformId, traceId, userId: actor.userId });
    }
    return [...grants.values()];
  }
}

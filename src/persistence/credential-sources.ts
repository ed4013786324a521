// What credentials read from the other areas, through their repositories: validation records,
// the learner's own traces (frozen as evidence), names of people and courses.
import type { CourseScope } from "../domain/course.js";
import type {
  EvidenceSnapshot,
  EvidenceSource,
  PeopleNames,
  ValidationFacts,
} from "../domain/credentials/ports.js";
import { displayName } from "../domain/people/people.js";
import type { PortfolioStore } from "../domain/portfolio/ports.js";
import type { CompetenceRecordStore } from "../domain/validation/ports.js";
import type { CompetenceKey, CompetenceRecord } from "../domain/validation/records.js";
import type { PeopleRepository } from "./people-repository.js";

export class ValidationRecordFacts implements ValidationFacts {
  constructor(private readonly store: Pick<CompetenceRecordStore, "find" | "forLearner">) {}

  records(course: CourseScope, learnerId: string, frameworkId: string): Promise<CompetenceRecord[]> {
    return this.store.forLearner(course, learnerId, frameworkId);
  }

  record(key: CompetenceKey): Promise<CompetenceRecord | null> {
    return this.store.find(key);
  }
}

export class TraceEvidence implements EvidenceSource {
  constructor(private readonly store: Pick<PortfolioStore, "findTrace">) {}

  async snapshots(
    platformId: string,
    learnerId: string,
    traceIds: readonly string[],
  ): Promise<EvidenceSnapshot[]> {
    const snapshots: EvidenceSnapshot[] = [];
    for (const id of [...new Set(traceIds)].slice(0, 10)) {
      const trace = await this.store.findTrace(platformId, id);
      // Only the learner's own traces: a badge never publishes someone else's work.
      if (!trace || trace.ownerId !== learnerId) continue;
      snapshots.push({
        traceId: trace.id,
        revision: trace.revision,
        title: trace.title,
        date: trace.date,
        placement: trace.placement,
        sections: trace.sections
          .filter((section) => section.body.trim() !== "")
          .map((section) => ({ title: section.title.fr, body: section.body })),
      });
    }
    return snapshots;
  }
}

export class PeopleNamesAdapter implements PeopleNames {
  constructor(private readonly people: Pick<PeopleRepository, "course" | "person">) {}

  async courseTitle(course: CourseScope): Promise<string | undefined> {
    return (await this.people.course(course))?.title ?? undefined;
  }

  async name(platformId: string, userId: string): Promise<string | undefined> {
    const person = await this.people.person(platformId, userId);
    return person ? displayName(person) : undefined;
  }

  async email(platformId: string, userId: string): Promise<string | undefined> {
    return (await this.people.person(platformId, userId))?.email ?? undefined;
  }
}

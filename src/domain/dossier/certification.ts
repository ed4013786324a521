// The certification record of a course: one row per learner × competence of the course's framework
// (state, level, validation date, validators and channels) — what a scolarité office imports.
import type { FrameworkCatalog } from "../frameworks/catalog.js";
import type { CourseScope } from "../course.js";
import { displayName, namesOf, type PeopleDirectory } from "../people/people.js";
import type { CompetenceRecordStore, CourseRulesReader } from "../validation/ports.js";
import { competenceRows } from "./assemble.js";
import type { DossierCompetence } from "./dossier.js";

export interface CertificationRow extends DossierCompetence {
  learner: { id: string; sub: string; name: string; email: string };
}

export interface CertificationRecord {
  framework: { key: string; version: string } | null;
  rows: CertificationRow[];
}

export class CertificationRecords {
  constructor(
    private readonly deps: {
      rules: CourseRulesReader;
      frameworks: Pick<FrameworkCatalog, "byId">;
      records: Pick<CompetenceRecordStore, "forLearner">;
      people: Pick<PeopleDirectory, "members" | "people">;
    },
  ) {}

  async forCourse(scope: CourseScope): Promise<CertificationRecord> {
    const rules = await this.deps.rules.get(scope);
    const framework = rules.frameworkId
      ? await this.deps.frameworks.byId(scope.platformId, rules.frameworkId)
      : null;
    if (!framework) return { framework: null, rows: [] };
    const learners = (await this.deps.people.members(scope, "learner")).sort((a, b) =>
      displayName(a).localeCompare(displayName(b), "fr"),
    );
    const rows: CertificationRow[] = [];
    for (const learner of learners) {
      const records = await this.deps.records.forLearner(scope, learner.id, framework.id);
      const names = await namesOf(
        this.deps.people,
        scope.platformId,
        records.flatMap((record) => record.approvals.map((approval) => approval.validatorId)),
      );
      const person = {
        id: learner.id,
        sub: learner.sub,
        name: displayName(learner),
        email: learner.email ?? "",
      };
      for (const row of competenceRows(framework, records, names)) rows.push({ ...row, learner: person });
    }
    return { framework: { key: framework.key, version: framework.version }, rows };
  }
}

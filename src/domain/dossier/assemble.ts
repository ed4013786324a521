// Gathers a learner's dossier from the areas that own each part. It reads only what a jury may see:
// the chosen traces, competence records, the final synthesis, attendance. It has no access to private
// notes, team notes or support cases — they are not among its dependencies.
import type { Clock } from "../../clock.js";
import type { FrameworkCatalog, StoredFramework } from "../frameworks/catalog.js";
import { leafCompetences } from "../frameworks/framework.js";
import { displayName, namesOf, type PeopleDirectory } from "../people/people.js";
import { pickFields } from "../pick-fields.js";
import type { PortfolioStore } from "../portfolio/ports.js";
import type { Trace } from "../portfolio/types.js";
import type { CompetenceRecordStore, CourseRulesReader } from "../validation/ports.js";
import type { CompetenceRecord } from "../validation/records.js";
import type { DossierCompetence, DossierContent, DossierSubject, DossierTrace } from "./dossier.js";
import { NO_ATTENDANCE, type AttendanceSource, type DossierSelectionStore } from "./ports.js";
import type { TutorSyntheses } from "./synthesis.js";

export interface DossierSources {
  rules: CourseRulesReader;
  frameworks: Pick<FrameworkCatalog, "byId">;
  records: Pick<CompetenceRecordStore, "forLearner">;
  people: Pick<PeopleDirectory, "person" | "people" | "course">;
  traces: Pick<PortfolioStore, "tracesOf">;
  selections: DossierSelectionStore;
  syntheses: Pick<TutorSyntheses, "final">;
  attendance?: AttendanceSource;
  clock: Clock;
}

/** Traces a learner may put in a dossier (more would not be read by a jury). */
export const MAX_DOSSIER_TRACES = 200;

export class DossierAssembler {
  constructor(private readonly sources: DossierSources) {}

  async assemble(subject: DossierSubject): Promise<DossierContent> {
    const { platformId, learnerId } = subject;
    const [learner, course, rules, chosen] = await Promise.all([
      this.sources.people.person(platformId, learnerId),
      this.sources.people.course(subject),
      this.sources.rules.get(subject),
      this.sources.selections.chosen(platformId, learnerId),
    ]);
    const framework = rules.frameworkId
      ? await this.sources.frameworks.byId(platformId, rules.frameworkId)
      : null;
    const [records, traces, synthesis, attendance] = await Promise.all([
      framework ? this.sources.records.forLearner(subject, learnerId, framework.id) : Promise.resolve([]),
      this.chosenTraces(platformId, learnerId, chosen ?? []),
      this.sources.syntheses.final(platformId, learnerId),
      (this.sources.attendance ?? NO_ATTENDANCE).attendanceOf(subject),
    ]);
    const names = await namesOf(this.sources.people, platformId, [
      ...records.flatMap((record) => record.approvals.map((approval) => approval.validatorId)),
      ...(synthesis ? [synthesis.authorId] : []),
    ]);
    return {
      subject,
      learnerName: learner ? displayName(learner) : "",
      programme: course?.title ?? course?.label ?? "",
      framework: framework
        ? {
            key: framework.key,
            version: framework.version,
            title: framework.definition.title,
            scale: framework.definition.scale.levels.map((level) => ({
              code: level.code,
              label: level.label,
            })),
          }
        : null,
      competences: framework ? competenceRows(framework, records, names) : [],
      synthesis: synthesis ? { ...synthesis, authorName: names.get(synthesis.authorId) ?? "" } : null,
      attendance,
      traces,
      generatedAt: this.sources.clock.now(),
    };
  }

  /** The chosen traces that are still the learner's own, in the order of their dates. */
  private async chosenTraces(
    platformId: string,
    learnerId: string,
    ids: readonly string[],
  ): Promise<DossierTrace[]> {
    if (ids.length === 0) return [];
    const wanted = new Set(ids);
    const own = await this.sources.traces.tracesOf(platformId, learnerId, 5000);
    return own
      .filter((trace) => wanted.has(trace.id))
      .slice(0, MAX_DOSSIER_TRACES)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(dossierTrace);
  }
}

function dossierTrace(trace: Trace): DossierTrace {
  return {
    ...pickFields(trace, "id", "title", "date", "placement", "typeKey", "revision"),
    sections: trace.sections
      .filter((section) => section.body.trim() !== "")
      .map(({ key, title, body }) => ({ key, title, body })),
    competenceCodes: trace.competences.map((tag) => tag.code),
    attachments: trace.attachments.map((file) => ({
      ...pickFields(file, "id", "filename", "mime", "size"),
      traceId: trace.id,
    })),
  };
}

export function competenceRows(
  framework: StoredFramework,
  records: readonly CompetenceRecord[],
  names: ReadonlyMap<string, string>,
): DossierCompetence[] {
  const byCode = new Map(records.map((record) => [record.competenceCode, record]));
  const levels = new Map(framework.definition.scale.levels.map((level) => [level.code, level.label]));
  return leafCompetences(framework.definition).map(({ node, path }) => {
    const root = framework.definition.competences.find((candidate) => candidate.code === path[0]);
    const record = byCode.get(node.code);
    const validated = record?.state === "validated";
    const approvals = record?.approvals ?? [];
    const levelLabel = validated && record.level ? levels.get(record.level) : undefined;
    return {
      code: node.code,
      title: node.title,
      domain: { code: root?.code ?? "", title: root?.title ?? node.title },
      state: record?.state ?? "not_started",
      level: validated && record.level && levelLabel ? { code: record.level, label: levelLabel } : null,
      validatedAt: validated && approvals.length > 0 ? latest(approvals.map((a) => a.at)) : null,
      validators: approvals.map((approval) => ({
        name: approval.externalName ?? names.get(approval.validatorId) ?? "",
        channel: approval.channel,
        at: approval.at,
        level: approval.level,
      })),
    };
  });
}

function latest(dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map((date) => new Date(date).getTime())));
}

// Turns pending competence-record changes (and re-sync requests) into the latest desired score of each
// learner for each graded placement of the course, in grade_deliveries; then clears the markers with a
// compare-and-set. A crash anywhere only means projecting again, which changes nothing the second time.
import type { FrameworkCatalog, StoredFramework } from "../domain/frameworks/catalog.js";
import { groupMarkers, isGradableLearner, type LearnerGroup } from "../domain/grading/delivery-rules.js";
import { computeDesiredScore, gradingSettingsOf, type CommentFormatter } from "../domain/grading/policy.js";
import type {
  CourseKey,
  GradeSyncMarkers,
  LearnerProgress,
  ProgressSource,
} from "../domain/grading/ports.js";
import { translator } from "../i18n/i18n.js";
import type {
  GradeDeliveries,
  GradeLearnerDoc,
  GradeLearners,
  ProjectionTarget,
  ProjectOutcome,
} from "../persistence/grade-deliveries.js";
import type { GradeRoster, GradedPerson } from "../persistence/grade-roster.js";
import type { GradingPlacements, PlacementDoc } from "../persistence/grading-placements.js";
import type { JobDeps } from "./job-loop.js";

/** The gradebook comment is French, like the institutions using Carnet: "12/20 compétences validées". */
export const frenchComment: CommentFormatter = (() => {
  const t = translator("fr");
  return ({ validated, required }) => t("grading:comment.progress", { validated, required });
})();

export interface GradeProjectorDeps extends JobDeps {
  markers: GradeSyncMarkers;
  progress: ProgressSource;
  learners: GradeLearners;
  deliveries: GradeDeliveries;
  placements: GradingPlacements;
  frameworks: Pick<FrameworkCatalog, "forPlacement">;
  roster: Pick<GradeRoster, "people">;
  comment?: CommentFormatter;
}

export interface GradeProjectorOptions {
  /**
   * Markers read at once, oldest first. Large, so that a learner with many changes waiting is projected
   * once, not once per batch their changes are spread over.
   */
  batchSize?: number;
  /** Batches per run; the loop runs again soon after anyway. */
  maxBatches?: number;
  /** Learners projected at a time. */
  concurrency?: number;
  /** Only these platforms (per-tenant workers, tests). */
  platformIds?: readonly string[];
  /** Called each time a learner's desired score changed: delivery can start before the batch ends. */
  onChanged?: () => void;
}

export interface ProjectionReport {
  learners: number;
  changed: number;
  markersCleared: number;
  stale: number;
  failed: number;
}

function learnerKey(scope: CourseKey, learnerId: string): string {
  return JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId, learnerId]);
}

interface GradedPlacement {
  placement: PlacementDoc;
  framework: StoredFramework;
}

interface CourseInput {
  targets: GradedPlacement[];
  /** Framework id → learner id → progress. */
  progress: Map<string, Map<string, LearnerProgress>>;
  /** Placement id → learner id → its entry, when the batch was large enough to read them at once. */
  entries: Map<string, Map<string, ProjectionTarget>> | undefined;
}

/**
 * From this many learners of one course in a batch, their entries are read in one query per placement
 * rather than one lookup each (one index lookup each is cheaper for a handful).
 */
const BATCH_READ_FROM = 16;

function courseKey(scope: CourseKey): string {
  return JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId]);
}

interface Work extends LearnerGroup {
  resync?: { id: string; version: number; force: boolean };
}

/** The batch's learners course by course, keyed by courseKey. */
function byCourse(work: readonly Work[]): Map<string, { scope: CourseKey; learnerIds: string[] }> {
  const courses = new Map<string, { scope: CourseKey; learnerIds: string[] }>();
  for (const item of work) {
    const course = courses.get(courseKey(item.scope)) ?? { scope: item.scope, learnerIds: [] };
    course.learnerIds.push(item.learnerId);
    courses.set(courseKey(item.scope), course);
  }
  return courses;
}

export class GradeProjector {
  private readonly comment: CommentFormatter;
  private stopped = false;

  constructor(
    private readonly deps: GradeProjectorDeps,
    private readonly options: GradeProjectorOptions = {},
  ) {
    this.comment = deps.comment ?? frenchComment;
  }

  /** Stops between learners: a projection is idempotent, so what is left is simply projected later. */
  stop(): void {
    this.stopped = true;
  }

  async runOnce(): Promise<ProjectionReport> {
    const report: ProjectionReport = { learners: 0, changed: 0, markersCleared: 0, stale: 0, failed: 0 };
    const batchSize = this.options.batchSize ?? 1_000;
    for (let batch = 0; batch < (this.options.maxBatches ?? 20) && !this.stopped; batch++) {
      const [markers, resyncs] = await Promise.all([
        this.deps.markers.pending(batchSize, this.options.platformIds),
        this.deps.learners.pendingResyncs(batchSize, this.options.platformIds),
      ]);
      if (markers.length === 0 && resyncs.length === 0) break;
      const done = await this.projectBatch(mergeWork(groupMarkers(markers), resyncs), report);
      // Markers that cannot be cleared yet (stale projections, errors) wait for the next run.
      if (done === 0) break;
      if (markers.length < batchSize && resyncs.length < batchSize) break;
    }
    return report;
  }

  /**
   * One batch: per-learner fences, then each course's progress in one read per framework, then each
   * learner's projections, then the markers and re-sync requests of the learners done, in one write.
   * Returns how many learners were done (neither stale nor failed).
   */
  private async projectBatch(work: readonly Work[], report: ProjectionReport): Promise<number> {
    const concurrency = this.options.concurrency ?? 8;
    const people = await this.peopleOf(work);
    const gradable = new Set(
      work.filter((item) => {
        const person = people.get(learnerKey(item.scope, item.learnerId));
        return person !== undefined && isGradableLearner(person.membership);
      }),
    );
    // The fence comes before progress is read: a later projection of the learner gets a higher fence
    // and reads newer progress, so the older one cannot overwrite it.
    const fences = new Map<Work, number>();
    const failed = new Set<Work>();
    await inParallel(work, concurrency, async (item) => {
      if (this.stopped) return;
      try {
        fences.set(item, await this.deps.learners.nextFence(item.scope, item.learnerId));
      } catch (error) {
        this.failed(item, error, failed, report);
      }
    });
    const courses = await this.courseInputs([...gradable].filter((item) => fences.has(item)));
    const done: Work[] = [];
    await inParallel(work, concurrency, async (item) => {
      const fence = fences.get(item);
      if (this.stopped || fence === undefined) return;
      try {
        const person = people.get(learnerKey(item.scope, item.learnerId));
        const course = courses.get(courseKey(item.scope));
        const fresh =
          person && course && gradable.has(item)
            ? await this.projectLearner(item, person, fence, course, report)
            : true;
        report.learners += 1;
        if (fresh) done.push(item);
        // A newer projection of this learner already wrote; it clears what it read.
        else report.stale += 1;
      } catch (error) {
        this.failed(item, error, failed, report);
      }
    });
    report.markersCleared += await this.deps.markers.clear(done.flatMap((item) => item.markers));
    await this.deps.learners.clearResyncs(
      done.flatMap((item) => (item.resync ? [{ id: item.resync.id, version: item.resync.version }] : [])),
    );
    return done.length;
  }

  private failed(item: Work, error: unknown, failed: Set<Work>, report: ProjectionReport): void {
    if (failed.has(item)) return;
    failed.add(item);
    report.failed += 1;
    this.deps.logger.warn(
      { platformId: item.scope.platformId, err: error instanceof Error ? error.message : String(error) },
      "grade projection failed; will retry",
    );
  }

  /** Per course of the batch: its graded placements and its learners' progress, one read per framework. */
  private async courseInputs(work: readonly Work[]): Promise<Map<string, CourseInput>> {
    const inputs = new Map<string, CourseInput>();
    for (const [key, { scope, learnerIds }] of byCourse(work)) {
      const targets = await this.gradedPlacements(scope);
      const progress = new Map<string, Map<string, LearnerProgress>>();
      for (const frameworkId of new Set(targets.map((target) => target.framework.id))) {
        progress.set(frameworkId, await this.deps.progress.learnersProgress(scope, learnerIds, frameworkId));
      }
      let entries: CourseInput["entries"];
      if (learnerIds.length >= BATCH_READ_FROM) {
        entries = new Map();
        for (const { placement } of targets) {
          const link = { ...scope, resourceLinkId: placement.resourceLinkId };
          entries.set(placement._id, await this.deps.deliveries.targets(link, learnerIds));
        }
      }
      inputs.set(key, { targets, progress, entries });
    }
    return inputs;
  }

  private async gradedPlacements(scope: CourseKey): Promise<GradedPlacement[]> {
    const targets: GradedPlacement[] = [];
    for (const placement of await this.deps.placements.graded(scope)) {
      const framework = await this.deps.frameworks.forPlacement({
        ...scope,
        resourceLinkId: placement.resourceLinkId,
      });
      // A placement without a framework has nothing to count yet.
      if (framework) targets.push({ placement, framework });
    }
    return targets;
  }

  /** Who the batch's learners are (LTI sub, membership), in two reads per course. */
  private async peopleOf(work: readonly Work[]): Promise<Map<string, GradedPerson>> {
    const people = new Map<string, GradedPerson>();
    for (const { scope, learnerIds } of byCourse(work).values()) {
      for (const [learnerId, person] of await this.deps.roster.people(scope, learnerIds)) {
        people.set(learnerKey(scope, learnerId), person);
      }
    }
    return people;
  }

  /** Writes the learner's desired score for each graded placement; false when a newer projection won. */
  private async projectLearner(
    work: Work,
    person: GradedPerson,
    fence: number,
    course: CourseInput,
    report: ProjectionReport,
  ): Promise<boolean> {
    const { scope, learnerId } = work;
    const now = this.deps.clock.now();
    const force = work.resync?.force ?? false;
    let fresh = true;
    for (const { placement, framework } of course.targets) {
      const progress = course.progress.get(framework.id)?.get(learnerId);
      if (!progress) continue;
      const desired = computeDesiredScore(
        {
          settings: gradingSettingsOf(placement.grading),
          progress,
          scaleLevels: framework.definition.scale.levels,
        },
        this.comment,
      );
      const outcome: ProjectOutcome = await this.deps.deliveries.project(
        {
          key: { ...scope, resourceLinkId: placement.resourceLinkId, learnerId },
          placementId: placement._id,
          userSub: person.sub,
          lineItemUrl: placement.ags?.lineitem ?? undefined,
          agsScopes: placement.ags?.scopes ?? [],
          desired,
        },
        fence,
        now,
        force,
        course.entries ? (course.entries.get(placement._id)?.get(learnerId) ?? null) : undefined,
      );
      if (outcome === "stale") fresh = false;
      if (outcome === "created" || outcome === "updated") {
        report.changed += 1;
        this.options.onChanged?.();
      }
    }
    return fresh;
  }
}

function mergeWork(groups: LearnerGroup[], resyncs: GradeLearnerDoc[]): Work[] {
  const key = (scope: LearnerGroup["scope"], learnerId: string): string =>
    JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId, learnerId]);
  const work = new Map<string, Work>(
    groups.map((group) => [key(group.scope, group.learnerId), { ...group }]),
  );
  for (const doc of resyncs) {
    if (!doc.resync) continue;
    const scope = { platformId: doc.platformId, deploymentId: doc.deploymentId, contextId: doc.contextId };
    const k = key(scope, doc.learnerId);
    const resync = { id: doc._id, version: doc.resync.version, force: doc.resync.force };
    const existing = work.get(k);
    if (existing) existing.resync = resync;
    else work.set(k, { scope, learnerId: doc.learnerId, markers: [], resync });
  }
  return [...work.values()];
}

async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

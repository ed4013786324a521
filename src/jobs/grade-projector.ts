// Turns pending competence-record changes (and re-sync requests) into the latest desired score of each
// learner for each graded placement of the course, in grade_deliveries; then clears the markers with a
// compare-and-set. A crash anywhere only means projecting again, which changes nothing the second time.
import type { Clock } from "../clock.js";
import type { FrameworkCatalog, StoredFramework } from "../domain/frameworks/catalog.js";
import { groupMarkers, isGradableLearner, type LearnerGroup } from "../domain/grading/delivery-rules.js";
import { computeDesiredScore, gradingSettingsOf, type CommentFormatter } from "../domain/grading/policy.js";
import type { CourseKey, GradeSyncMarkers, ProgressSource } from "../domain/grading/ports.js";
import { translator } from "../i18n/i18n.js";
import type { Logger } from "../logger.js";
import type { GradeDeliveries, GradeLearners, ProjectOutcome } from "../persistence/grade-deliveries.js";
import type { GradingPlacements } from "../persistence/grading-placements.js";
import type { GradeLearnerDoc } from "../persistence/models/grading-models.js";
import type { LtiModels, MembershipDoc, PlacementDoc, UserDoc } from "../persistence/models/lti-models.js";

/** The gradebook comment is French, like the institutions using Carnet: "12/20 compétences validées". */
export const frenchComment: CommentFormatter = (() => {
  const t = translator("fr");
  return ({ validated, required }) => t("grading:comment.progress", { validated, required });
})();

export interface GradeProjectorDeps {
  markers: GradeSyncMarkers;
  progress: ProgressSource;
  learners: GradeLearners;
  deliveries: GradeDeliveries;
  placements: GradingPlacements;
  frameworks: Pick<FrameworkCatalog, "forPlacement">;
  models: Pick<LtiModels, "Membership" | "User">;
  clock: Clock;
  logger: Logger;
  comment?: CommentFormatter;
}

export interface GradeProjectorOptions {
  batchSize?: number;
  /** Batches per run; the loop runs again soon after anyway. */
  maxBatches?: number;
  /** Learners projected at a time. */
  concurrency?: number;
  /** Only these platforms (per-tenant workers, tests). */
  platformIds?: readonly string[];
}

export interface ProjectionReport {
  learners: number;
  changed: number;
  markersCleared: number;
  stale: number;
  failed: number;
}

interface Person {
  membership: MembershipDoc | null;
  user: UserDoc | null;
}

function learnerKey(scope: CourseKey, learnerId: string): string {
  return JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId, learnerId]);
}

interface GradedPlacement {
  placement: PlacementDoc;
  framework: StoredFramework;
}

interface Work extends LearnerGroup {
  resync?: { id: string; version: number; force: boolean };
}

export class GradeProjector {
  private readonly comment: CommentFormatter;

  constructor(
    private readonly deps: GradeProjectorDeps,
    private readonly options: GradeProjectorOptions = {},
  ) {
    this.comment = deps.comment ?? frenchComment;
  }

  async runOnce(): Promise<ProjectionReport> {
    const report: ProjectionReport = { learners: 0, changed: 0, markersCleared: 0, stale: 0, failed: 0 };
    const batchSize = this.options.batchSize ?? 200;
    for (let batch = 0; batch < (this.options.maxBatches ?? 20); batch++) {
      const [markers, resyncs] = await Promise.all([
        this.deps.markers.pending(batchSize, this.options.platformIds),
        this.deps.learners.pendingResyncs(batchSize, this.options.platformIds),
      ]);
      if (markers.length === 0 && resyncs.length === 0) break;
      const work = mergeWork(groupMarkers(markers), resyncs);
      const before = report.markersCleared + report.learners;
      // Placements and their frameworks are read once per course and batch, not once per learner.
      const courses = new Map<string, Promise<GradedPlacement[]>>();
      const targetsOf = (scope: CourseKey): Promise<GradedPlacement[]> => {
        const key = JSON.stringify([scope.platformId, scope.deploymentId, scope.contextId]);
        let targets = courses.get(key);
        if (!targets) {
          targets = this.gradedPlacements(scope);
          courses.set(key, targets);
        }
        return targets;
      };
      const people = await this.peopleOf(work);
      // Learners are independent of each other: several at a time.
      await inParallel(work, this.options.concurrency ?? 8, async (item) => {
        try {
          const person = people.get(learnerKey(item.scope, item.learnerId)) ?? {
            membership: null,
            user: null,
          };
          await this.projectLearner(item, person, await targetsOf(item.scope), report);
        } catch (error) {
          report.failed += 1;
          this.deps.logger.warn(
            {
              platformId: item.scope.platformId,
              err: error instanceof Error ? error.message : String(error),
            },
            "grade projection failed; will retry",
          );
        }
      });
      // Markers that cannot be cleared yet (stale projections, errors) wait for the next run.
      if (report.markersCleared + report.learners === before) break;
      if (markers.length < batchSize && resyncs.length < batchSize) break;
    }
    return report;
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

  /** Memberships and users of a batch's learners, in two queries per course. */
  private async peopleOf(work: readonly Work[]): Promise<Map<string, Person>> {
    const byCourse = new Map<string, { scope: CourseKey; learnerIds: string[] }>();
    for (const item of work) {
      const key = JSON.stringify([item.scope.platformId, item.scope.deploymentId, item.scope.contextId]);
      const course = byCourse.get(key) ?? { scope: item.scope, learnerIds: [] };
      course.learnerIds.push(item.learnerId);
      byCourse.set(key, course);
    }
    const people = new Map<string, Person>();
    for (const { scope, learnerIds } of byCourse.values()) {
      const [memberships, users] = await Promise.all([
        this.deps.models.Membership.find({ ...scope, userId: { $in: learnerIds } }).lean<MembershipDoc[]>(),
        this.deps.models.User.find({ platformId: scope.platformId, _id: { $in: learnerIds } }).lean<
          UserDoc[]
        >(),
      ]);
      const membershipOf = new Map(memberships.map((membership) => [membership.userId, membership]));
      for (const user of users) {
        people.set(learnerKey(scope, user._id), { user, membership: membershipOf.get(user._id) ?? null });
      }
    }
    return people;
  }

  private async projectLearner(
    work: Work,
    { membership, user }: Person,
    targets: GradedPlacement[],
    report: ProjectionReport,
  ): Promise<void> {
    const { scope, learnerId } = work;
    const now = this.deps.clock.now();
    // Versions were read (with the markers) before progress is read below: a change made after that
    // bumps a version, the compare-and-set fails, and the learner is projected again.
    const fence = await this.deps.learners.nextFence(scope, learnerId);
    let stale = false;
    if (user && isGradableLearner(membership)) {
      const force = work.resync?.force ?? false;
      for (const { placement, framework } of targets) {
        const progress = await this.deps.progress.learnerProgress(scope, learnerId, framework.id);
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
            userSub: user.sub,
            lineItemUrl: placement.ags?.lineitem ?? undefined,
            agsScopes: placement.ags?.scopes ?? [],
            desired,
          },
          fence,
          now,
          force,
        );
        if (outcome === "stale") stale = true;
        if (outcome === "created" || outcome === "updated") report.changed += 1;
      }
    }
    report.learners += 1;
    if (stale) {
      // A newer projection of this learner already wrote; it clears what it read.
      report.stale += 1;
      return;
    }
    report.markersCleared += await this.deps.markers.clear(work.markers);
    if (work.resync) await this.deps.learners.clearResync(work.resync.id, work.resync.version);
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

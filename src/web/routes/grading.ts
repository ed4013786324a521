// Grading in the workspace: per-placement grading settings, what the LMS has for each learner, a course
// re-sync (/grading), and the parked deliveries with their retry (/admin/grades).
import express, { type Request, type Response, type Router } from "express";
import { hasRole, teachesHere, type Actor } from "../../domain/actor.js";
import { isGradableLearner } from "../../domain/grading/delivery-rules.js";
import { GRADING_POLICIES, gradingSettingsOf } from "../../domain/grading/policy.js";
import type { CourseKey } from "../../domain/grading/ports.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import type { GradeDeliveryDoc } from "../../persistence/models/grading-models.js";
import type { CourseDoc, PlacementDoc } from "../../persistence/models/lti-models.js";
import { PeopleRepository, displayName } from "../../persistence/people-repository.js";
import { deliveryErrorView, deliveryRow, scoreView } from "../../presenters/grading-presenter.js";
import { actorOf, renderPage } from "../render.js";
import { GradingSettingsFormSchema, IdParamSchema } from "../schemas/grading.js";
import type { LaunchedDeps } from "./launched.js";

function courseOf(actor: Actor): CourseKey {
  if (!teachesHere(actor) || !actor.contextId) throw new ForbiddenError();
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId };
}

/** Admins see every parked delivery of their platform; a course's teachers see their course's. */
function parkedScopeOf(actor: Actor): { platformId: string; deploymentId?: string; contextId?: string } {
  if (hasRole(actor, "admin")) return { platformId: actor.platformId };
  return courseOf(actor);
}

function handle(fn: (req: Request, res: Response) => Promise<void>): express.RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

export function gradingRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const { grading, models } = deps.services;
  const people = new PeopleRepository(models);

  const learnersOf = async (scope: CourseKey): Promise<{ id: string; name: string }[]> => {
    const members = await people.members(scope, "learner");
    return members
      .filter((member) => isGradableLearner({ roles: member.roles, status: member.status }))
      .map((member) => ({ id: member.id, name: displayName(member) }));
  };

  router.get(
    "/grading",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const scope = courseOf(actor);
      const t = res.locals.t;
      const [placements, learners, deliveries, counts] = await Promise.all([
        grading.placements.graded(scope),
        learnersOf(scope),
        grading.deliveries.forCourse(scope),
        grading.deliveries.countByStatus(scope),
      ]);
      const byPlacement = new Map<string, Map<string, GradeDeliveryDoc>>();
      for (const delivery of deliveries) {
        const forPlacement = byPlacement.get(delivery.placementId) ?? new Map<string, GradeDeliveryDoc>();
        forPlacement.set(delivery.learnerId, delivery);
        byPlacement.set(delivery.placementId, forPlacement);
      }
      renderPage(res, "pages/grading/course", "grading", {
        title: t("grading:course.title"),
        saved: req.query.saved === "1",
        resync: typeof req.query.resynced === "string" ? { count: Number(req.query.resynced) || 0 } : null,
        counts: { ...counts, pending: counts.pending + counts.leased },
        placements: placements.map((placement) =>
          placementView(placement, learners, byPlacement.get(placement._id)),
        ),
      });
    }),
  );

  router.post(
    "/grading/placements/:placementId",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const scope = courseOf(actor);
      const placementId = IdParamSchema.safeParse(req.params.placementId);
      const form = GradingSettingsFormSchema.safeParse(req.body);
      if (!placementId.success) throw new NotFoundError();
      if (!form.success) throw new ValidationError();
      const now = deps.clock.now();
      const placement = await grading.placements.byId(scope, placementId.data);
      if (!placement) throw new NotFoundError();
      await grading.placements.setGrading(scope, placement._id, form.data, now);
      // A new policy changes every learner's score: project them all again.
      const learners = await learnersOf(scope);
      await grading.learners.requestResync(
        scope,
        learners.map((learner) => learner.id),
        false,
        now,
      );
      grading.signal.wake();
      res.redirect(303, `${res.locals.base}/grading?saved=1`);
    }),
  );

  router.post(
    "/grading/resync",
    handle(async (_req, res) => {
      const actor = actorOf(res);
      const scope = courseOf(actor);
      const learners = await learnersOf(scope);
      await grading.learners.requestResync(
        scope,
        learners.map((learner) => learner.id),
        true,
        deps.clock.now(),
      );
      grading.signal.wake();
      res.redirect(303, `${res.locals.base}/grading?resynced=${learners.length}`);
    }),
  );

  router.get(
    "/admin/grades",
    handle(async (req, res) => {
      const actor = actorOf(res);
      const filter = parkedScopeOf(actor);
      const t = res.locals.t;
      const parked = await grading.deliveries.parked(filter);
      const [names, courses, placements] = await Promise.all([
        people.people(actor.platformId, [...new Set(parked.map((entry) => entry.learnerId))]),
        models.Course.find({
          platformId: actor.platformId,
          contextId: { $in: [...new Set(parked.map((e) => e.contextId))] },
        }).lean<CourseDoc[]>(),
        models.Placement.find({
          platformId: actor.platformId,
          _id: { $in: [...new Set(parked.map((e) => e.placementId))] },
        }).lean<PlacementDoc[]>(),
      ]);
      const courseTitle = new Map(
        courses.map((course) => [
          `${course.deploymentId} ${course.contextId}`,
          course.title ?? course.contextId,
        ]),
      );
      const placementTitle = new Map(placements.map((placement) => [placement._id, placement.title]));
      renderPage(res, "pages/grading/parked", "admin", {
        title: t("grading:admin.title"),
        platformWide: filter.contextId === undefined,
        retried: req.query.retried === "1",
        canSeeCourse: teachesHere(actor),
        rows: parked.map((entry) => {
          const person = names.get(entry.learnerId);
          return {
            id: entry._id,
            course: courseTitle.get(`${entry.deploymentId} ${entry.contextId}`) ?? entry.contextId,
            learnerName: person ? displayName(person) : `#${entry.userSub}`,
            activity: placementTitle.get(entry.placementId) ?? null,
            score: scoreView(entry.desired),
            reasonKey: entry.parkedReason ? `grading:reason.${entry.parkedReason}` : null,
            error: deliveryErrorView(entry.lastError),
            attempts: entry.attempts,
            since: entry.updatedAt,
          };
        }),
      });
    }),
  );

  router.post(
    "/admin/grades/:deliveryId/retry",
    handle(async (_req, res) => {
      const actor = actorOf(res);
      const filter = parkedScopeOf(actor);
      const id = IdParamSchema.safeParse(_req.params.deliveryId);
      if (!id.success) throw new NotFoundError();
      const retried = await grading.deliveries.retryParked(filter, id.data, deps.clock.now());
      if (!retried) throw new NotFoundError();
      grading.signal.wake();
      res.redirect(303, `${res.locals.base}/admin/grades?retried=1`);
    }),
  );

  return router;
}

function placementView(
  placement: PlacementDoc,
  learners: { id: string; name: string }[],
  deliveries: Map<string, GradeDeliveryDoc> | undefined,
): Record<string, unknown> {
  const settings = gradingSettingsOf(placement.grading);
  return {
    id: placement._id,
    title: placement.title ?? null,
    settings,
    policies: GRADING_POLICIES.map((policy) => ({
      value: policy,
      labelKey: `grading:policy.${policy}`,
      hintKey: `grading:policy.${policy}Hint`,
      checked: policy === settings.policy,
    })),
    rows: learners.map((learner) => deliveryRow(learner.name, deliveries?.get(learner.id))),
  };
}

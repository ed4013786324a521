// Grading in the workspace: per-placement grading settings, what the LMS has for each learner, a course
// re-sync (/grading), and the parked deliveries with their retry (/admin/grades).
import express, { type Router } from "express";
import { teachesHere, type Actor } from "../../domain/actor.js";
import type { Clock } from "../../clock.js";
import { isGradableLearner } from "../../domain/grading/delivery-rules.js";
import type { CourseKey } from "../../domain/grading/ports.js";
import { displayName, type PeopleDirectory } from "../../domain/people/people.js";
import type { GradingServices } from "../../jobs/grading-services.js";
import { gradingPolicy, parkedGradePolicy, parkedScope } from "../../policies/grading.js";
import { authorize, guard } from "../../policies/policy.js";
import { gradingPageModel, parkedPageModel, type GradingPageInput } from "../../presenters/grading-pages.js";
import { found, NotFoundError } from "../../errors.js";
import type { Translate } from "../../i18n/i18n.js";
import { page, redirect, route, type PageResult } from "../route.js";
import { GradingPageQuery, GradingSettingsForm, ParkedPageQuery, RetryParams } from "../schemas/grading.js";

interface GradingRouteDeps {
  grading: Pick<GradingServices, "placements" | "deliveries" | "learners" | "roster" | "signal">;
  people: Pick<PeopleDirectory, "members" | "people">;
  clock: Clock;
}

/** What the grading routes use of the launched routes' dependencies. */
export interface GradingRoutesInput {
  services: Pick<GradingRouteDeps, "grading" | "people">;
  clock: Clock;
}

/** The launch's course (the guards let only its teachers, who have one, this far). */
function courseOf(actor: Actor): CourseKey {
  if (!actor.contextId) throw new NotFoundError();
  return { platformId: actor.platformId, deploymentId: actor.deploymentId, contextId: actor.contextId };
}

export function gradingRoutes({ services, clock }: GradingRoutesInput): Router {
  const deps: GradingRouteDeps = { grading: services.grading, people: services.people, clock };
  const router = express.Router();
  courseGradingRoutes(router, deps);
  parkedGradesRoutes(router, deps);
  return router;
}

/** The course's learners whose grades go to the LMS. */
async function learnersOf(
  people: GradingRouteDeps["people"],
  scope: CourseKey,
): Promise<{ id: string; name: string }[]> {
  const members = await people.members(scope, "learner");
  return members
    .filter((member) => isGradableLearner({ roles: member.roles, status: member.status }))
    .map((member) => ({ id: member.id, name: displayName(member) }));
}

async function gradingPage(
  { grading, people }: GradingRouteDeps,
  actor: Actor,
  t: Translate,
  shown: Pick<GradingPageInput, "saved" | "resynced" | "refused">,
): Promise<PageResult> {
  const scope = courseOf(actor);
  const [placements, learners, deliveries, counts] = await Promise.all([
    grading.placements.graded(scope),
    learnersOf(people, scope),
    grading.deliveries.forCourse(scope),
    grading.deliveries.countByStatus(scope),
  ]);
  const model = gradingPageModel(
    { placements, learners, deliveries, counts, ...shown },
    t("grading:course.title"),
  );
  return page("pages/grading/course", "grading", model);
}

/** Every gradable learner of the course is projected again (`force`: sent even if unchanged). */
async function resync(
  { grading, people, clock }: GradingRouteDeps,
  scope: CourseKey,
  force: boolean,
): Promise<number> {
  const ids = (await learnersOf(people, scope)).map((learner) => learner.id);
  await grading.learners.requestResync(scope, ids, force, clock.now());
  grading.signal.wake();
  return ids.length;
}

function courseGradingRoutes(router: Router, deps: GradingRouteDeps): void {
  const { grading, clock } = deps;
  route(router, {
    method: "get",
    path: "/grading",
    guard: guard(gradingPolicy, "view"),
    input: GradingPageQuery,
    handle: ({ actor, t, input }) =>
      gradingPage(deps, actor, t, {
        saved: input.query.saved === "1",
        resynced: input.query.resynced === undefined ? null : Number(input.query.resynced),
      }),
  });

  route(router, {
    method: "post",
    path: "/grading/placements/:placementId",
    guard: guard(gradingPolicy, "configure"),
    input: GradingSettingsForm,
    messages: "grading",
    invalid: ({ actor, t, req }, problem) =>
      gradingPage(deps, actor, t, {
        saved: false,
        resynced: null,
        refused: { placementId: String(req.params.placementId), ...problem },
      }),
    handle: async ({ actor, input }) => {
      const scope = courseOf(actor);
      const placement = found(await grading.placements.byId(scope, input.params.placementId));
      await grading.placements.setGrading(scope, placement._id, input.body, clock.now());
      // A new policy changes every learner's score: project them all again.
      await resync(deps, scope, false);
      return redirect("/grading", { saved: "1" });
    },
  });

  route(router, {
    method: "post",
    path: "/grading/resync",
    guard: guard(gradingPolicy, "resync"),
    form: "button",
    handle: async ({ actor }) => {
      const count = await resync(deps, courseOf(actor), true);
      return redirect("/grading", { resynced: String(count) });
    },
  });
}

function parkedGradesRoutes(router: Router, { grading, people, clock }: GradingRouteDeps): void {
  route(router, {
    method: "get",
    path: "/admin/grades",
    guard: guard(gradingPolicy, "viewParked"),
    input: ParkedPageQuery,
    handle: async ({ actor, t, input }) => {
      const scope = parkedScope(actor);
      const parked = await grading.deliveries.parked(scope);
      const [names, courseTitles, placementTitles] = await Promise.all([
        people.people(actor.platformId, [...new Set(parked.map((entry) => entry.learnerId))]),
        grading.roster.courseTitles(
          actor.platformId,
          parked.map((entry) => entry.contextId),
        ),
        grading.placements.titles(
          actor.platformId,
          parked.map((entry) => entry.placementId),
        ),
      ]);
      const model = parkedPageModel(
        {
          parked,
          names,
          courseTitles,
          placementTitles,
          platformWide: scope.contextId === undefined,
          retried: input.query.retried === "1",
          canSeeCourse: teachesHere(actor),
        },
        t("grading:admin.title"),
      );
      return page("pages/grading/parked", "admin", model);
    },
  });

  route(router, {
    method: "post",
    path: "/admin/grades/:deliveryId/retry",
    guard: guard(gradingPolicy, "viewParked"),
    input: RetryParams,
    form: "button",
    handle: async ({ actor, input }) => {
      const entry = found(await grading.deliveries.byId(input.params.deliveryId));
      authorize(actor, parkedGradePolicy, "retry", entry);
      const { platformId, deploymentId, contextId } = entry;
      const retried = await grading.deliveries.retryParked(
        { platformId, deploymentId, contextId },
        entry._id,
        clock.now(),
      );
      // Not parked (any more): delivered or retried meanwhile; nothing to do, nothing to reveal.
      if (!retried) throw new NotFoundError();
      grading.signal.wake();
      return redirect("/admin/grades", { retried: "1" });
    },
  });
}

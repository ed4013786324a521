// The page an LMS opens from "Select content": the teacher chooses what the new link opens, its
// framework and grading, and Carnet posts the signed LtiDeepLinkingResponse back to the LMS.
import express, { type Response, type Router } from "express";
import { teachesHere, hasRole } from "../../domain/actor.js";
import { countCompetences } from "../../domain/frameworks/framework.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import {
  contentItem,
  deepLinkingResponse,
  GRADING_POLICIES,
  PLACEMENT_VIEWS,
  PlacementChoiceSchema,
} from "../../lti/deep-linking.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";

export function deepLinkingRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();

  const launchOf = (res: Response): NonNullable<Response["locals"]["launch"]> => {
    const launch = res.locals.launch;
    if (!launch?.deepLinking) throw new NotFoundError("NOT_A_DEEP_LINKING_LAUNCH");
    const actor = actorOf(res);
    // Choosing what a course offers is a teacher's act, whatever the LMS lets others open.
    if (!teachesHere(actor) && !hasRole(actor, "admin"))
      throw new ForbiddenError("FORBIDDEN", "deep linking by non-teacher");
    return launch;
  };

  const showForm = async (res: Response, errors: Record<string, string> = {}): Promise<void> => {
    const launch = launchOf(res);
    const actor = actorOf(res);
    const t = res.locals.t;
    const locale = res.locals.locale;
    const frameworks = (await deps.services.frameworks.list(actor.platformId)).filter(
      (f) => f.status === "active",
    );
    const courseDefault = actor.contextId
      ? await deps.services.frameworks.forPlacement({
          platformId: actor.platformId,
          deploymentId: actor.deploymentId,
          contextId: actor.contextId,
          resourceLinkId: null,
        })
      : null;
    renderPage(res, "pages/deep-linking/choose", "home", {
      title: t("lti:deepLinking.title"),
      views: PLACEMENT_VIEWS.map((view, index) => ({
        value: view,
        label: t(`lti:deepLinking.view.${view}`),
        hint: t(`lti:deepLinking.viewHint.${view}`),
        checked: index === 0,
      })),
      policies: GRADING_POLICIES.map((policy) => ({
        value: policy,
        label: t(`lti:deepLinking.policy.${policy}`),
      })),
      frameworks: frameworks.map((f) => ({
        id: f.id,
        label: `${f.definition.title[locale] ?? f.definition.title.fr} (${f.version}, ${countCompetences(f.definition).leaves})`,
        selected: f.id === courseDefault?.id,
      })),
      acceptsLineItem: launch.deepLinking?.acceptLineItem !== false,
      errors,
    });
  };

  router.get("/deep-linking", (_req, res, next) => {
    showForm(res).catch(next);
  });

  router.post("/deep-linking", (req, res, next) => {
    (async () => {
      const launch = launchOf(res);
      const actor = actorOf(res);
      const t = res.locals.t;
      const parsed = PlacementChoiceSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await showForm(
          res,
          Object.fromEntries(
            parsed.error.issues.map((issue) => [String(issue.path[0]), t("lti:deepLinking.invalid")]),
          ),
        );
        return;
      }
      const choice = parsed.data;
      if (
        choice.frameworkId &&
        !(await deps.services.frameworks.byId(actor.platformId, choice.frameworkId))
      ) {
        throw new ValidationError("VALIDATION_FAILED", {}, { frameworkId: "unknown" });
      }
      if (!launch.deepLinking?.acceptTypes.includes("ltiResourceLink"))
        throw new ValidationError("DEEP_LINKING_TYPE_NOT_ACCEPTED");
      const platform = await deps.services.platforms.findById(launch.platformId);
      if (!platform) throw new NotFoundError();
      const item = contentItem(
        launch.deepLinking.acceptLineItem ? choice : { ...choice, graded: false },
        deps.services.tool.urls.launch,
      );
      const jwt = await deepLinkingResponse(
        deps.services.keys,
        deps.clock,
        platform,
        launch,
        [item],
        t("lti:deepLinking.doneMessage", { title: choice.title }),
      );
      deps.logger.info(
        { reqId: res.locals.requestId, platformId: platform._id, view: choice.view, graded: choice.graded },
        "deep link returned",
      );
      res.render("pages/deep-linking/return", {
        layout: "bare",
        action: launch.deepLinking.returnUrl,
        jwt,
        title: t("lti:deepLinking.returning"),
      });
    })().catch(next);
  });

  return router;
}

// The page an LMS opens from "Select content": the teacher chooses what the new link opens, its
// framework and grading, and Carnet posts the signed LtiDeepLinkingResponse back to the LMS.
import express, { type Response, type Router } from "express";
import { z } from "zod";
import type { Clock } from "../../clock.js";
import type { PlacementFrameworks } from "../../domain/frameworks/placement-frameworks.js";
import { found, NotFoundError, ValidationError } from "../../errors.js";
import { contentItem, deepLinkingResponse, PlacementChoiceSchema } from "../../lti/deep-linking.js";
import type { ToolKeys } from "../../lti/tool-keys.js";
import type { Logger } from "../../logger.js";
import type { PlatformRegistry } from "../../persistence/platform-registry.js";
import { deepLinkingPolicy } from "../../policies/deep-linking.js";
import { guard } from "../../policies/policy.js";
import { presentPlacementChooser } from "../../presenters/deep-linking.js";
import { handled, page, route, type RouteContext } from "../route.js";

export interface DeepLinkingRoutesDeps {
  placementFrameworks: PlacementFrameworks;
  platforms: Pick<PlatformRegistry, "findById">;
  keys: Pick<ToolKeys, "signingKeyFor">;
  /** Carnet's launch URL, where the new link points. */
  launchUrl: string;
  clock: Clock;
  logger: Logger;
}

type Launch = NonNullable<Response["locals"]["launch"]>;

/** The launch that asked for content: anything else has no chooser (404). */
function deepLinkingLaunch(res: Response): Launch & { deepLinking: NonNullable<Launch["deepLinking"]> } {
  const launch = res.locals.launch;
  if (!launch?.deepLinking) throw new NotFoundError("NOT_A_DEEP_LINKING_LAUNCH");
  return { ...launch, deepLinking: launch.deepLinking };
}

export function deepLinkingRoutes(deps: DeepLinkingRoutesDeps): Router {
  const router = express.Router();
  const chooseGuard = guard(deepLinkingPolicy, "choose");

  const chooser = async (
    ctx: Pick<RouteContext<unknown>, "actor" | "t" | "locale" | "base" | "res">,
    problem?: { values: Record<string, string | string[]>; errors: Record<string, string> },
  ) => {
    const launch = deepLinkingLaunch(ctx.res);
    const choices = await deps.placementFrameworks.choices(ctx.actor);
    const acceptsLineItem = launch.deepLinking.acceptLineItem !== false;
    return page(
      "pages/deep-linking/choose",
      "home",
      presentPlacementChooser(choices, { ...ctx, acceptsLineItem, ...problem }),
    );
  };

  route(router, { method: "get", path: "/deep-linking", guard: chooseGuard, handle: (ctx) => chooser(ctx) });

  route(router, {
    method: "post",
    path: "/deep-linking",
    guard: chooseGuard,
    input: z.object({ body: PlacementChoiceSchema }),
    messages: "lti",
    invalid: (ctx, problem) => chooser(ctx, problem),
    handle: async ({ actor, input, res, t }) => {
      const launch = deepLinkingLaunch(res);
      const choice = input.body;
      await deps.placementFrameworks.check(actor, choice.frameworkId);
      if (!launch.deepLinking.acceptTypes.includes("ltiResourceLink"))
        throw new ValidationError("DEEP_LINKING_TYPE_NOT_ACCEPTED");
      const platform = found(await deps.platforms.findById(launch.platformId));
      const item = contentItem(
        launch.deepLinking.acceptLineItem ? choice : { ...choice, graded: false },
        deps.launchUrl,
      );
      const message = t("lti:deepLinking.doneMessage", { title: choice.title });
      const jwt = await deepLinkingResponse(deps.keys, deps.clock, platform, launch, [item], message);
      deps.logger.info(
        { reqId: res.locals.requestId, platformId: platform._id, view: choice.view, graded: choice.graded },
        "deep link returned",
      );
      // The LMS expects the response posted back from the browser: an auto-submitted form, no chrome.
      res.render("pages/deep-linking/return", {
        layout: "bare",
        action: launch.deepLinking.returnUrl,
        jwt,
        title: t("lti:deepLinking.returning"),
      });
      return handled;
    },
  });

  return router;
}

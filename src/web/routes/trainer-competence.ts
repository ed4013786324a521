// One competence of a learner, from the side of a trainer who follows them: the page, the decisions
// and the routes without a request (observation, proposal, withdrawal), a field supervisor's paper
// form with its scan, and comments.
import express, { type Router } from "express";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { CompetenceRef } from "../../domain/validation/competence-view.js";
import type { PaperScans } from "../../domain/validation/paper-scans.js";
import { invalid, launchScope, type ValidationService } from "../../domain/validation/service.js";
import type { Channel } from "../../domain/validation/states.js";
import { NotFoundError } from "../../errors.js";
import { guard } from "../../policies/policy.js";
import { validationLaunchPolicy } from "../../policies/validation.js";
import type { CompetenceForm } from "../../presenters/competence-page.js";
import { actorOf } from "../render.js";
import { redirect, route } from "../route.js";
import {
  CommentForm,
  LearnerCompetenceParams,
  PaperForm,
  TrainerActionForm,
  TRAINER_ACTIONS,
} from "../schemas/learner-validation.js";
import { bytesOf, type UploadRoutes } from "../uploads.js";
import {
  actThenRedirect,
  competenceForm,
  competencePages,
  type CompetencePages,
  paramsOf,
  sentBack,
  sentWith,
  type CompetencePageDeps,
} from "./validation-competence.js";

export interface TrainerCompetenceRoutesDeps extends CompetencePageDeps {
  validation: Pick<ValidationService, "perform" | "comment">;
  scans: Pick<PaperScans, "receive" | "discard">;
  uploads: UploadRoutes;
  uploadMaxBytes: number;
}

type Params = z.infer<typeof LearnerCompetenceParams>;
type TrainerAction = (typeof TRAINER_ACTIONS)[number];

const PATH = "/learners/:userId/competences/:frameworkId/:code";

const CHANNEL_OF: Record<TrainerAction, Channel> = {
  validate: "online",
  ask_more_evidence: "online",
  observe: "observation",
  propose: "proposal",
  withdraw: "online",
};

/** The form of the page each action is sent from. */
const FORM_OF: Record<TrainerAction, CompetenceForm> = {
  validate: "decide",
  ask_more_evidence: "decide",
  observe: "observe",
  propose: "propose",
  withdraw: "withdraw",
};

function refOf(actor: Actor, params: Params): CompetenceRef {
  const { userId, frameworkId, code } = params;
  return { scope: launchScope(actor), learnerId: userId, frameworkId, code };
}

function pagePath(params: Params): string {
  const { userId, frameworkId, code } = params;
  return `/learners/${encodeURIComponent(userId)}/competences/${encodeURIComponent(frameworkId)}/${encodeURIComponent(code)}`;
}

function formOfAction(values: Readonly<Record<string, string | string[]>>): CompetenceForm {
  const action = TRAINER_ACTIONS.find((candidate) => candidate === values.action);
  return action ? FORM_OF[action] : "decide";
}

export function trainerCompetenceRoutes(deps: TrainerCompetenceRoutesDeps): Router {
  const router = express.Router();
  const pages = competencePages(router, deps, {
    path: PATH,
    params: LearnerCompetenceParams,
    viewer: "validator",
    refOf,
  });
  competenceForm(router, pages, {
    path: `${PATH}/actions`,
    body: TrainerActionForm,
    form: formOfAction,
    act: (actor, ref, body) =>
      deps.validation.perform(actor, ref, {
        action: body.action,
        channel: CHANNEL_OF[body.action],
        ...sentWith(body),
        ...(body.level ? { level: body.level } : {}),
      }),
    done: (params) => redirect(pagePath(params), { done: "actions" }),
  });
  competenceForm(router, pages, {
    path: `${PATH}/comments`,
    body: CommentForm,
    form: "comments",
    act: (actor, ref, body) => deps.validation.comment(actor, ref, body.comment),
    done: (params) => redirect(pagePath(params), { done: "comments" }),
  });

  paperRoute(router, deps, pages.show);
  return router;
}

/**
 * A field supervisor's paper form, entered by someone who teaches in the course, with its scan: the
 * scan streams to storage as it arrives (only for who may enter the form) and goes again if the form
 * is not recorded.
 */
function paperRoute(
  router: Router,
  deps: TrainerCompetenceRoutesDeps,
  show: CompetencePages<typeof LearnerCompetenceParams>["show"],
): void {
  const path = `${PATH}/paper`;
  const upload = deps.uploads.before(path, {
    field: "scan",
    maxFileBytes: deps.uploadMaxBytes,
    receive: async (file, req, res) => {
      const actor = actorOf(res);
      const parsed = LearnerCompetenceParams.safeParse(req.params);
      if (!parsed.success) throw new NotFoundError();
      const target = { scope: launchScope(actor), learnerId: parsed.data.userId };
      return deps.scans.receive(actor, target, {
        filename: file.originalname,
        content: bytesOf(file.stream),
      });
    },
    discard: (scanId, _req, res) => deps.scans.discard(actorOf(res), scanId),
  });
  route(router, {
    method: "post",
    path,
    guard: guard(validationLaunchPolicy, "followLearners"),
    before: upload.parse,
    input: z.object({ params: LearnerCompetenceParams, body: PaperForm }),
    messages: "validation",
    invalid: async (ctx, problem) => {
      // Nothing is recorded: a scan that came with the refused form goes too.
      await upload.discard(ctx.req, ctx.res);
      return show(ctx, paramsOf(LearnerCompetenceParams, ctx.req), sentBack("paper", problem), 400);
    },
    handle: async (ctx) => {
      const { params, body } = ctx.input;
      try {
        const [scanId] = upload.received(ctx.req);
        if (!scanId) throw invalid({ scan: "SCAN_REQUIRED" });
        return await actThenRedirect(
          ctx.req,
          "paper",
          () =>
            deps.validation.perform(ctx.actor, refOf(ctx.actor, params), {
              action: "record_paper",
              channel: "paper",
              comment: body.comment,
              externalName: body.externalName,
              scanId,
              expectedRev: body.rev,
              ...(body.level ? { level: body.level } : {}),
            }),
          redirect(pagePath(params), { done: "paper" }),
          async (options, status) => {
            await upload.discard(ctx.req, ctx.res);
            return show(ctx, params, options, status);
          },
        );
      } catch (error) {
        await upload.discard(ctx.req, ctx.res);
        throw error;
      }
    },
  });
}

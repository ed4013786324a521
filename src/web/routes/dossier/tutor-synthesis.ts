// The tutor's synthesis for the jury: the learner's tutors write it (drafts saved as versions), share a
// version for the learner to read, finalise it once read; earlier versions read-only. Anyone who does
// not tutor the learner gets a 404, whatever they teach.
import express, { type Router } from "express";
import { displayName, type PeopleDirectory } from "../../../domain/people/people.js";
import type { TeachingScopes } from "../../../domain/people/teaching-scopes.js";
import type { TutorSyntheses } from "../../../domain/dossier/synthesis.js";
import { AppError, found, NotFoundError } from "../../../errors.js";
import { dossierPolicy, synthesisPolicy, synthesisTargetOf } from "../../../policies/dossier.js";
import { authorize, guard } from "../../../policies/policy.js";
import {
  presentSynthesisVersion,
  presentTutorSynthesis,
  type SynthesisPageView,
} from "../../../presenters/dossier/tutor-synthesis.js";
import { page, redirect, route, type PageResult, type RouteContext } from "../../route.js";
import {
  SynthesisForm,
  SynthesisPageQuery,
  SynthesisStepForm,
  SynthesisVersionParams,
} from "../../schemas/dossier.js";

export interface TutorSynthesisDeps {
  syntheses: TutorSyntheses;
  scopes: Pick<TeachingScopes, "of">;
  people: Pick<PeopleDirectory, "person">;
}

type Ctx = Pick<RouteContext<unknown>, "actor" | "t" | "locale" | "base">;

/** What a step may refuse with (a 409): the page again, saying why. */
const STEP_CONFLICTS = new Set(["SYNTHESIS_CHANGED", "SYNTHESIS_NOT_DRAFT", "SYNTHESIS_NOT_READ"]);

function conflictOf(error: unknown): string | null {
  return error instanceof AppError && error.status === 409 && STEP_CONFLICTS.has(error.code)
    ? error.code
    : null;
}

function synthesisPages({ syntheses, scopes, people }: TutorSynthesisDeps) {
  /** The learner's name, once the actor is known to tutor them (404 otherwise, and for nobody). */
  const tutee = async (ctx: Ctx, learnerId: string): Promise<string> => {
    authorize(ctx.actor, synthesisPolicy, "write", synthesisTargetOf(await scopes.of(ctx.actor), learnerId));
    const person = found(await people.person(ctx.actor.platformId, learnerId), "no such learner");
    return displayName(person);
  };

  const synthesisPage = async (
    ctx: Ctx,
    learnerId: string,
    extra: Omit<SynthesisPageView, "t" | "locale" | "base"> = {},
    status = 200,
  ): Promise<PageResult> => {
    const learnerName = await tutee(ctx, learnerId);
    const versions = await syntheses.history(ctx.actor.platformId, learnerId);
    const model = presentTutorSynthesis({ learnerId, learnerName, versions }, { ...ctx, ...extra });
    return page("pages/dossier/tutor-synthesis", "tutoring", model, status);
  };

  /** A step refused because the synthesis moved on: the page again with the reason, as a 409. */
  const refusedStep = (ctx: Ctx, learnerId: string, code: string, values?: Record<string, string>) =>
    synthesisPage(ctx, learnerId, { conflict: ctx.t(`dossier:errors.${code}`), values }, 409);

  return { tutee, synthesisPage, refusedStep };
}

export function tutorSynthesisRoutes(deps: TutorSynthesisDeps): Router {
  const router = express.Router();
  const { syntheses } = deps;
  const { tutee, synthesisPage, refusedStep } = synthesisPages(deps);
  const open = guard(dossierPolicy, "tutorSyntheses");
  const learnerOf = (ctx: RouteContext<undefined>): string => String(ctx.req.params.learnerId ?? "");

  route(router, {
    method: "get",
    path: "/learners/:learnerId/synthesis",
    guard: open,
    input: SynthesisPageQuery,
    handle: (ctx) => synthesisPage(ctx, ctx.input.params.learnerId, { done: ctx.input.query.done }),
  });

  route(router, {
    method: "post",
    path: "/learners/:learnerId/synthesis",
    guard: open,
    input: SynthesisForm,
    messages: "dossier",
    invalid: (ctx, problem) => synthesisPage(ctx, learnerOf(ctx), problem),
    handle: async (ctx) => {
      const { learnerId } = ctx.input.params;
      await tutee(ctx, learnerId);
      const { basedOn, ...text } = ctx.input.body;
      try {
        await syntheses.save(ctx.actor, learnerId, text, basedOn);
      } catch (error) {
        const code = conflictOf(error);
        if (!code) throw error;
        return refusedStep(ctx, learnerId, code, text);
      }
      return redirect(`/learners/${encodeURIComponent(learnerId)}/synthesis`, { done: "saved" });
    },
  });

  for (const step of ["share", "finalize"] as const) {
    route(router, {
      method: "post",
      path: `/learners/:learnerId/synthesis/${step}`,
      guard: open,
      input: SynthesisStepForm,
      form: "button",
      handle: async (ctx) => {
        const { learnerId } = ctx.input.params;
        await tutee(ctx, learnerId);
        try {
          if (step === "share") await syntheses.share(ctx.actor, learnerId, ctx.input.body.version);
          else await syntheses.finalize(ctx.actor, learnerId, ctx.input.body.version);
        } catch (error) {
          const code = conflictOf(error);
          if (!code) throw error;
          return refusedStep(ctx, learnerId, code);
        }
        const done = step === "share" ? "shared" : "final";
        return redirect(`/learners/${encodeURIComponent(learnerId)}/synthesis`, { done });
      },
    });
  }

  route(router, {
    method: "get",
    path: "/learners/:learnerId/synthesis/versions/:version",
    guard: open,
    input: SynthesisVersionParams,
    handle: async (ctx) => {
      const { learnerId, version: number } = ctx.input.params;
      const learnerName = await tutee(ctx, learnerId);
      const versions = await syntheses.history(ctx.actor.platformId, learnerId);
      const index = versions.findIndex((candidate) => candidate.version === number);
      const version = versions[index];
      if (!version) throw new NotFoundError("NOT_FOUND", "no such version");
      const previous = versions[index + 1] ?? null;
      const model = presentSynthesisVersion({ learnerId, learnerName, version, previous }, ctx);
      return page("pages/dossier/synthesis-version", "tutoring", model);
    },
  });

  return router;
}

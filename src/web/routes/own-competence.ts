// One competence seen by its learner: the page, and what they do on it — self-assess, resubmit with
// more evidence, answer a trainer's proposal, write to their trainers.
import express, { type Router } from "express";
import type { z, ZodTypeAny } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { CompetenceRef } from "../../domain/validation/competence-view.js";
import { launchScope, type ValidationService } from "../../domain/validation/service.js";
import type { CompetenceForm } from "../../presenters/competence-page.js";
import { redirect } from "../route.js";
import {
  CommentForm,
  OwnCompetenceParams,
  ProposalAnswerForm,
  ResubmitForm,
  SelfAssessmentForm,
} from "../schemas/learner-validation.js";
import {
  competenceForm,
  competencePages,
  sentWith,
  type CompetencePageDeps,
} from "./validation-competence.js";

export interface OwnCompetenceRoutesDeps extends CompetencePageDeps {
  validation: Pick<ValidationService, "perform" | "comment">;
}

type Params = z.infer<typeof OwnCompetenceParams>;

const PATH = "/competences/:frameworkId/:code";

function refOf(actor: Actor, params: Params): CompetenceRef {
  return { scope: launchScope(actor), learnerId: actor.userId, ...params };
}

function pagePath(params: Params): string {
  return `/competences/${encodeURIComponent(params.frameworkId)}/${encodeURIComponent(params.code)}`;
}

export function ownCompetenceRoutes(deps: OwnCompetenceRoutesDeps): Router {
  const router = express.Router();
  const pages = competencePages(router, deps, {
    path: PATH,
    params: OwnCompetenceParams,
    viewer: "learner",
    refOf,
  });

  /** A form of the page, then back to it (the exchanges at their place). */
  function action<Body extends ZodTypeAny>(
    name: "self-assessment" | "resubmit" | "proposal" | "comments",
    form: CompetenceForm,
    body: Body,
    act: (actor: Actor, ref: CompetenceRef, typed: z.infer<Body>) => Promise<unknown>,
  ): void {
    competenceForm(router, pages, {
      path: `${PATH}/${name}`,
      body,
      form,
      act,
      done: (params) => redirect(pagePath(params), { done: name }, name === "comments" ? "#exchanges" : ""),
    });
  }

  action("self-assessment", "self", SelfAssessmentForm, (actor, ref, typed) =>
    deps.validation.perform(actor, ref, {
      action: "self_assess",
      channel: "online",
      level: typed.level,
      ...sentWith(typed),
    }),
  );
  action("resubmit", "resubmit", ResubmitForm, (actor, ref, typed) =>
    deps.validation.perform(actor, ref, {
      action: "resubmit",
      channel: typed.channel,
      ...sentWith(typed),
    }),
  );
  action("proposal", "proposal", ProposalAnswerForm, (actor, ref, typed) =>
    deps.validation.perform(actor, ref, {
      action: typed.answer === "accept" ? "accept_proposal" : "decline_proposal",
      channel: "proposal",
      ...sentWith(typed),
    }),
  );
  action("comments", "comments", CommentForm, (actor, ref, typed) =>
    deps.validation.comment(actor, ref, typed.comment),
  );

  return router;
}

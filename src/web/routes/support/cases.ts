// A support case's page and its forms: notes per step, moving on, bringing someone in, naming a second
// level, closing. Anyone but the learner and the case's members gets the 404 of a case that is not there.
import express, { type Router } from "express";
import type { z } from "zod";
import type { Actor } from "../../../domain/actor.js";
import { namesOf } from "../../../domain/people/people.js";
import { guard } from "../../../policies/policy.js";
import { supportLaunchPolicy } from "../../../policies/support.js";
import { presentCase } from "../../../presenters/support.js";
import type { TypedValues } from "../../../presenters/typed-values.js";
import type { Translate } from "../../../i18n/i18n.js";
import { page, redirect, route, type PageResult } from "../../route.js";
import {
  CaseParams,
  ClosureForm,
  EscalationForm,
  MemberForm,
  NoteForm,
  StepForm,
} from "../../schemas/support.js";
import type { SupportRouteDeps } from "./deps.js";

const CASE = "/support/cases/:caseId";
const space = guard(supportLaunchPolicy, "space");

/** The case id of a refused form, read the way its schema reads it (a malformed one was a 404 already). */
function caseIdOf(params: unknown): string {
  const parsed = CaseParams.shape.params.safeParse(params);
  return parsed.success ? parsed.data.caseId : "";
}

async function casePage(
  deps: SupportRouteDeps,
  actor: Actor,
  caseId: string,
  view: { t: Translate; base: string; values?: TypedValues; errors?: Record<string, string> },
): Promise<PageResult> {
  const { support, people } = deps;
  const reading = await support.work.read(actor, caseId);
  const choices = await support.work.memberChoices(actor, reading.supportCase);
  const { supportCase } = reading;
  const ids = [
    supportCase.learnerId,
    ...supportCase.members,
    ...supportCase.notes.map((note) => note.authorId),
    ...supportCase.escalations.map((escalation) => escalation.by),
    ...reading.signals.flatMap((signal) => (signal.source.kind === "person" ? [signal.source.userId] : [])),
    ...choices,
  ];
  const names = await namesOf(people, actor.platformId, ids);
  return page("pages/support/case", "support", presentCase(actor, reading, choices, { ...view, names }));
}

const rerender =
  (deps: SupportRouteDeps) =>
  (
    { actor, t, base, req }: { actor: Actor; t: Translate; base: string; req: express.Request },
    problem: { values: TypedValues; errors: Record<string, string> },
  ): Promise<PageResult> =>
    casePage(deps, actor, caseIdOf(req.params), { t, base, ...problem });

/** A form on a case: parse, act through the domain, back to the case (or the case again with the problems). */
function casePost<Body>(
  router: Router,
  deps: SupportRouteDeps,
  suffix: string,
  input: z.ZodType<{ params: { caseId: string }; body: Body }, z.ZodTypeDef, unknown>,
  act: (actor: Actor, caseId: string, body: Body) => Promise<void>,
): void {
  route(router, {
    method: "post",
    path: `${CASE}/${suffix}`,
    guard: space,
    input,
    messages: "support",
    invalid: rerender(deps),
    handle: async ({ actor, input: parsed }) => {
      await act(actor, parsed.params.caseId, parsed.body);
      return redirect(`/support/cases/${parsed.params.caseId}`);
    },
  });
}

export function supportCaseRoutes(deps: SupportRouteDeps): Router {
  const router = express.Router();
  const { work } = deps.support;

  route(router, {
    method: "get",
    path: CASE,
    guard: space,
    input: CaseParams,
    handle: ({ actor, input, t, base }) => casePage(deps, actor, input.params.caseId, { t, base }),
  });

  casePost(router, deps, "notes", NoteForm, (actor, caseId, body) => work.addNote(actor, caseId, body));
  casePost(router, deps, "step", StepForm, (actor, caseId, body) => work.moveStep(actor, caseId, body.step));
  // Members bring in support persons; the learner may also bring in someone who evaluates them.
  casePost(router, deps, "members", MemberForm, (actor, caseId, body) =>
    work.addMember(actor, caseId, body.personId),
  );
  casePost(router, deps, "escalation", EscalationForm, (actor, caseId, body) =>
    work.escalate(actor, caseId, body),
  );
  casePost(router, deps, "closure", ClosureForm, (actor, caseId, body) => work.close(actor, caseId, body));
  return router;
}

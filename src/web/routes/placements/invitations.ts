// Placement supervisors' invitations inside a launch: the learner's own page (/placements: invite, see
// the states, revoke, pick the traces each supervisor reads) and a formateur's page for a learner they
// follow (/learners/:learnerId/placements: invite, see, revoke).
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import type { NewInvitation, PlacementInvitations } from "../../../domain/placements/invitations.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import { placementAreaPolicy } from "../../../policies/placements.js";
import { guard, type RouteGuard } from "../../../policies/policy.js";
import { presentInvitations } from "../../../presenters/placements.js";
import type { FormProblem } from "../../form-problem.js";
import {
  page,
  redirect,
  route,
  type PageResult,
  type RedirectResult,
  type RouteContext,
} from "../../route.js";
import {
  InvitationParams,
  LearnerInvitationParams,
  LearnerInviteForm,
  LearnerParams,
  OwnInviteForm,
  ShareTracesForm,
  type InviteBody,
} from "../../schemas/placements.js";
import type { z } from "zod";

export interface InvitationRoutesDeps {
  invitations: PlacementInvitations;
  /** Carnet's public address: supervisors open their links outside any LMS. */
  baseUrl: string;
}

const VIEW = "pages/placements/invitations";

function newInvitation(body: z.infer<typeof InviteBody>): NewInvitation {
  return {
    name: body.name,
    email: body.email,
    placement: body.placement,
    startsOn: body.startsOn,
    endsOn: body.endsOn,
    competenceCodes: body.competences,
  };
}

type Show = (
  ctx: { actor: Actor; t: Translate; locale: Locale; base: string },
  learnerId: string,
  problem?: FormProblem & { tracesFormOf?: string },
) => Promise<PageResult>;

export function placementInvitationRoutes({ invitations, baseUrl }: InvitationRoutesDeps): Router {
  const router = express.Router();

  /** The page of one learner's invitations, for her or for a formateur, with a refused form if any. */
  const show: Show = async (
    ctx: { actor: Actor; t: Translate; locale: Locale; base: string },
    learnerId: string,
    problem?: FormProblem & { tracesFormOf?: string },
  ): Promise<PageResult> => {
    const { actor, t, locale, base } = ctx;
    const mine = actor.userId === learnerId;
    const facts = await invitations.page(actor, learnerId);
    const model = presentInvitations(
      {
        ...facts,
        traces: mine ? await invitations.shareable(actor) : null,
        path: mine ? `${base}/placements` : `${base}/learners/${learnerId}/placements`,
        baseUrl,
        ...(problem?.tracesFormOf ? { tracesFormOf: problem.tracesFormOf } : {}),
      },
      { t, locale, base, ...(problem ? { values: problem.values, errors: problem.errors } : {}) },
    );
    return page(VIEW, mine ? "placements" : "tutoring", model);
  };
  // The learner's own page: she invites, sees the states, revokes (and picks the traces, below).
  learnerPageRoutes(router, invitations, show, {
    path: "/placements",
    guard: guard(placementAreaPolicy, "own"),
    invite: OwnInviteForm,
    revoke: InvitationParams,
    learnerOf: (ctx) => ctx.actor.userId,
  });
  // A formateur's page for a learner they follow: the same, but the traces stay the learner's choice.
  learnerPageRoutes(router, invitations, show, {
    path: "/learners/:learnerId/placements",
    guard: guard(placementAreaPolicy, "follow"),
    page: LearnerParams,
    invite: LearnerInviteForm,
    revoke: LearnerInvitationParams,
    learnerOf: (ctx) => String(ctx.req.params.learnerId ?? ""),
  });
  tracesRoute(router, invitations, show);
  return router;
}

interface LearnerPageSpec {
  /** The page: "/placements", or "/learners/:learnerId/placements" for a formateur. */
  path: string;
  guard: RouteGuard;
  page?: typeof LearnerParams;
  invite: typeof OwnInviteForm | typeof LearnerInviteForm;
  revoke: typeof InvitationParams | typeof LearnerInvitationParams;
  /** Whose invitations (the path's parameters are checked by the route's input first). */
  learnerOf(ctx: Pick<RouteContext<unknown>, "actor" | "req">): string;
}

/** One learner's invitations page, its invitation form and its revoke buttons. */
function learnerPageRoutes(
  router: Router,
  invitations: PlacementInvitations,
  show: Show,
  { path, guard, page, invite, revoke, learnerOf }: LearnerPageSpec,
): void {
  const back = (learnerId: string, invitationId: string): RedirectResult =>
    redirect(path.replace(":learnerId", learnerId), {}, `#invitation-${invitationId}`);
  route(router, { method: "get", path, guard, input: page, handle: (ctx) => show(ctx, learnerOf(ctx)) });

  route(router, {
    method: "post",
    path,
    guard,
    input: invite,
    messages: "placements",
    invalid: (ctx, problem) => show(ctx, learnerOf(ctx), problem),
    handle: async (ctx) => {
      const learnerId = learnerOf(ctx);
      const row = await invitations.invite(ctx.actor, learnerId, newInvitation(ctx.input.body));
      return back(learnerId, row.invitation.id);
    },
  });

  route(router, {
    method: "post",
    path: `${path}/:invitationId/revoke`,
    guard,
    input: revoke,
    form: "button",
    handle: async (ctx) => {
      const learnerId = learnerOf(ctx);
      await invitations.revoke(ctx.actor, learnerId, ctx.input.params.invitationId);
      return back(learnerId, ctx.input.params.invitationId);
    },
  });
}

/** The traces each supervisor reads: the learner's own choice, on her own page. */
function tracesRoute(router: Router, invitations: PlacementInvitations, show: Show): void {
  route(router, {
    method: "post",
    path: "/placements/:invitationId/traces",
    guard: guard(placementAreaPolicy, "own"),
    input: ShareTracesForm,
    messages: "placements",
    invalid: (ctx, problem) =>
      show(ctx, ctx.actor.userId, { ...problem, tracesFormOf: String(ctx.req.params.invitationId ?? "") }),
    handle: async ({ actor, input }) => {
      await invitations.shareTraces(actor, input.params.invitationId, input.body.traces);
      return redirect("/placements", {}, `#invitation-${input.params.invitationId}`);
    },
  });
}

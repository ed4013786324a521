// Placement supervisors' invitations inside a launch: the learner's own page (/placements: invite, see
// the states, revoke, pick the traces each supervisor reads) and a formateur's page for a learner they
// follow (/learners/:learnerId/placements: invite, see, revoke).
import express, { type Router } from "express";
import type { Actor } from "../../../domain/actor.js";
import type { NewInvitation, PlacementInvitations } from "../../../domain/placements/invitations.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import { placementAreaPolicy } from "../../../policies/placements.js";
import { guard } from "../../../policies/policy.js";
import { presentInvitations } from "../../../presenters/placements.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, route, type PageResult } from "../../route.js";
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
  ownRoutes(router, invitations, show);
  followerRoutes(router, invitations, show);
  return router;
}

/** The learner's own page: she invites, picks the traces each supervisor reads, revokes. */
function ownRoutes(router: Router, invitations: PlacementInvitations, show: Show): void {
  const own = guard(placementAreaPolicy, "own");
  route(router, {
    method: "get",
    path: "/placements",
    guard: own,
    handle: (ctx) => show(ctx, ctx.actor.userId),
  });

  route(router, {
    method: "post",
    path: "/placements",
    guard: own,
    input: OwnInviteForm,
    messages: "placements",
    invalid: (ctx, problem) => show(ctx, ctx.actor.userId, problem),
    handle: async ({ actor, input }) => {
      const row = await invitations.invite(actor, actor.userId, newInvitation(input.body));
      return redirect("/placements", {}, `#invitation-${row.invitation.id}`);
    },
  });

  route(router, {
    method: "post",
    path: "/placements/:invitationId/traces",
    guard: own,
    input: ShareTracesForm,
    messages: "placements",
    invalid: (ctx, problem) =>
      show(ctx, ctx.actor.userId, { ...problem, tracesFormOf: String(ctx.req.params.invitationId ?? "") }),
    handle: async ({ actor, input }) => {
      await invitations.shareTraces(actor, input.params.invitationId, input.body.traces);
      return redirect("/placements", {}, `#invitation-${input.params.invitationId}`);
    },
  });

  route(router, {
    method: "post",
    path: "/placements/:invitationId/revoke",
    guard: own,
    input: InvitationParams,
    form: "button",
    handle: async ({ actor, input }) => {
      await invitations.revoke(actor, actor.userId, input.params.invitationId);
      return redirect("/placements", {}, `#invitation-${input.params.invitationId}`);
    },
  });
}

/** A formateur's page for a learner they follow: invite, see the states, revoke. */
function followerRoutes(router: Router, invitations: PlacementInvitations, show: Show): void {
  const follow = guard(placementAreaPolicy, "follow");
  route(router, {
    method: "get",
    path: "/learners/:learnerId/placements",
    guard: follow,
    input: LearnerParams,
    handle: (ctx) => show(ctx, ctx.input.params.learnerId),
  });

  route(router, {
    method: "post",
    path: "/learners/:learnerId/placements",
    guard: follow,
    input: LearnerInviteForm,
    messages: "placements",
    invalid: (ctx, problem) => show(ctx, String(ctx.req.params.learnerId ?? ""), problem),
    handle: async ({ actor, input }) => {
      const { learnerId } = input.params;
      const row = await invitations.invite(actor, learnerId, newInvitation(input.body));
      return redirect(`/learners/${learnerId}/placements`, {}, `#invitation-${row.invitation.id}`);
    },
  });

  route(router, {
    method: "post",
    path: "/learners/:learnerId/placements/:invitationId/revoke",
    guard: follow,
    input: LearnerInvitationParams,
    form: "button",
    handle: async ({ actor, input }) => {
      const { learnerId, invitationId } = input.params;
      await invitations.revoke(actor, learnerId, invitationId);
      return redirect(`/learners/${learnerId}/placements`, {}, `#invitation-${invitationId}`);
    },
  });
}

// Group sessions: the scheduling form from the programme's agenda, scheduling, changing and cancelling
// before the session, attendance, the report and each tutee's acknowledgement after it.
import express, { type Router } from "express";
import type { GroupSession } from "../../../domain/sessions/group-session.js";
import { authorize } from "../../../policies/policy.js";
import { groupSessionPolicy, sessionGroupPolicy } from "../../../policies/tutoring-sessions.js";
import {
  planFields,
  presentScheduleForm,
  presentSession,
} from "../../../presenters/sessions/group-sessions.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, route, type PageResult, type RouteContext } from "../../route.js";
import {
  AttendanceForm,
  GroupParams,
  ReportForm,
  RescheduleForm,
  ScheduleForm,
  SessionParams,
} from "../../schemas/sessions.js";
import { mine, type Ctx, type SessionsDeps } from "./list.js";
import { targetSteps, typedForm } from "./target-steps.js";

/** The pages the session routes answer with, and the loading of a session under a policy action. */
function sessionPages(deps: SessionsDeps) {
  const { groupSessions, timeZone } = deps.sessions;
  const view = (ctx: Ctx) => ({ ...ctx, timeZone, people: deps.people, now: deps.clock.now() });

  const scheduleForm = async (ctx: Ctx, groupId: string, problem?: FormProblem): Promise<PageResult> => {
    const group = await groupSessions.group(ctx.actor.platformId, groupId);
    authorize(ctx.actor, sessionGroupPolicy, "schedule", group);
    const proposal = await groupSessions.proposal(group, ctx.locale);
    const fields = planFields({ proposal: proposal.agenda, number: proposal.number }, problem?.values, ctx.t);
    return page("pages/sessions/schedule", "sessions", {
      title: ctx.t("sessions:schedule.title", { group: group.name }),
      ...presentScheduleForm(group, fields, ctx),
      errors: problem?.errors ?? {},
    });
  };

  const loaded = async (ctx: Ctx, sessionId: string, action: "view" | "manage" | "acknowledge") => {
    const session = await groupSessions.session(ctx.actor.platformId, sessionId);
    authorize(ctx.actor, groupSessionPolicy, action, session);
    return session;
  };

  const editForm = async (ctx: Ctx, session: GroupSession, problem?: FormProblem): Promise<PageResult> => {
    const fields = planFields({ session, timeZone }, problem?.values, ctx.t);
    const group = { id: session.groupId, name: session.groupName };
    return page("pages/sessions/schedule", "sessions", {
      title: ctx.t("sessions:schedule.editTitle", { title: session.title }),
      ...presentScheduleForm(group, fields, ctx, session),
      errors: problem?.errors ?? {},
    });
  };

  const sessionPage = async (
    ctx: Ctx,
    session: GroupSession,
    typed?: { form: "attendance" | "report"; problem: FormProblem },
  ): Promise<PageResult> =>
    page("pages/sessions/session", "sessions", {
      ...(await presentSession(ctx.actor, session, view(ctx), typedForm(typed))),
      errors: typed?.problem.errors ?? {},
      done: "",
    });

  return { scheduleForm, loaded, editForm, sessionPage };
}

const paramOf = (ctx: RouteContext<undefined>, name: string): string => String(ctx.req.params[name] ?? "");

/** Before the session: the scheduling form, scheduling, the session's page, changing, cancelling. */
function planRoutes(router: Router, deps: SessionsDeps): void {
  const { groupSessions, directory } = deps.sessions;
  const { scheduleForm, loaded, editForm, sessionPage } = sessionPages(deps);

  route(router, {
    method: "get",
    path: "/sessions/groups/:groupId/new",
    guard: mine,
    input: GroupParams,
    handle: (ctx) => scheduleForm(ctx, ctx.input.params.groupId),
  });

  route(router, {
    method: "post",
    path: "/sessions/groups/:groupId",
    guard: mine,
    input: ScheduleForm,
    messages: "sessions",
    invalid: (ctx, problem) => scheduleForm(ctx, paramOf(ctx, "groupId"), problem),
    handle: async (ctx) => {
      const group = await groupSessions.group(ctx.actor.platformId, ctx.input.params.groupId);
      authorize(ctx.actor, sessionGroupPolicy, "schedule", group);
      const session = await groupSessions.schedule(ctx.actor, group, ctx.input.body);
      return redirect(`/sessions/${session.id}`);
    },
  });

  route(router, {
    method: "get",
    path: "/sessions/:sessionId",
    guard: mine,
    input: SessionParams,
    handle: async (ctx) => sessionPage(ctx, await loaded(ctx, ctx.input.params.sessionId, "view")),
  });

  route(router, {
    method: "get",
    path: "/sessions/:sessionId/edit",
    guard: mine,
    input: SessionParams,
    handle: async (ctx) => editForm(ctx, await loaded(ctx, ctx.input.params.sessionId, "manage")),
  });

  route(router, {
    method: "post",
    path: "/sessions/:sessionId",
    guard: mine,
    input: RescheduleForm,
    messages: "sessions",
    invalid: async (ctx, problem) =>
      editForm(ctx, await loaded(ctx, paramOf(ctx, "sessionId"), "manage"), problem),
    handle: async (ctx) => {
      const session = await loaded(ctx, ctx.input.params.sessionId, "manage");
      const group = await directory.group(session.platformId, session.groupId);
      await groupSessions.reschedule(ctx.actor, session, group, ctx.input.body);
      return redirect(`/sessions/${session.id}`);
    },
  });

  sessionSteps(router, deps).button("cancel", SessionParams, "manage", (ctx, session) =>
    groupSessions.cancel(ctx.actor, session),
  );
}

/** After it: attendance, the report, each tutee's acknowledgement. */
function afterRoutes(router: Router, deps: SessionsDeps): void {
  const { groupSessions } = deps.sessions;
  const steps = sessionSteps(router, deps);
  steps.form("attendance", AttendanceForm, "manage", (ctx, session) =>
    groupSessions.recordAttendance(ctx.actor, session, ctx.input.body.marks),
  );
  steps.form("report", ReportForm, "manage", (ctx, session) =>
    groupSessions.writeReport(ctx.actor, session, ctx.input.body),
  );
  steps.button("acknowledge", SessionParams, "acknowledge", (ctx, session) =>
    groupSessions.acknowledge(ctx.actor, session),
  );
}

/** The forms and buttons on a session's page. */
function sessionSteps(router: Router, deps: SessionsDeps) {
  const { loaded, sessionPage } = sessionPages(deps);
  return targetSteps(router, mine, {
    path: "/sessions/:sessionId",
    param: "sessionId",
    load: loaded,
    pathOf: (session: GroupSession) => `/sessions/${session.id}`,
    again: async (ctx, id, typed: { form: "attendance" | "report"; problem: FormProblem }) =>
      sessionPage(ctx, await loaded(ctx, id, "manage"), typed),
  });
}

export function groupSessionRoutes(deps: SessionsDeps): Router {
  const router = express.Router();
  planRoutes(router, deps);
  afterRoutes(router, deps);
  return router;
}

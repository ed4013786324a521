// The programme's agenda template for group sessions, edited by who teaches the course; the Tours
// cahier des charges until it is.
import express, { type Router } from "express";
import { checkedTemplate, defaultAgenda } from "../../../domain/sessions/agenda-templates.js";
import { guard } from "../../../policies/policy.js";
import { sessionsLaunchPolicy } from "../../../policies/tutoring-sessions.js";
import type { FormProblem } from "../../form-problem.js";
import { page, redirect, route, type PageResult } from "../../route.js";
import { AgendaForm } from "../../schemas/sessions.js";
import { type Ctx, type SessionsDeps } from "./list.js";

const editAgenda = guard(sessionsLaunchPolicy, "editAgenda");

/** Blank rows under the template's sessions, to add some. */
const SPARE_ROWS = 2;

function courseOf(ctx: Ctx): { platformId: string; deploymentId: string; contextId: string } {
  // editAgenda holds only with a course (teachesHere).
  return {
    platformId: ctx.actor.platformId,
    deploymentId: ctx.actor.deploymentId,
    contextId: ctx.actor.contextId ?? "",
  };
}

export function agendaRoutes(deps: SessionsDeps): Router {
  const router = express.Router();
  const { templates } = deps.sessions;

  const agendaPage = async (ctx: Ctx, problem?: FormProblem, done = false): Promise<PageResult> => {
    const saved = await templates.get(courseOf(ctx));
    const template = saved ?? defaultAgenda(ctx.locale);
    const typed = (name: string): string[] | null => {
      const value = problem?.values[name];
      return value === undefined ? null : Array.isArray(value) ? value : [value];
    };
    const titles = typed("title") ?? template.sessions.map((session) => session.title);
    const items = typed("items") ?? template.sessions.map((session) => session.items.join("\n"));
    const rows = Math.max(titles.length, items.length) + (problem ? 0 : SPARE_ROWS);
    return page("pages/sessions/agenda", "sessions", {
      title: ctx.t("sessions:agenda.title"),
      seeded: saved === null,
      done,
      action: `${ctx.base}/sessions/agenda`,
      back: `${ctx.base}/sessions`,
      rows: Array.from({ length: rows }, (_, index) => ({
        index,
        number: index + 1,
        title: titles[index] ?? "",
        items: items[index] ?? "",
        titleError: problem?.errors[`sessions.${index}.title`],
        itemsError: problem?.errors[`sessions.${index}.items`],
      })),
      errors: problem?.errors ?? {},
    });
  };

  route(router, {
    method: "get",
    path: "/sessions/agenda",
    guard: editAgenda,
    handle: (ctx) => agendaPage(ctx, undefined, ctx.req.query.done === "1"),
  });

  route(router, {
    method: "post",
    path: "/sessions/agenda",
    guard: editAgenda,
    input: AgendaForm,
    messages: "sessions",
    invalid: (ctx, problem) => agendaPage(ctx, problem),
    handle: async (ctx) => {
      const template = checkedTemplate(ctx.input.body.sessions);
      await templates.save(courseOf(ctx), template, ctx.actor.userId, deps.clock.now());
      return redirect("/sessions/agenda", { done: "1" });
    },
  });

  return router;
}

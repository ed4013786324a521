// In-app notifications: what happened to one's requests and decisions, newest first; links lead to
// the page when it belongs to the course the person launched from.
import express, { type Router } from "express";
import { NotificationRenderer } from "../../presenters/notifications.js";
import { PeopleRepository } from "../../persistence/people-repository.js";
import { actorOf, renderPage } from "../render.js";
import type { LaunchedDeps } from "./launched.js";
import { handle } from "./validation-support.js";

export function notificationRoutes(deps: LaunchedDeps): Router {
  const router = express.Router();
  const people = new PeopleRepository(deps.services.models);
  const { notifications } = deps.services.validation;

  router.get(
    "/notifications",
    handle(async (_req, res) => {
      const actor = actorOf(res);
      const t = res.locals.t;
      const list = await notifications.list(actor.platformId, actor.userId);
      const renderer = await NotificationRenderer.for(people, actor.platformId, list, t);
      const base = res.locals.base ?? "";
      renderPage(
        res,
        "pages/validation/notifications",
        "notifications",
        {
          title: t("validation:notifications.title"),
          items: list.map((notification) => {
            const here =
              notification.contextId === actor.contextId && notification.deploymentId === actor.deploymentId;
            return {
              text: renderer.text(notification),
              at: notification.createdAt,
              unread: !notification.readAt,
              href: here && notification.path ? `${base}/${notification.path}` : "",
              elsewhere: !here && Boolean(notification.contextId),
            };
          }),
          unread: list.filter((notification) => !notification.readAt).length,
          action: `${base}/notifications/read`,
        },
        { badges: res.locals.badges },
      );
    }),
  );

  router.post(
    "/notifications/read",
    handle(async (_req, res) => {
      const actor = actorOf(res);
      await notifications.markAllRead(actor.platformId, actor.userId, deps.clock.now());
      res.redirect(303, `${res.locals.base ?? ""}/notifications`);
    }),
  );

  return router;
}

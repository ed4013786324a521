// In-app notifications: what happened to one's requests and decisions, newest first.
import express, { type Router } from "express";
import type { NotificationInbox } from "../../domain/notifications/inbox.js";
import type { PeopleDirectory } from "../../domain/people/people.js";
import { notificationsPolicy } from "../../policies/notifications.js";
import { guard } from "../../policies/policy.js";
import { presentNotifications } from "../../presenters/notifications.js";
import { page, redirect, route } from "../route.js";

export interface NotificationRoutesDeps {
  inbox: NotificationInbox;
  people: Pick<PeopleDirectory, "people">;
}

export function notificationRoutes({ inbox, people }: NotificationRoutesDeps): Router {
  const router = express.Router();

  route(router, {
    method: "get",
    path: "/notifications",
    guard: guard(notificationsPolicy, "read"),
    handle: async ({ actor, t, base }) => {
      const list = await inbox.list(actor);
      return page(
        "pages/validation/notifications",
        "notifications",
        await presentNotifications(actor, list, { t, base, people }),
      );
    },
  });

  route(router, {
    method: "post",
    path: "/notifications/read",
    guard: guard(notificationsPolicy, "markRead"),
    form: "button",
    handle: async ({ actor }) => {
      await inbox.markAllRead(actor);
      return redirect("/notifications");
    },
  });

  return router;
}

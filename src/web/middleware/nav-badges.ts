// The navigation's counters, computed once per launched request: unread notifications, and for who
// teaches here the requests waiting in their queue (counted without reading any item: every page pays it).
import type { RequestHandler } from "express";
import { teachesHere } from "../../domain/actor.js";
import type { NotificationInbox } from "../../domain/notifications/inbox.js";
import type { TutorWorkspace } from "../../domain/tutoring/workspace.js";
import type { ValidationQueue } from "../../domain/validation/queue.js";
import type { NavBadges } from "../navigation.js";
import { actorOf } from "../render.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's Locals is only reachable through its namespace
  namespace Express {
    interface Locals {
      /** Unread notifications and pending requests, for the navigation (set once per launched request). */
      badges?: NavBadges;
    }
  }
}

export function navBadges(deps: {
  inbox: Pick<NotificationInbox, "unreadCount">;
  queue: Pick<ValidationQueue, "size">;
  /** Tutoring relations decide the tutor workspace's and "my tutors"' entries, whatever the LTI role. */
  tutoring?: Pick<TutorWorkspace, "counts">;
}): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    // A newcomer's first page: no notification and no tutoring relation can name them yet.
    const personal = !actor.newcomer;
    Promise.all([
      personal ? deps.inbox.unreadCount(actor) : Promise.resolve(0),
      // The queue's entry is in the navigation of who teaches here only (the course's, not personal).
      teachesHere(actor) ? deps.queue.size(actor) : Promise.resolve(0),
      deps.tutoring && personal ? deps.tutoring.counts(actor) : Promise.resolve({ tutees: 0, tutors: 0 }),
    ])
      .then(([notifications, queue, { tutees, tutors }]) => {
        res.locals.badges = { notifications, queue, tutees, tutors };
        next();
      })
      .catch(next);
  };
}

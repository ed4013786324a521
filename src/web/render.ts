// Renders a page inside a launch: adds navigation, the person, the course and the CSRF token that
// every layout needs, so route handlers pass only their own view model.
import type { Response } from "express";
import type { Actor } from "../domain/actor.js";
import { LaunchRequiredError } from "../errors.js";
import { navigationFor, type NavBadges, type NavKey } from "./navigation.js";

/** A page's own view model: anything with a title (the layout adds navigation, person, course). */
export type PageModel = { readonly title: string };

export interface PageChrome {
  me?: { displayName: string } | null;
  course?: { title?: string } | null;
  badges?: NavBadges;
}

/** The actor of a launched request; routes mounted under /l/:launchId always have one. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor;
  if (!actor) throw new LaunchRequiredError();
  return actor;
}

export function renderPage<Model extends PageModel>(
  res: Response,
  view: string,
  nav: NavKey,
  model: Model,
  chrome: PageChrome = {},
): void {
  const actor = actorOf(res);
  // The header's data may still be on its way (GET pages read it alongside the handler: launched.ts).
  void (res.locals.frameReady ?? Promise.resolve(undefined)).then((frameError) => {
    if (frameError) return res.req.next?.(frameError);
    const started = performance.now();
    res.render(
      view,
      {
        ...model,
        nav: navigationFor(actor, res.locals.t, nav, chrome.badges ?? res.locals.badges),
        me: chrome.me ?? res.locals.chrome?.me,
        course: chrome.course ?? res.locals.chrome?.course,
      },
      // What Express does without a callback, with the template's time recorded for Server-Timing.
      (error: Error | null, html?: string) => {
        res.locals.timings?.add("render", performance.now() - started);
        if (error) return res.req.next?.(error);
        res.send(html);
      },
    );
  });
}

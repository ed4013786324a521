// "Se déconnecter" / "Sign out": the browser's Carnet session ends, for every launch it opened; the
// launch URLs then ask to open Carnet again from the LMS.
import express, { type Router } from "express";
import type { SessionStore } from "../../persistence/session-store.js";
import { guard } from "../../policies/policy.js";
import { sessionPolicy } from "../../policies/session.js";
import { cookieOptions, SESSION_COOKIE } from "../cookies.js";
import { handled, route } from "../route.js";

export function sessionRoutes(deps: {
  sessions: Pick<SessionStore, "endSession">;
  secureCookies: boolean;
}): Router {
  const router = express.Router();
  route(router, {
    method: "post",
    path: "/logout",
    guard: guard(sessionPolicy, "signOut"),
    form: "button",
    handle: async ({ req, res }) => {
      const cookies = req.cookies as Record<string, string | undefined>;
      const raw = cookies[SESSION_COOKIE];
      if (raw) await deps.sessions.endSession(raw);
      res.clearCookie(SESSION_COOKIE, cookieOptions(deps.secureCookies));
      res.render("lti/signed-out", { layout: "bare" });
      return handled;
    },
  });
  return router;
}

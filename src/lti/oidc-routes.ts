// The two public LTI routes: OIDC login initiation and the launch (LTI 1.3 core §5.1). The authorization
// request stays a GET redirect: Moodle 4.5.12+/5.x keep their session cookie SameSite=Lax, which a
// cross-site POST would lose. Every rejection is logged with its reason.
import express, { type Request, type Response, type Router } from "express";
import { SESSION_COOKIE, cookieOptions, stateCookieName } from "../web/cookies.js";
import { setLocale } from "../web/middleware/request-context.js";
import { stopwatchOf } from "../web/middleware/request-log.js";
import { handled, publicRoute } from "../web/route.js";
import { pickLocale } from "../i18n/i18n.js";
import type { Logger } from "../logger.js";
import type { CarnetMetrics } from "../observability/metrics.js";
import { acceptLaunch, type LaunchDeps } from "./launch-acceptance.js";
import { LaunchRejected } from "./launch-validation.js";
import { initiateLogin } from "./login-initiation.js";

export interface OidcDeps extends LaunchDeps {
  secureCookies: boolean;
  sessionTtlMs: number;
  metrics: Pick<CarnetMetrics, "launch">;
}

const STATE_COOKIE_MS = 10 * 60_000;

export function oidcRoutes(deps: OidcDeps): Router {
  const router = express.Router();
  router.use(
    ["/lti/login", "/lti/launch"],
    express.urlencoded({ extended: false, limit: "200kb", parameterLimit: 50 }),
  );

  const login = async (req: Request, res: Response): Promise<typeof handled> => {
    const source: unknown = req.method === "POST" ? req.body : req.query;
    const { state, authorizationUrl } = await rejectionsLogged(deps, req, res, initiateLogin(deps, source));
    res.cookie(stateCookieName(state), state, cookieOptions(deps.secureCookies, STATE_COOKIE_MS));
    res.redirect(302, authorizationUrl);
    return handled;
  };
  for (const method of ["get", "post"] as const) {
    publicRoute(router, {
      method,
      path: "/lti/login",
      public: "LTI 1.3 OIDC login initiation (a platform's)",
      handle: ({ req, res }) => login(req, res),
    });
  }
  publicRoute(router, {
    method: "post",
    path: "/lti/launch",
    public: "LTI 1.3 launch (an id_token signed by a registered platform)",
    handle: async ({ req, res }) => {
      const cookies = req.cookies as Record<string, string | undefined>;
      const outcome = await rejectionsLogged(
        deps,
        req,
        res,
        acceptLaunch(deps, {
          body: req.body,
          stateCookie: (state) => cookies[stateCookieName(state)],
          sessionCookie: cookies[SESSION_COOKIE],
          requestId: res.locals.requestId,
          stopwatch: stopwatchOf(res),
        }),
      );
      if (outcome.kind === "cookies-blocked") {
        deps.logger.warn(launchLog(res, "STATE_COOKIE_MISSING", outcome.issuer), "launch rejected");
        deps.metrics.launch("refused", "STATE_COOKIE_MISSING");
        res.status(401).render("lti/cookies-blocked", { layout: "bare", relaunchHref: outcome.relaunchHref });
        return handled;
      }
      res.clearCookie(stateCookieName(outcome.state), cookieOptions(deps.secureCookies));
      res.cookie(SESSION_COOKIE, outcome.sessionCookie, cookieOptions(deps.secureCookies, deps.sessionTtlMs));
      deps.metrics.launch("accepted");
      res.redirect(303, outcome.landingPath);
      return handled;
    },
  });
  return router;
}

function launchLog(res: Response, reason: string, issuer?: string, detail?: string): Record<string, unknown> {
  return { reqId: res.locals.requestId, reason, issuer, detail };
}

/** A rejected launch is logged with its reason; its error page follows the browser's language. */
async function rejectionsLogged<T>(
  deps: { logger: Logger; metrics: Pick<CarnetMetrics, "launch"> },
  req: Request,
  res: Response,
  step: Promise<T>,
): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (error instanceof LaunchRejected) {
      setLocale(res, pickLocale(undefined, req.get("accept-language")));
      deps.logger.warn(launchLog(res, error.reason, undefined, error.detail), "launch rejected");
      deps.metrics.launch("refused", error.reason);
    }
    throw error;
  }
}

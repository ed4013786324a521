// The pages reached from an access link, without an LMS account (a jury member, a placement supervisor):
// the link is exchanged for a cookie of this browser (the token then leaves the address bar), every page
// checks the session behind that cookie, and a link that no longer works shows why and whom to ask —
// never any data.
import type { Request, Response, Router } from "express";
import { sessionValue, type AccessLinks, type LinkOutcome } from "../../domain/dossier/access-links.js";
import type { Translate } from "../../i18n/i18n.js";
import { presentRefusal } from "../../presenters/dossier/jury-public.js";
import { handled, publicRoute, redirect, type RouteResult } from "../route.js";
import { TokenParams } from "../schemas/placements.js";

export type WorkingLink = Extract<LinkOutcome, { ok: true }>;
export type RefusedLink = Extract<LinkOutcome, { ok: false }>;

export interface LinkPagesSpec {
  /** The links' kind in the access-link store. */
  readonly kind: Parameters<AccessLinks["open"]>[1];
  readonly cookie: string;
  /** Where the pages live ("/jury"): the cookie's path, and where an exchanged link leads. */
  readonly home: string;
  /** Whom the links are for, as the router-walk test prints it ("a jury member"). */
  readonly holder: string;
  readonly links: Pick<AccessLinks, "open" | "session">;
  readonly secureCookies: boolean;
  /** Whom to ask when a link no longer works (and whatever a refusal leaves behind, an audit entry). */
  contactFor(refusal: RefusedLink): Promise<string>;
}

export interface LinkPages {
  /** The page, for the session behind the request's cookie; the refusal page when there is none. */
  behind(
    req: Request,
    res: Response,
    t: Translate,
    page: (working: WorkingLink) => Promise<RouteResult>,
  ): Promise<RouteResult>;
}

/** Declares the link's exchange (`<home>/open/:token`); the pages behind it use `behind`. */
export function linkPages(router: Router, spec: LinkPagesSpec): LinkPages {
  const refused = async (res: Response, t: Translate, refusal: RefusedLink): Promise<RouteResult> => {
    const contact = await spec.contactFor(refusal);
    noStore(res);
    res.status(403).render("pages/dossier/link-refused", {
      layout: "bare",
      ...presentRefusal(refusal.reason, contact, t),
    });
    return handled;
  };

  publicRoute(router, {
    method: "get",
    path: `${spec.home}/open/:token`,
    public: `${spec.holder}'s signed link (checked against its stored record)`,
    input: TokenParams,
    handle: async ({ input, req, res, t }) => {
      const outcome = await spec.links.open(input.params.token, spec.kind, cookieOf(req, spec.cookie));
      if (!outcome.ok) return refused(res, t, outcome);
      res.cookie(spec.cookie, sessionValue(outcome.link, outcome.secret), {
        httpOnly: true,
        sameSite: "lax",
        secure: spec.secureCookies,
        path: spec.home,
        expires: outcome.link.validUntil,
      });
      return redirect(spec.home);
    },
  });

  return {
    behind: async (req, res, t, page) => {
      const outcome = await spec.links.session(cookieOf(req, spec.cookie), spec.kind);
      return outcome.ok ? page(outcome) : refused(res, t, outcome);
    },
  };
}

/** Pages behind a link are one person's: never kept by a shared cache or the browser's history. */
export function noStore(res: Response): void {
  res.setHeader("Cache-Control", "private, no-store");
}

function cookieOf(req: Request, name: string): string | undefined {
  const cookies: unknown = req.cookies;
  if (typeof cookies !== "object" || cookies === null) return undefined;
  const value: unknown = Reflect.get(cookies, name);
  return typeof value === "string" ? value : undefined;
}

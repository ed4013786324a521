// Cookie settings for life inside an LMS iframe: SameSite=None; Secure (and partitioned) over HTTPS;
// Lax on plain-HTTP development, where browsers refuse SameSite=None without Secure.
import type { CookieOptions } from "express";

export const SESSION_COOKIE = "carnet_session";
export const STATE_COOKIE_PREFIX = "carnet_state_";

export function cookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    secure,
    sameSite: secure ? "none" : "lax",
    partitioned: secure,
    path: "/",
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}

/** One cookie per login in progress, so two tabs launching at once do not overwrite each other. */
export function stateCookieName(state: string): string {
  return `${STATE_COOKIE_PREFIX}${state.slice(0, 16)}`;
}

// Outcome notices after a redirect (Post/Redirect/Get): only known codes become text, never the query.
import { isPortfolioErrorCode } from "../../domain/portfolio/errors.js";
import type { Translate } from "../../i18n/i18n.js";

const DONE_MESSAGES = new Set([
  "created",
  "saved",
  "unchanged",
  "shared",
  "unshared",
  "commented",
  "decided",
  "uploaded",
  "detached",
  "linked",
  "unlinked",
  "typeAdded",
  "typeArchived",
  "typeRestored",
]);

export interface FlashView {
  done: string | null;
  error: string | null;
}

export function flashOf(
  query: { done?: string | undefined; error?: string | undefined },
  t: Translate,
  params: Record<string, unknown> = {},
): FlashView {
  const { done, error } = query;
  return {
    done: done && DONE_MESSAGES.has(done) ? t(`portfolio:done.${done}`) : null,
    error: error && isPortfolioErrorCode(error) ? t(`portfolio:errors.${error}`, params) : null,
  };
}

import type { Actor } from "../domain/actor.js";
import type { Locale, Translate } from "../i18n/i18n.js";
import type { LaunchDoc } from "../persistence/models/lti-models.js";

declare global {
  namespace Express {
    interface Locals {
      requestId: string;
      locale: Locale;
      t: Translate;
      cspNonce: string;
      actor?: Actor;
      launch?: LaunchDoc;
      csrfToken?: string;
      /** Origins allowed to frame this response (Content-Security-Policy frame-ancestors). */
      frameAncestors?: string[];
      /** Base path of the current launch, e.g. /l/<launchId>. */
      base?: string;
      /** The person and course shown in the header of launched pages. */
      chrome?: { me: { displayName: string } | null; course: { title?: string } | null };
      /** Settles once the header data and counters are read (with their error, if any): pages wait for it. */
      frameReady?: Promise<unknown>;
      /** A trace's text posted after the session ran out, shown on the 401 page (kept-on-expiry.ts). */
      keptText?: { text: string; asDraft: boolean };
    }
  }
}
export {};

// AGS and NRPS URLs come from the launch's claims; Carnet later calls them with a bearer token. Only
// URLs on the platform's own registered origins are kept, so a launch cannot aim those calls elsewhere.
import type { LaunchClaims } from "./claims.js";
import { CLAIM } from "./claims.js";
import { isPlatformServiceUrl, type PlatformUrls } from "./platform-origins.js";

type AgsClaim = NonNullable<LaunchClaims[typeof CLAIM.ags]>;
type NrpsClaim = NonNullable<LaunchClaims[typeof CLAIM.nrps]>;

export interface TrustedServices {
  ags: AgsClaim | undefined;
  nrps: NrpsClaim | undefined;
  /** URLs dropped because they are not on the platform's origins (for the log). */
  ignored: string[];
}

export function trustedServiceClaims(platform: PlatformUrls, claims: LaunchClaims): TrustedServices {
  const ignored: string[] = [];
  const keep = (url: string | undefined): string | undefined => {
    if (url === undefined || isPlatformServiceUrl(platform, url)) return url;
    ignored.push(url);
    return undefined;
  };
  const rawAgs = claims[CLAIM.ags];
  let ags: AgsClaim | undefined;
  if (rawAgs) {
    const lineitems = keep(rawAgs.lineitems);
    const lineitem = keep(rawAgs.lineitem);
    ags = lineitems || lineitem ? { ...rawAgs, lineitems, lineitem } : undefined;
  }
  const rawNrps = claims[CLAIM.nrps];
  const nrps = rawNrps && keep(rawNrps.context_memberships_url) ? rawNrps : undefined;
  return { ags, nrps, ignored };
}

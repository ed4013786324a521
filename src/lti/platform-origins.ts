// Which web origins belong to a platform: those that may frame Carnet (its issuer, its login page and
// the origins an operator added) and those that may host the services its launches name.
import { originOf, toOrigin, type Origin } from "./platform-urls.js";

export interface PlatformUrls {
  issuer: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  origins?: readonly string[];
}

function collect(values: readonly (string | undefined)[], extra: readonly string[] = []): Origin[] {
  const origins = new Set<Origin>();
  for (const value of values) {
    const origin = value ? originOf(value) : undefined;
    if (origin) origins.add(origin);
  }
  for (const value of extra) {
    const origin = toOrigin(value);
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** The exact origins written into frame-ancestors for this platform (nothing unchecked, no wildcard). */
export function frameOriginsOf(platform: PlatformUrls): Origin[] {
  return collect([platform.issuer, platform.authUrl], platform.origins);
}

/** Origins where this platform's AGS and NRPS endpoints may live. */
export function serviceOriginsOf(platform: PlatformUrls): Origin[] {
  return collect([platform.issuer, platform.authUrl, platform.tokenUrl, platform.jwksUrl], platform.origins);
}

export function isPlatformServiceUrl(platform: PlatformUrls, url: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && serviceOriginsOf(platform).includes(origin);
}

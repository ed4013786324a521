/**
 * A cookie jar following RFC 6265 §5 closely enough to catch real cookie bugs in the tool:
 * host-only vs Domain cookies, default-path and Path matching, Expires / Max-Age (Max-Age wins),
 * Secure, and the `__Secure-` / `__Host-` prefixes (RFC 6265bis §4.1.3).
 *
 * Documented simplifications:
 * - SameSite is recorded but not enforced. The LMS and the tool both run on 127.0.0.1 in tests, and
 *   "site" ignores ports, so a real browser treats them as same-site and sends Lax cookies anyway.
 * - Cookies ignore ports (as in browsers): the LMS and the tool share this jar on 127.0.0.1.
 * - Secure cookies are only stored from and sent to https URLs, unless `trustLoopbackAsSecure` is on,
 *   which mirrors Chrome and Firefox treating http://localhost and 127.0.0.1 as secure contexts.
 */

export interface Cookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  /** Expiry in ms since the epoch; undefined for a session cookie. */
  expiresAt: number | undefined;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | undefined;
  createdAt: number;
}

export interface CookieJarOptions {
  now?: () => number;
  trustLoopbackAsSecure?: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
}

/** RFC 6265 §5.1.4 default-path: the request path up to (not including) its last "/". */
function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith("/")) return "/";
  const lastSlash = path.lastIndexOf("/");
  return lastSlash <= 0 ? "/" : path.slice(0, lastSlash);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

/** RFC 6265 §5.1.3 domain-match (IP addresses only match themselves). */
function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return !isIpAddress(host) && host.endsWith(`.${domain}`);
}

export class CookieJar {
  private cookies: Cookie[] = [];
  private readonly now: () => number;
  private readonly trustLoopbackAsSecure: boolean;

  constructor(options: CookieJarOptions = {}) {
    this.now = options.now ?? Date.now;
    this.trustLoopbackAsSecure = options.trustLoopbackAsSecure ?? false;
  }

  private isSecureUrl(url: URL): boolean {
    return url.protocol === "https:" || (this.trustLoopbackAsSecure && LOOPBACK_HOSTS.has(url.hostname));
  }

  /** Stores one Set-Cookie header received from `url`. Returns false when the cookie was rejected. */
  setCookie(header: string, url: string | URL): boolean {
    const requestUrl = new URL(url);
    const [pair = "", ...attributeParts] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return false;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);

    const host = requestUrl.hostname.toLowerCase();
    const now = this.now();
    let domain = host;
    let hostOnly = true;
    let path = defaultPath(requestUrl);
    let expiresAt: number | undefined;
    let maxAgeSeen = false;
    let secure = false;
    let httpOnly = false;
    let sameSite: string | undefined;
    let domainAttributeSeen = false;

    for (const part of attributeParts) {
      const index = part.indexOf("=");
      const key = (index < 0 ? part : part.slice(0, index)).trim().toLowerCase();
      const attributeValue = index < 0 ? "" : part.slice(index + 1).trim();
      if (key === "domain" && attributeValue !== "") {
        const wanted = attributeValue.replace(/^\./, "").toLowerCase();
        if (!domainMatches(host, wanted)) return false; // §5.3 step 6: not a domain of the origin
        domain = wanted;
        hostOnly = false;
        domainAttributeSeen = true;
      } else if (key === "path") {
        path = attributeValue.startsWith("/") ? attributeValue : defaultPath(requestUrl);
      } else if (key === "max-age" && /^-?\d+$/.test(attributeValue)) {
        const seconds = Number(attributeValue);
        expiresAt = seconds <= 0 ? 0 : now + seconds * 1000;
        maxAgeSeen = true;
      } else if (key === "expires" && !maxAgeSeen) {
        const parsed = Date.parse(attributeValue);
        if (Number.isFinite(parsed)) expiresAt = parsed;
      } else if (key === "secure") {
        secure = true;
      } else if (key === "httponly") {
        httpOnly = true;
      } else if (key === "samesite") {
        sameSite = attributeValue;
      }
    }

    if (secure && !this.isSecureUrl(requestUrl)) return false;
    if (name.startsWith("__Secure-") && !secure) return false;
    if (name.startsWith("__Host-") && (!secure || domainAttributeSeen || path !== "/")) return false;

    const existing = this.cookies.find((c) => c.name === name && c.domain === domain && c.path === path);
    this.cookies = this.cookies.filter((c) => c !== existing);
    if (expiresAt !== undefined && expiresAt <= now) return true; // an expiry in the past deletes it
    this.cookies.push({
      name,
      value,
      domain,
      hostOnly,
      path,
      expiresAt,
      secure,
      httpOnly,
      sameSite,
      createdAt: existing?.createdAt ?? now,
    });
    return true;
  }

  /** Cookies a browser would send to `url`, longest path first (RFC 6265 §5.4). */
  cookiesFor(url: string | URL): Cookie[] {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
    return this.cookies
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)))
      .filter((c) => pathMatches(target.pathname || "/", c.path))
      .filter((c) => !c.secure || this.isSecureUrl(target))
      .sort((a, b) => b.path.length - a.path.length || a.createdAt - b.createdAt);
  }

  /** The `Cookie` request header for `url`, or undefined when there is nothing to send. */
  cookieHeader(url: string | URL): string | undefined {
    const cookies = this.cookiesFor(url);
    return cookies.length === 0 ? undefined : cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /** Every unexpired cookie in the jar. */
  all(): Cookie[] {
    const now = this.now();
    return this.cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
  }

  clear(): void {
    this.cookies = [];
  }
}

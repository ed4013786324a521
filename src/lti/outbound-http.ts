// The one HTTP client for every call Carnet makes to a platform (configuration, registration, key sets,
// tokens, AGS, NRPS). It reaches public addresses only (checked on the address it connects to, after
// DNS resolution, on every redirect), follows few redirects by hand, caps size and time, and fails the
// same way whatever went wrong, so that it cannot be used to map a network.
import http from "node:http";
import https from "node:https";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import type { OutboundAllowlist } from "./outbound-allowlist.js";
import { isNonPublicAddress } from "./network-addresses.js";

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
  /** Time for the whole call, redirects included. */
  timeoutMs?: number;
}

/** fetch's shape, so that tests may still pass fetch itself. */
export type OutboundFetch = (url: string, init?: OutboundInit) => Promise<Response>;

export type OutboundFailure =
  "url" | "refused-address" | "dns" | "network" | "timeout" | "too-large" | "redirects" | "bad-response";

/** One message whatever happened; the reason is for Carnet's own log. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    readonly host: string,
  ) {
    super("the platform could not be reached");
    this.name = "OutboundError";
  }
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface OutboundOptions {
  allowlist: OutboundAllowlist;
  /** DNS resolution; tests replace it to play rebinding tricks. */
  resolve?: Resolver;
  maxRedirects?: number;
  defaultMaxBytes?: number;
  defaultTimeoutMs?: number;
}

export const CONFIGURATION_MAX_BYTES = 256 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

interface Hop {
  status: number;
  headers: Headers;
  body: Buffer;
}

interface Guard {
  allowlist: OutboundAllowlist;
  resolve: Resolver;
  agents: { "http:": http.Agent; "https:": https.Agent };
}

export function createOutboundFetch(options: OutboundOptions): OutboundFetch {
  const maxRedirects = options.maxRedirects ?? 3;
  const guard: Guard = {
    allowlist: options.allowlist,
    resolve: options.resolve ?? systemResolve,
    // Keep-alive: grade delivery makes many calls to one LMS. A pooled socket was checked when it opened.
    agents: {
      "http:": new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
      "https:": new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
    },
  };
  return async (rawUrl, init = {}) => {
    const deadline = Date.now() + (init.timeoutMs ?? options.defaultTimeoutMs ?? 10_000);
    const maxBytes = init.maxBytes ?? options.defaultMaxBytes ?? CONFIGURATION_MAX_BYTES;
    let url = parseOutboundUrl(rawUrl);
    let current: OutboundInit = init;
    for (let redirects = 0; ; redirects++) {
      const answer = await hop(guard, url, current, deadline, maxBytes);
      const location = answer.headers.get("location");
      if (!REDIRECTS.has(answer.status) || location === null) return toResponse(answer, url.hostname);
      if (redirects >= maxRedirects) throw new OutboundError("redirects", url.hostname);
      const next = parseOutboundUrl(location, url);
      current = redirectedInit(current, answer.status, url.origin === next.origin);
      url = next;
    }
  };
}

/** Resolves like dns.lookup, but refuses a name whose addresses are not all reachable. */
function guardedLookup(guard: Guard, onRefusal: (reason: OutboundFailure) => void): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const refuse = (reason: OutboundFailure): void => {
      onRefusal(reason);
      callback(new Error(reason) as NodeJS.ErrnoException, "", 0);
    };
    guard
      .resolve(hostname)
      .then((addresses) => {
        const first = addresses[0];
        if (!first) return refuse("dns");
        // Every address is checked: a name answering one public and one private address is refused.
        const refused = addresses.some(
          ({ address }) => isNonPublicAddress(address) && !guard.allowlist.allowsAddress(address),
        );
        if (refused) return refuse("refused-address");
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch(() => refuse("dns"));
  };
}

/** Whether the URL's host is refused before any connection (an IP literal Node will not resolve). */
function refusedLiteral(guard: Guard, url: URL): boolean {
  const bareHost = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (guard.allowlist.allowsHost(bareHost, port) || isIP(bareHost) === 0) return false;
  return isNonPublicAddress(bareHost) && !guard.allowlist.allowsAddress(bareHost);
}

function trusted(guard: Guard, url: URL): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return guard.allowlist.allowsHost(url.hostname.replace(/^\[|\]$/g, ""), port);
}

/** One request, no redirect followed; the body read within the size cap. */
function hop(guard: Guard, url: URL, init: OutboundInit, deadline: number, maxBytes: number): Promise<Hop> {
  return new Promise<Hop>((resolveHop, reject) => {
    const host = url.hostname;
    if (refusedLiteral(guard, url)) {
      reject(new OutboundError("refused-address", host));
      return;
    }
    let reason: OutboundFailure | undefined;
    let settled = false;
    const finish = (result: Hop | OutboundFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      init.signal?.removeEventListener("abort", onAbort);
      if (typeof result === "string") reject(new OutboundError(result, host));
      else resolveHop(result);
    };
    const fail = (failure: OutboundFailure): void => {
      reason ??= failure;
      finish(failure);
      request.destroy();
    };
    const useLookup = !trusted(guard, url) && isIP(host.replace(/^\[|\]$/g, "")) === 0;
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: init.method ?? "GET",
        headers: init.headers,
        agent: guard.agents[url.protocol === "https:" ? "https:" : "http:"],
        ...(useLookup ? { lookup: guardedLookup(guard, (r) => (reason ??= r)) } : {}),
      },
      (response) => {
        if (Number(response.headers["content-length"] ?? "0") > maxBytes) return fail("too-large");
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail("too-large");
          else chunks.push(chunk);
        });
        response.on("end", () =>
          finish({
            status: response.statusCode ?? 0,
            headers: toHeaders(response.headers),
            body: Buffer.concat(chunks),
          }),
        );
        response.on("error", () => finish(reason ?? "network"));
        response.on("close", () => finish(reason ?? "network"));
      },
    );
    const onAbort = (): void => fail("timeout");
    const timer = setTimeout(() => fail("timeout"), Math.max(0, deadline - Date.now()));
    init.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", () => finish(reason ?? "network"));
    request.end(init.body);
  });
}

function parseOutboundUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutboundError("url", base?.hostname ?? "");
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
    throw new OutboundError("url", url.hostname);
  }
  return url;
}

/** Fetch's rules: 303 (and 301/302 after a POST) become a GET without body; credentials stay home. */
function redirectedInit(init: OutboundInit, status: number, sameOrigin: boolean): OutboundInit {
  const method = (init.method ?? "GET").toUpperCase();
  const toGet = status === 303 || ((status === 301 || status === 302) && method === "POST");
  const headers = { ...init.headers };
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if ((!sameOrigin && lower === "authorization") || (toGet && lower.startsWith("content-"))) {
      delete headers[name];
    }
  }
  return { ...init, headers, ...(toGet ? { method: "GET", body: undefined } : {}) };
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function toResponse(answer: Hop, host: string): Response {
  if (answer.status < 200 || answer.status > 599) throw new OutboundError("bad-response", host);
  const empty = answer.status === 204 || answer.status === 205 || answer.status === 304;
  return new Response(empty ? null : new Uint8Array(answer.body), {
    status: answer.status,
    headers: answer.headers,
  });
}

/** A JSON document from a platform (configuration, key set), within the size cap. */
export async function fetchPlatformJson(
  outbound: OutboundFetch,
  url: string,
  init: OutboundInit = {},
): Promise<unknown> {
  const response = await outbound(url, {
    ...init,
    headers: { accept: "application/json", ...init.headers },
    maxBytes: init.maxBytes ?? CONFIGURATION_MAX_BYTES,
  });
  if (!response.ok) throw new OutboundError("bad-response", new URL(url).hostname);
  try {
    return await response.json();
  } catch {
    throw new OutboundError("bad-response", new URL(url).hostname);
  }
}

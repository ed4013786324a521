// Calls to an LMS's services: one error type carrying what a retry policy needs (status, Retry-After).
import { OutboundError, type OutboundFetch, type OutboundInit } from "./outbound-http.js";

/** AGS and NRPS pages: an unpaginated roster of a few thousand members fits. */
export const SERVICE_MAX_BYTES = 8 * 1024 * 1024;
export class PlatformCallError extends Error {
  constructor(
    readonly status: number | "timeout" | "network",
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = "PlatformCallError";
  }

  /** 4xx other than 408/409/429 will not get better by retrying the same request. */
  get permanent(): boolean {
    return (
      typeof this.status === "number" &&
      this.status >= 400 &&
      this.status < 500 &&
      ![408, 409, 429].includes(this.status)
    );
  }
}

/** Every call to a platform goes through the outbound client (src/lti/outbound-http.ts). */
export type FetchLike = OutboundFetch;

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export async function callPlatform(
  fetchImpl: FetchLike,
  url: string,
  init: OutboundInit,
  nowMs: number,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      ...init,
      timeoutMs: init.timeoutMs ?? 15_000,
      maxBytes: init.maxBytes ?? SERVICE_MAX_BYTES,
    });
  } catch (error) {
    const timedOut =
      error instanceof OutboundError
        ? error.reason === "timeout"
        : error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new PlatformCallError(
      timedOut ? "timeout" : "network",
      undefined,
      error instanceof Error ? error.message : String(error),
    );
  }
  if (!response.ok) {
    const body = (await response.text().catch(() => "")).slice(0, 300);
    throw new PlatformCallError(
      response.status,
      parseRetryAfter(response.headers.get("retry-after"), nowMs),
      `${response.status} ${body}`,
    );
  }
  return response;
}

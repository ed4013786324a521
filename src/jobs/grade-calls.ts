// A failed LMS call during a delivery, tagged with the phase it failed in, so that the failure is judged
// by the right rules (a 400 from the token endpoint is not a 400 on a score).
import type { CallFailure, CallPhase } from "../domain/grading/delivery-rules.js";
import { PlatformCallError } from "../lti/platform-http.js";

export class PhaseError extends Error {
  constructor(
    readonly phase: CallPhase,
    readonly failure: CallFailure,
  ) {
    super(`${phase} call failed: ${String(failure.status)}`);
    this.name = "PhaseError";
  }
}

/** Runs an LMS call; its PlatformCallError becomes a PhaseError (anything else is our own bug). */
export async function inPhase<T>(phase: CallPhase, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PlatformCallError) {
      throw new PhaseError(phase, { status: error.status, retryAfterMs: error.retryAfterMs });
    }
    throw error;
  }
}

// The support space's background work, every six hours: raise the signs Carnet checks itself, then purge
// what retention says must go. Log lines carry counts only, never a person or a case.
import type { MachineSignals } from "../domain/support/machine-signs.js";
import type { SupportRetention } from "../domain/support/retention.js";
import type { Logger } from "../logger.js";
import { startLoop, type RunningLoop } from "./job-loop.js";

const SUPPORT_INTERVAL_MS = 6 * 3600_000;

export interface SupportJobDeps {
  machine: Pick<MachineSignals, "run">;
  retention: Pick<SupportRetention, "purge">;
  logger: Logger;
}

/** One pass: signs first (a purge never races a sign being raised for a case that is going). */
export async function runSupportJobs(deps: SupportJobDeps): Promise<{ raised: number; purged: number }> {
  const raised = await deps.machine.run();
  const { cases, looseSignals } = await deps.retention.purge();
  if (raised > 0 || cases > 0 || looseSignals > 0)
    deps.logger.info(
      { job: "support", raised, purgedCases: cases, purgedSignals: looseSignals },
      "support job",
    );
  return { raised, purged: cases };
}

export function startSupportJobs(deps: SupportJobDeps): RunningLoop {
  const loop = { name: "support", intervalMs: SUPPORT_INTERVAL_MS };
  return startLoop({ loop, run: () => runSupportJobs(deps) }, deps.logger);
}

// What the support area depends on, built once by the composition root.
import type { Clock } from "../../clock.js";
import type { AccessLog } from "./access-log.js";
import type { CaseStore } from "./cases.js";
import type { SupportDirectory } from "./circle.js";
import type { SignalStore } from "./signals.js";

/**
 * Tells people something new waits for them in Carnet. The message names nothing of the support space
 * (no learner, no case, no category): notifications and e-mails are read by others and by machines.
 */
export interface SupportNotifier {
  newMessage(platformId: string, userIds: readonly string[], at: Date): Promise<void>;
}

export interface SupportDeps {
  cases: CaseStore;
  signals: SignalStore;
  access: AccessLog;
  directory: SupportDirectory;
  notifier: SupportNotifier;
  clock: Clock;
  newId: () => string;
}

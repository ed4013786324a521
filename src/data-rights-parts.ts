// The data rights' part of the composition root: a person's export and erasure over the registry of
// personal data, journaled and audited.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "./clock.js";
import type { AuditLog } from "./domain/audit/audit-log.js";
import { DataRights } from "./domain/people/data-rights.js";
import { ErasureJournalRepository } from "./persistence/person-erasures.js";
import { RegistryPersonalDataStore } from "./persistence/personal-data-store.js";

export function buildDataRights(deps: { connection: Connection; audit: AuditLog; clock: Clock }): DataRights {
  return new DataRights({
    store: new RegistryPersonalDataStore(deps.connection),
    journal: new ErasureJournalRepository(deps.connection),
    audit: deps.audit,
    clock: deps.clock,
    newId: randomUUID,
  });
}

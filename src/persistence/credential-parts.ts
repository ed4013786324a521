// Builds the credentials area from the connection and the other areas' repositories (used by the
// composition root): the use cases, the issuer keys and the issuers.
import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import type { Clock } from "../clock.js";
import { CredentialUrls } from "../domain/credentials/achievement-credential.js";
import { CredentialService } from "../domain/credentials/service.js";
import type { PortfolioStore } from "../domain/portfolio/ports.js";
import type { CompetenceRecordStore } from "../domain/validation/ports.js";
import { translator } from "../i18n/i18n.js";
import { CredentialKeyStore } from "./credential-keys.js";
import { CredentialRepository, IssuerRepository } from "./credential-repository.js";
import { PeopleNamesAdapter, TraceEvidence, ValidationRecordFacts } from "./credential-sources.js";
import type { FrameworkRepository } from "./framework-repository.js";
import { credentialModels } from "./models/credential-models.js";
import type { PeopleRepository } from "./people-repository.js";

export interface CredentialParts {
  service: CredentialService;
  keys: CredentialKeyStore;
  issuers: IssuerRepository;
}

export function buildCredentials(deps: {
  connection: Connection;
  clock: Clock;
  baseUrl: string;
  /** LTI_KEY: the issuer keys' private halves are encrypted with a key derived from it. */
  secret: string;
  records: Pick<CompetenceRecordStore, "find" | "forLearner">;
  portfolioStore: Pick<PortfolioStore, "findTrace">;
  people: Pick<PeopleRepository, "course" | "person">;
  frameworks: Pick<FrameworkRepository, "byId" | "forCourse">;
}): CredentialParts {
  const models = credentialModels(deps.connection);
  const urls = new CredentialUrls(deps.baseUrl);
  const keys = new CredentialKeyStore(models, deps.secret, deps.clock, (kid) => urls.key(kid), randomUUID);
  const issuers = new IssuerRepository(models, deps.clock, randomUUID);
  // A credential is one document in one language: French, Carnet's first language.
  const french = translator("fr");
  const service = new CredentialService({
    issuers,
    credentials: new CredentialRepository(models),
    signer: keys,
    validation: new ValidationRecordFacts(deps.records),
    evidence: new TraceEvidence(deps.portfolioStore),
    frameworks: deps.frameworks,
    people: new PeopleNamesAdapter(deps.people),
    clock: deps.clock,
    newId: randomUUID,
    baseUrl: deps.baseUrl,
    wording: (key, params) => french(key, params),
  });
  return { service, keys, issuers };
}

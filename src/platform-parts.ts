// The LTI platforms' part of the composition root: registrations and their operators' actions, the tool's
// keys, the one outbound client, people, sessions and the audit log every area writes to.
import type { Clock } from "./clock.js";
import type { Config } from "./config/config.js";
import type { AuditLog } from "./domain/audit/audit-log.js";
import { JwksCache } from "./lti/jwks-cache.js";
import { parseOutboundAllowlist } from "./lti/outbound-allowlist.js";
import { createOutboundFetch, fetchPlatformJson, type OutboundFetch } from "./lti/outbound-http.js";
import { PlatformAdmin } from "./lti/platform-admin.js";
import { PlatformTokens } from "./lti/platform-tokens.js";
import { policyFor } from "./lti/platform-urls.js";
import { describeTool, type ToolDescription } from "./lti/tool-description.js";
import { LtijsToolKeyStore } from "./lti/tool-key-store.js";
import { ToolKeys } from "./lti/tool-keys.js";
import { AuditRepository, auditModel } from "./persistence/audit-repository.js";
import { ltiModels, type LtiModels } from "./persistence/models/lti-models.js";
import { PeopleRepository } from "./persistence/people-repository.js";
import { PlatformRegistry } from "./persistence/platform-registry.js";
import { RegistrationInvitations, invitationModel } from "./persistence/registration-invitations.js";
import { SessionStore } from "./persistence/session-store.js";
import type { ContainerDeps } from "./container.js";

export interface PlatformParts {
  /** For tests, the bench and the CLI only: routes and jobs go through the repositories. */
  models: LtiModels;
  people: PeopleRepository;
  platforms: PlatformRegistry;
  /** Operators' actions on registrations (CLI, operator page, dynamic registration's activation). */
  platformAdmin: PlatformAdmin;
  invitations: RegistrationInvitations;
  audit: AuditLog;
  /** The one client for every call to a platform (SSRF guard, size and time caps). */
  outbound: OutboundFetch;
  sessions: SessionStore;
  keys: ToolKeys;
  jwks: JwksCache;
  tool: ToolDescription;
  /** Access tokens for the platforms' services (AGS, NRPS). */
  tokens: PlatformTokens;
}

export function buildPlatforms(deps: ContainerDeps): PlatformParts {
  const { clock, config }: { clock: Clock; config: Config } = deps;
  const connection = deps.mongo.carnet;
  const models = ltiModels(connection);
  const platforms = new PlatformRegistry(models.Platform, clock);
  const keys = new ToolKeys(new LtijsToolKeyStore(deps.lti), platforms);
  const outbound =
    deps.outbound ?? createOutboundFetch({ allowlist: parseOutboundAllowlist(config.outboundAllowlist) });
  const audit = new AuditRepository(auditModel(connection));
  const invitations = new RegistrationInvitations(invitationModel(connection), clock);
  const tool = describeTool(config.baseUrl, config.lti);
  const platformAdmin = new PlatformAdmin({
    platforms,
    invitations,
    registerUrl: tool.urls.register,
    keys,
    audit,
    clock,
    urlPolicy: policyFor(config),
  });
  return {
    models,
    people: new PeopleRepository(models),
    platforms,
    platformAdmin,
    invitations,
    audit,
    outbound,
    sessions: new SessionStore(models, clock, config.sessionTtlMs),
    keys,
    jwks: new JwksCache({ clock, fetchJson: deps.fetchJson ?? ((url) => fetchPlatformJson(outbound, url)) }),
    tool,
    tokens: new PlatformTokens(keys, clock, outbound),
  };
}

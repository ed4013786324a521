/**
 * Everything the simulated platform knows and records, shared by its route modules. SimulatedLms is the
 * public face; this object is internal to test/support/sim-lms.
 */
import { randomBytes } from "node:crypto";
import type { Response } from "express";
import { AgsStore } from "./ags-store.js";
import { buildIdTokenPayload } from "./claims.js";
import type { LaunchClaimsInput } from "./claims.js";
import { CourseStore } from "./courses.js";
import {
  generateSigningKey,
  publicKeyPem,
  RemoteJwksCache,
  signHs256,
  signRs256,
  unsignedJwt,
} from "./jwt-keys.js";
import type { JwtHeader, JwtPayload, SigningKey } from "./jwt-keys.js";
import type {
  AuthRequestRecord,
  DeepLinkResponseRecord,
  IssuedIdToken,
  LineItem,
  PreparedLaunch,
  RegistrationRecord,
  ServiceCall,
  Tamper,
  TokenRequestRecord,
  ToolRegistration,
} from "./types.js";

export interface AccessToken {
  token: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface PendingLaunch {
  prepared: PreparedLaunch;
  claims: LaunchClaimsInput;
  used: boolean;
}

export interface DeepLinkSession {
  data: string | undefined;
  clientId: string;
  deploymentId: string;
  contextId: string | undefined;
  acceptTypes: string[];
  acceptMultiple: boolean;
  used: boolean;
}

export interface RegistrationToken {
  clientId: string;
  expiresAt: number;
  used: boolean;
}

/** Moodle's LTI_ACCESS_TOKEN_LIFE. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

export class PlatformState {
  readonly courses = new CourseStore();
  readonly ags: AgsStore;
  readonly remoteJwks: RemoteJwksCache;
  readonly tools = new Map<string, ToolRegistration>();
  readonly accessTokens = new Map<string, AccessToken>();
  /** `${clientId} ${jti}` → exp (s): client assertions already used (RFC 7523 §3 point 7). */
  readonly usedJtis = new Map<string, number>();
  readonly usedDeepLinkNonces = new Set<string>();
  readonly registrationTokens = new Map<string, RegistrationToken>();
  readonly pendingLaunches = new Map<string, PendingLaunch>();
  readonly deepLinkSessions: DeepLinkSession[] = [];

  readonly registrations: RegistrationRecord[] = [];
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly serviceCalls: ServiceCall[] = [];
  readonly authRequests: AuthRequestRecord[] = [];
  readonly idTokens: IssuedIdToken[] = [];
  readonly deepLinkResponses: DeepLinkResponseRecord[] = [];

  private readonly callsByResponse = new WeakMap<Response, ServiceCall>();
  private foreignKey: SigningKey | undefined;
  nextDeploymentId = 1;

  constructor(
    readonly issuer: string,
    readonly now: () => number,
    public keys: SigningKey[],
    public activeKid: string,
    readonly platformGuid: string,
  ) {
    this.ags = new AgsStore(now);
    this.remoteJwks = new RemoteJwksCache(now);
  }

  get authUrl(): string {
    return `${this.issuer}/auth`;
  }
  get tokenUrl(): string {
    return `${this.issuer}/token`;
  }
  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }
  get openidConfigurationUrl(): string {
    return `${this.issuer}/openid-configuration`;
  }
  get registrationEndpoint(): string {
    return `${this.issuer}/registration`;
  }
  get deepLinkReturnUrl(): string {
    return `${this.issuer}/deep-linking/return`;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  activeKey(): SigningKey {
    const key = this.keys.find((k) => k.kid === this.activeKid);
    if (!key) throw new Error(`no key ${this.activeKid}`);
    return key;
  }

  allocateDeploymentId(): string {
    const taken = new Set([...this.tools.values()].flatMap((tool) => tool.deploymentIds));
    while (taken.has(String(this.nextDeploymentId))) this.nextDeploymentId += 1;
    return String(this.nextDeploymentId++);
  }

  /** `?type_id=` as Moodle appends to every AGS URL it gives an LTI 1.3 tool (its tool type id). */
  private withTypeId(url: string, typeId: string | undefined): string {
    return typeId === undefined ? url : `${url}?type_id=${encodeURIComponent(typeId)}`;
  }

  lineItemsUrl(contextId: string, typeId?: string): string {
    return this.withTypeId(`${this.issuer}/ags/${encodeURIComponent(contextId)}/lineitems`, typeId);
  }

  lineItemUrl(item: LineItem, typeId?: string): string {
    const base = `${this.issuer}/ags/${encodeURIComponent(item.contextId)}/lineitems/${item.id}/lineitem`;
    return this.withTypeId(base, typeId);
  }

  membershipsUrl(contextId: string): string {
    return `${this.issuer}/nrps/${encodeURIComponent(contextId)}/memberships`;
  }

  /** A line item by id ("3") or by any of its URLs (with or without query, /scores, /results). */
  findLineItem(idOrUrl: string): LineItem | undefined {
    const match = /\/lineitems\/([^/?#]+)\/lineitem/.exec(idOrUrl);
    return this.ags.get(match ? decodeURIComponent(match[1] ?? "") : idOrUrl);
  }

  issueAccessToken(clientId: string, scopes: string[]): AccessToken {
    const token: AccessToken = {
      token: randomId(24),
      clientId,
      scopes,
      expiresAt: this.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000,
    };
    this.accessTokens.set(token.token, token);
    return token;
  }

  /** The ServiceCall logged for this response (see service-routes.ts). */
  callOf(response: Response): ServiceCall | undefined {
    return this.callsByResponse.get(response);
  }

  trackCall(response: Response, call: ServiceCall): void {
    this.serviceCalls.push(call);
    this.callsByResponse.set(response, call);
  }

  /** Builds and signs (or forges, per `tamper`) the id_token of a pending launch. */
  async signIdToken(
    pending: PendingLaunch,
    nonce: string | undefined,
    tamper: Tamper = {},
  ): Promise<{ idToken: string; header: JwtHeader; payload: JwtPayload }> {
    const key = this.activeKey();
    const signWith = tamper.signWith ?? "platform";
    const effectiveNonce = tamper.omitNonce ? undefined : (tamper.nonce ?? nonce);
    let payload = buildIdTokenPayload(pending.claims, effectiveNonce, this.nowSeconds());
    const alg = signWith === "none" ? "none" : signWith === "hs256-with-public-key" ? "HS256" : "RS256";
    // Moodle's header order: typ, alg, kid (fixtures).
    let header: JwtHeader = { typ: "JWT", alg, kid: tamper.kid ?? key.kid };
    header = tamper.mutateHeader?.(header) ?? header;
    payload = tamper.mutatePayload?.(payload) ?? payload;

    let idToken: string;
    switch (signWith) {
      case "platform":
        idToken = signRs256(header, payload, key.privateKey);
        break;
      case "foreign-key":
        this.foreignKey ??= await generateSigningKey();
        idToken = signRs256(header, payload, this.foreignKey.privateKey);
        break;
      case "hs256-with-public-key":
        idToken = signHs256(header, payload, publicKeyPem(key));
        break;
      case "none":
        idToken = unsignedJwt(header, payload);
        break;
    }
    return { idToken: tamper.rawIdToken ?? idToken, header, payload };
  }
}

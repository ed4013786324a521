/**
 * A simulated LTI 1.3 platform behaving like Moodle 5.1, over real HTTP with real RS256 signatures.
 * Tests drive it through this class; see docs in index.ts and the test/unit/sim-lms.test.ts examples.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import express from "express";
import type { Express, NextFunction, Request, Response } from "express";
import { FailureInjector } from "./failure-injection.js";
import type { FailOptions, FailureRateOptions, PathOption } from "./failure-injection.js";
import type { Browser } from "./browser.js";
import type { LineItemInput } from "./ags-store.js";
import { deserializeSigningKey, generateSigningKey, serializeSigningKey, signRs256 } from "./jwt-keys.js";
import type { Jwks, JwksFetchRecord, SerializedSigningKey, SigningKey } from "./jwt-keys.js";
import { prepareLaunch, runLaunch } from "./launches.js";
import type { LaunchResult } from "./launches.js";
import { ALL_SERVICE_SCOPES } from "./lti-vocabulary.js";
import { PlatformState, randomId } from "./platform-state.js";
import { platformRouter, publicJwks } from "./platform-routes.js";
import { serviceRouter } from "./service-routes.js";
import type {
  AddCourseInput,
  AuthRequestRecord,
  Course,
  DeepLinkResponseRecord,
  GradebookEntry,
  IssuedIdToken,
  LaunchSpec,
  LineItem,
  Member,
  PreparedLaunch,
  RegisterToolInput,
  RegistrationRecord,
  ResourceLinkRecord,
  ScoreRecord,
  ServiceCall,
  TokenRequestRecord,
  ToolRegistration,
} from "./types.js";

export interface SimulatedLmsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Clock in ms (iat/exp, token expiry, records). Default Date.now. */
  now?: () => number;
  /** Issuer / base URL when it differs from http://<host>:<port> (e.g. behind a proxy). */
  publicUrl?: string;
  /** Keys, tools and counters saved by exportState() (the dev server persists them). */
  state?: SimulatedLmsState;
  /**
   * The platform key to start with (ignored with `state`). RSA-2048 generation costs ~0.2 s, so suites
   * starting many LMS instances can generate one key (generateSigningKey) and share it.
   */
  signingKey?: SigningKey;
  /** Adds routes to the LMS's Express app before its own (the dev server's UI). */
  configureApp?: (app: Express, lms: SimulatedLms) => void;
}

/** What survives a restart: keys, tool registrations, counters. */
export interface SimulatedLmsState {
  version: 1;
  keys: SerializedSigningKey[];
  activeKid: string;
  platformGuid: string;
  tools: ToolRegistration[];
  nextDeploymentId: number;
}

export interface CreateLineItemInput {
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
  /** true for an activity's own grade item (cannot be deleted through AGS). Default false. */
  coupled?: boolean;
  clientId?: string;
}

export class SimulatedLms {
  private readonly failures = new FailureInjector();

  private constructor(
    private readonly state: PlatformState,
    private readonly server: Server,
  ) {}

  static async start(options: SimulatedLmsOptions = {}): Promise<SimulatedLms> {
    const host = options.host ?? "127.0.0.1";
    const now = options.now ?? Date.now;
    const saved = options.state;
    const keys = saved
      ? saved.keys.map(deserializeSigningKey)
      : [options.signingKey ?? (await generateSigningKey())];
    const app = express();
    app.disable("x-powered-by");
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(options.port ?? 0, host, () => resolve(listening));
      listening.once("error", reject);
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the LMS is not listening on TCP");
    const { port } = address;
    const issuer = (options.publicUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`).replace(
      /\/$/,
      "",
    );
    const state = new PlatformState(
      issuer,
      now,
      keys,
      saved?.activeKid ?? keys[0]?.kid ?? "",
      saved?.platformGuid ?? randomBytes(16).toString("hex"),
    );
    const lms = new SimulatedLms(state, server);
    if (saved) lms.restoreTools(saved);

    options.configureApp?.(app, lms);
    app.use(platformRouter(state));
    app.use(serviceRouter(state, lms.failures));
    app.use((req, res) => {
      res.status(404).type("text/plain").send(`Not found: ${req.method} ${req.path}`);
    });
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      // body-parser errors carry their status (e.g. 400 invalid body, 413 too large).
      const status =
        typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
          ? error.status
          : 500;
      if (!res.headersSent)
        res
          .status(status)
          .type("text/plain")
          .send(error instanceof Error ? error.message : "error");
    });
    return lms;
  }

  /** Stops listening; hung requests (hangNext) and keep-alive connections are closed. */
  async close(): Promise<void> {
    this.failures.shutdown();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // ---- Platform identity ------------------------------------------------------------------------

  get issuer(): string {
    return this.state.issuer;
  }
  get authUrl(): string {
    return this.state.authUrl;
  }
  get tokenUrl(): string {
    return this.state.tokenUrl;
  }
  get jwksUrl(): string {
    return this.state.jwksUrl;
  }
  get openidConfigurationUrl(): string {
    return this.state.openidConfigurationUrl;
  }
  get deepLinkReturnUrl(): string {
    return this.state.deepLinkReturnUrl;
  }

  /** The kid that signs id_tokens now. */
  get signingKid(): string {
    return this.state.activeKid;
  }

  /** The public key set served at /jwks. */
  jwks(): Jwks {
    return publicJwks(this.state);
  }

  /**
   * Generates a new key and signs with it from now on. The previous key stays published unless
   * `keepPrevious` is false, so a tool caching the old JWKS meets an unknown kid and must refetch.
   */
  async rotateKey(options: { keepPrevious?: boolean } = {}): Promise<string> {
    const key = await generateSigningKey();
    this.state.keys = options.keepPrevious === false ? [key] : [...this.state.keys, key];
    this.state.activeKid = key.kid;
    return key.kid;
  }

  /** Signs any payload with the platform's current key (for tool unit tests of JWT handling). */
  signJwt(payload: Record<string, unknown>): string {
    const key = this.state.activeKey();
    return signRs256({ typ: "JWT", alg: "RS256", kid: key.kid }, payload, key.privateKey);
  }

  // ---- Tools --------------------------------------------------------------------------------------

  /** Registers a tool by hand, as an admin does in Moodle's "Manage tools". */
  registerTool(input: RegisterToolInput): ToolRegistration {
    const base = input.toolBaseUrl.replace(/\/$/, "");
    const clientId = input.clientId ?? randomId(11);
    if (this.state.tools.has(clientId)) throw new Error(`client id ${clientId} is already registered`);
    const targetLinkUri = input.targetLinkUri ?? `${base}/lti/launch`;
    const tool: ToolRegistration = {
      clientId,
      deploymentIds: input.deploymentIds ?? [this.state.allocateDeploymentId()],
      issuer: this.state.issuer,
      authUrl: this.state.authUrl,
      tokenUrl: this.state.tokenUrl,
      jwksUrl: this.state.jwksUrl,
      openidConfigurationUrl: this.state.openidConfigurationUrl,
      scopes: input.scopes ?? [...ALL_SERVICE_SCOPES],
      source: "manual",
      tool: {
        baseUrl: base,
        name: input.name ?? "Carnet",
        loginUrl: input.loginUrl ?? `${base}/lti/login`,
        redirectUris: input.redirectUris ?? [`${base}/lti/launch`],
        jwksUrl: input.jwksUrl ?? `${base}/lti/keys`,
        targetLinkUri,
        deepLinkingUrl: input.deepLinkingUrl ?? targetLinkUri,
        customParameters: input.customParameters ?? {},
      },
    };
    this.state.tools.set(clientId, tool);
    return tool;
  }

  get tools(): ToolRegistration[] {
    return [...this.state.tools.values()];
  }

  tool(clientId: string): ToolRegistration | undefined {
    return this.state.tools.get(clientId);
  }

  /** A single-use registration token valid one hour (a JWT signed by the LMS with sub = the future client id, like Moodle's). */
  createRegistrationToken(): string {
    const clientId = randomId(11);
    const iat = this.state.nowSeconds();
    const token = this.signJwt({ sub: clientId, scope: "reg", iat, exp: iat + 3600 });
    this.state.registrationTokens.set(token, { clientId, expiresAt: (iat + 3600) * 1000, used: false });
    return token;
  }

  /** The URL a browser opens to start Dynamic Registration at the tool (LTI DR §3.3), with a fresh token. */
  dynamicRegistrationUrl(toolRegisterUrl: string): string {
    const url = new URL(toolRegisterUrl);
    url.searchParams.set("openid_configuration", this.state.openidConfigurationUrl);
    url.searchParams.set("registration_token", this.createRegistrationToken());
    return url.toString();
  }

  // ---- Courses ------------------------------------------------------------------------------------

  addCourse(input: AddCourseInput = {}): Course {
    return this.state.courses.addCourse(input);
  }

  /** Adds a member, or replaces the member with the same userId. */
  addMember(contextId: string, member: Member): Member {
    return this.state.courses.addMember(contextId, member);
  }

  removeMember(contextId: string, userId: string): boolean {
    return this.state.courses.removeMember(contextId, userId);
  }

  course(contextId: string): Course | undefined {
    return this.state.courses.course(contextId);
  }

  get courses(): Course[] {
    return this.state.courses.allCourses();
  }

  resourceLinks(contextId?: string): ResourceLinkRecord[] {
    return this.state.courses.resourceLinks(contextId);
  }

  // ---- Launches -----------------------------------------------------------------------------------

  /** Registers a pending launch and returns the login initiation to send to the tool. */
  prepareLaunch(spec: LaunchSpec): PreparedLaunch {
    return prepareLaunch(this.state, spec);
  }

  /** The whole OIDC launch over HTTP with `browser` (see LaunchResult). */
  launch(browser: Browser, spec: LaunchSpec): Promise<LaunchResult> {
    return runLaunch(this.state, browser, spec);
  }

  // ---- Assignment and Grade Services ------------------------------------------------------------

  lineItems(contextId: string): LineItem[] {
    return this.state.ags.list(contextId);
  }

  /** By id ("3") or by URL (any of the item's URLs, query or not). */
  lineItem(idOrUrl: string): LineItem | undefined {
    return this.state.findLineItem(idOrUrl);
  }

  createLineItem(contextId: string, input: CreateLineItemInput): LineItem {
    this.state.courses.ensureCourse(contextId);
    const fields: LineItemInput = {
      label: input.label,
      scoreMaximum: input.scoreMaximum,
      resourceId: input.resourceId ?? "",
      tag: input.tag ?? "",
      resourceLinkId: input.resourceLinkId,
      startDateTime: input.startDateTime,
      endDateTime: input.endDateTime,
    };
    return this.state.ags.create(contextId, fields, {
      coupled: input.coupled ?? false,
      clientId: input.clientId,
    });
  }

  /** The item's URL as given to tools (`?type_id=` appended when given, as Moodle does). */
  lineItemUrl(item: LineItem | string, typeId?: string): string {
    const found = typeof item === "string" ? this.state.findLineItem(item) : item;
    if (!found) throw new Error(`no line item ${String(item)}`);
    return this.state.lineItemUrl(found, typeId);
  }

  lineItemsUrl(contextId: string, typeId?: string): string {
    return this.state.lineItemsUrl(contextId, typeId);
  }

  /** userId → latest accepted score of a line item (by id or URL). */
  gradebook(lineItemIdOrUrl: string): Map<string, GradebookEntry> {
    const item = this.state.findLineItem(lineItemIdOrUrl);
    return item ? this.state.ags.gradebook(item.id) : new Map();
  }

  /** An access token as if the token endpoint had issued it (to call AGS/NRPS directly in tests). */
  issueAccessToken(clientId: string, scopes: string[] = [...ALL_SERVICE_SCOPES]): string {
    return this.state.issueAccessToken(clientId, scopes).token;
  }

  membershipsUrl(contextId: string): string {
    return this.state.membershipsUrl(contextId);
  }

  // ---- Failure injection (token, AGS and NRPS endpoints) ----------------------------------------

  /** The next `n` matching service requests answer `status` (Retry-After when given). */
  failNext(n: number, options: FailOptions): void {
    this.failures.failNext(n, options);
  }

  /** Each matching service request fails with probability `rate` (deterministic PRNG from `seed`). */
  setFailureRate(rate: number, options: FailureRateOptions): void {
    this.failures.setFailureRate(rate, options);
  }

  /** The next `n` matching service requests are answered after `ms` real milliseconds. */
  delayNext(n: number, ms: number, options: PathOption = {}): void {
    this.failures.delayNext(n, ms, options);
  }

  /** The next `n` matching service requests never get an answer (until close()). */
  hangNext(n: number, options: PathOption = {}): void {
    this.failures.hangNext(n, options);
  }

  /** Drops every failure rule and the failure rate. */
  clearFailures(): void {
    this.failures.clear();
  }

  // ---- Records ------------------------------------------------------------------------------------

  get registrations(): RegistrationRecord[] {
    return this.state.registrations;
  }
  get tokenRequests(): TokenRequestRecord[] {
    return this.state.tokenRequests;
  }
  get scores(): ScoreRecord[] {
    return this.state.ags.scores;
  }
  get serviceCalls(): ServiceCall[] {
    return this.state.serviceCalls;
  }
  get agsCalls(): ServiceCall[] {
    return this.state.serviceCalls.filter((call) => call.kind === "ags");
  }
  get nrpsCalls(): ServiceCall[] {
    return this.state.serviceCalls.filter((call) => call.kind === "nrps");
  }
  get authRequests(): AuthRequestRecord[] {
    return this.state.authRequests;
  }
  get idTokens(): IssuedIdToken[] {
    return this.state.idTokens;
  }
  get deepLinkResponses(): DeepLinkResponseRecord[] {
    return this.state.deepLinkResponses;
  }
  /** Fetches of tools' JWKS (token endpoint and deep-linking return). */
  get toolJwksFetches(): JwksFetchRecord[] {
    return this.state.remoteJwks.fetches;
  }

  // ---- Persistence --------------------------------------------------------------------------------

  exportState(): SimulatedLmsState {
    return {
      version: 1,
      keys: this.state.keys.map(serializeSigningKey),
      activeKid: this.state.activeKid,
      platformGuid: this.state.platformGuid,
      tools: this.tools,
      nextDeploymentId: this.state.nextDeploymentId,
    };
  }

  /** Saved tools get this LMS's current URLs (the port may have changed). */
  private restoreTools(saved: SimulatedLmsState): void {
    for (const tool of saved.tools) {
      this.state.tools.set(tool.clientId, {
        ...tool,
        issuer: this.state.issuer,
        authUrl: this.state.authUrl,
        tokenUrl: this.state.tokenUrl,
        jwksUrl: this.state.jwksUrl,
        openidConfigurationUrl: this.state.openidConfigurationUrl,
      });
    }
    this.state.nextDeploymentId = saved.nextDeploymentId;
  }
}

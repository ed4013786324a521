/**
 * A minimal LTI tool, only for testing the simulator itself without Carnet: it serves a JWKS, answers
 * the login initiation with the OIDC redirect (state in a cookie), accepts the launch POST when the
 * state matches, and signs client assertions and deep-linking responses with its own key.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import express from "express";
import { generateSigningKey, signRs256 } from "./jwt-keys.js";
import type { JwtPayload, SigningKey } from "./jwt-keys.js";
import { CLAIM } from "./lti-vocabulary.js";

export interface FakeToolLaunch {
  idToken: string;
  state: string;
  cookieState: string | undefined;
}

export class FakeTool {
  readonly launches: FakeToolLaunch[] = [];
  /** Nonce the tool put in each auth request, by state. */
  readonly nonces = new Map<string, string>();
  jwksRequests = 0;
  baseUrl = "";
  private published: SigningKey[];
  private server: Server | undefined;

  private constructor(private key: SigningKey) {
    this.published = [key];
  }

  static async start(key?: SigningKey): Promise<FakeTool> {
    const tool = new FakeTool(key ?? (await generateSigningKey()));
    const server = await new Promise<Server>((resolve) => {
      const listening = tool.app().listen(0, "127.0.0.1", () => resolve(listening));
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("not listening on TCP");
    tool.server = server;
    tool.baseUrl = `http://127.0.0.1:${address.port}`;
    return tool;
  }

  private app(): express.Express {
    const app = express();
    app.get("/lti/keys", (_req, res) => {
      this.jwksRequests += 1;
      res.json({ keys: this.published.map((k) => k.publicJwk) });
    });
    app.all("/lti/login", express.urlencoded({ extended: false }), (req, res) => {
      const source: Record<string, unknown> = req.method === "POST" ? req.body : req.query;
      const param = (name: string): string => {
        const value = source[name];
        return typeof value === "string" ? value : "";
      };
      const state = randomUUID();
      const nonce = randomUUID();
      this.nonces.set(state, nonce);
      // The simulator's authorization endpoint is <issuer>/auth.
      const auth = new URL(`${param("iss")}/auth`);
      auth.search = new URLSearchParams({
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: param("client_id"),
        redirect_uri: `${this.baseUrl}/lti/launch`,
        login_hint: param("login_hint"),
        lti_message_hint: param("lti_message_hint"),
        state,
        nonce,
      }).toString();
      res.cookie("lti_state", state, { path: "/", httpOnly: true, sameSite: "lax" });
      res.redirect(302, auth.toString());
    });
    app.post("/lti/launch", express.urlencoded({ extended: false }), (req, res) => {
      const body: Record<string, unknown> = req.body;
      const cookieState = /(?:^|;\s*)lti_state=([^;]+)/.exec(req.get("cookie") ?? "")?.[1];
      const launch = {
        idToken: typeof body.id_token === "string" ? body.id_token : "",
        state: typeof body.state === "string" ? body.state : "",
        cookieState,
      };
      this.launches.push(launch);
      if (launch.state === "" || launch.state !== cookieState) {
        res.status(401).type("text/plain").send("state mismatch");
        return;
      }
      res.redirect(303, "/app");
    });
    app.get("/app", (_req, res) => {
      res.type("html").send("<!doctype html><title>Fake tool</title><h1>Launched</h1>");
    });
    return app;
  }

  get kid(): string {
    return this.key.kid;
  }

  /** New signing key; the old one is no longer published. */
  async rotateKey(): Promise<string> {
    this.key = await generateSigningKey();
    this.published = [this.key];
    return this.key.kid;
  }

  sign(payload: JwtPayload, key: SigningKey = this.key): string {
    return signRs256({ typ: "JWT", alg: "RS256", kid: key.kid }, payload, key.privateKey);
  }

  /** An RFC 7523 client assertion for the platform's token endpoint. */
  clientAssertion(
    clientId: string,
    tokenUrl: string,
    nowSeconds: number,
    overrides: JwtPayload = {},
  ): string {
    return this.sign({
      iss: clientId,
      sub: clientId,
      aud: tokenUrl,
      iat: nowSeconds,
      exp: nowSeconds + 60,
      jti: randomUUID(),
      ...overrides,
    });
  }

  /** An LtiDeepLinkingResponse answering a deep-linking request's payload. */
  deepLinkingResponse(
    request: JwtPayload,
    contentItems: unknown[],
    nowSeconds: number,
    overrides: JwtPayload = {},
  ): string {
    const settings = request[CLAIM.deepLinkingSettings];
    const data =
      typeof settings === "object" && settings !== null && "data" in settings ? settings.data : undefined;
    return this.sign({
      iss: request.aud,
      aud: request.iss,
      iat: nowSeconds,
      exp: nowSeconds + 60,
      nonce: randomUUID(),
      [CLAIM.messageType]: "LtiDeepLinkingResponse",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: request[CLAIM.deploymentId],
      [CLAIM.deepLinkingData]: data,
      [CLAIM.contentItems]: contentItems,
      ...overrides,
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

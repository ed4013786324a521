// What anyone holding a credential's link may read, without a launch: the verification page and its
// JSON, the credential itself (JSON-LD, VC-JWT), the evidence its holder made public, the issuer's
// profile, its status list and the keys that verify its signatures.
import express, { type Response, type Router } from "express";
import { z, type ZodType, type ZodTypeDef } from "zod";
import { statusBit } from "../../domain/credentials/status-list.js";
import type { StoredCredential } from "../../domain/credentials/ports.js";
import type { CredentialService } from "../../domain/credentials/service.js";
import { verifyCredentialJwt, type Verification } from "../../domain/credentials/verify.js";
import { renderMarkdown } from "../../domain/portfolio/markdown.js";
import { found, NotFoundError } from "../../errors.js";
import type { Translate } from "../../i18n/i18n.js";
import type { CredentialKeyStore } from "../../persistence/credential-keys.js";
import {
  handled,
  json,
  publicRoute,
  type HandledResult,
  type PublicContext as PublicCall,
  type RouteResult,
} from "../route.js";

export interface PublicCredentialDeps {
  credentials: CredentialService;
  keys: Pick<CredentialKeyStore, "publicJwks" | "publicKey" | "verify">;
  clock: { now(): Date };
}

const Id = z.object({ params: z.object({ id: z.string().uuid() }) });
const Evidence = z.object({
  params: z.object({ id: z.string().uuid(), n: z.coerce.number().int().min(1).max(10) }),
});
const IssuerId = z.object({
  params: z.object({ issuerId: z.string().uuid() }),
  query: z.object({ format: z.literal("json").optional() }),
});
const Kid = z.object({ params: z.object({ kid: z.string().uuid() }) });
const VerifyBody = z.object({ body: z.object({ jwt: z.string().min(10).max(200_000) }) });

/** What the public routes share: the service, verification as a verifier does it, lookups. */
interface PublicContext {
  router: Router;
  deps: PublicCredentialDeps;
  credentials: CredentialService;
  verify(jwt: string): Promise<Verification>;
  found(id: string): Promise<StoredCredential>;
  verificationJson(credential: StoredCredential | null, result: Verification): Record<string, unknown>;
}

function publicContext(router: Router, deps: PublicCredentialDeps): PublicContext {
  const { credentials } = deps;
  /** The status bit as a verifier reads it: from the issuer's published (signed) list. */
  const readStatus = async (url: string, index: number): Promise<boolean | undefined> => {
    const prefix = credentials.urls.statusList("");
    const list = url.startsWith(prefix) ? await credentials.statusList(url.slice(prefix.length)) : null;
    if (!list) return undefined;
    const signed = await deps.keys.verify(list.jwt);
    const encoded = signed.ok
      ? member(member(signed.payload, "credentialSubject"), "encodedList")
      : undefined;
    return typeof encoded === "string" ? statusBit(encoded, index) : undefined;
  };
  return {
    router,
    deps,
    credentials,
    verify: (jwt) =>
      verifyCredentialJwt(jwt, { signer: deps.keys, statusBit: readStatus, now: deps.clock.now() }),
    found: async (id) => {
      const credential = await credentials.byId(id);
      if (!credential) throw new NotFoundError("CREDENTIAL_NOT_FOUND");
      return credential;
    },
    verificationJson: (credential, result) => ({
      valid: result.valid,
      outcome: result.outcome,
      ...(credential ? { id: credentials.urls.credential(credential.id) } : {}),
      ...(result.credential ? { credential: result.credential } : {}),
      ...(credential?.revokedAt ? { revokedAt: credential.revokedAt.toISOString() } : {}),
    }),
  };
}

export function publicCredentialRoutes(deps: PublicCredentialDeps): Router {
  const context = publicContext(express.Router(), deps);
  // Fixed paths and suffixed ones (".json", "/evidence/…") before "/credentials/:id", which would take them.
  keyAndIssuerRoutes(context);
  documentRoutes(context);
  verificationRoutes(context);
  return context.router;
}

/** The keys that verify signatures, the issuers' profiles and their status lists. */
function keyAndIssuerRoutes({ router, deps, credentials }: PublicContext): void {
  publicRoute(router, {
    method: "get",
    path: "/credentials/keys",
    public: "the issuer's public keys (JWKS), which verify credential signatures",
    handle: async () => json(await deps.keys.publicJwks()),
  });

  publicRoute(router, {
    method: "get",
    path: "/credentials/keys/:kid",
    public: "one issuer public key (JWK), what a credential's kid dereferences to",
    input: Kid,
    handle: async ({ input }) => {
      const key = found(await deps.keys.publicKey(input.params.kid));
      return json(key);
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/credentials/issuers/:issuerId",
    public: "an issuer's public profile (the programme)",
    input: IssuerId,
    handle: async ({ input }) => {
      const issuer = found(await credentials.issuer(input.params.issuerId));
      return json({
        "@context": [
          "https://www.w3.org/ns/credentials/v2",
          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        id: credentials.urls.issuer(issuer.id),
        type: ["Profile"],
        name: issuer.name,
        ...(issuer.url ? { url: issuer.url } : {}),
        ...(issuer.description ? { description: issuer.description } : {}),
      });
    },
  });

  publicRoute(router, {
    method: "get",
    path: "/credentials/status/:issuerId",
    public: "an issuer's Bitstring Status List (which credentials are revoked)",
    input: IssuerId,
    handle: async ({ input, res }) => {
      const list = found(await credentials.statusList(input.params.issuerId));
      if (input.query.format === "json") return json(list.credential);
      res.type("application/vc+jwt").send(list.jwt);
      return handled;
    },
  });

  router.use("/api/credentials/verify", express.json({ limit: "256kb" }));
}

/** Verification, as a page and as JSON, for a stored credential or any VC-JWT. */
function verificationRoutes(context: PublicContext): void {
  const { router, credentials, verify, verificationJson } = context;
  publicRoute(router, {
    method: "post",
    path: "/api/credentials/verify",
    public: "verification of any credential (a VC-JWT) by anyone",
    input: VerifyBody,
    handle: async ({ input }) => json(verificationJson(null, await verify(input.body.jwt))),
  });

  credentialRoute(
    context,
    "/api/credentials/:id/verification",
    "a credential's verification result, as JSON",
    Id,
    async (credential) => json(verificationJson(credential, await verify(credential.jwt))),
  );

  credentialRoute(
    context,
    "/credentials/:id",
    "a credential's verification page, for whoever holds its link",
    Id,
    async (credential, { res, t, locale }) =>
      renderBare(res, "pages/credentials/verify", {
        title: t("credentials:verify.title"),
        locale,
        ...verificationView(credential, await verify(credential.jwt), t, credentials),
      }),
  );
}

/** The credential itself and the evidence its holder made public. */
function documentRoutes(context: PublicContext): void {
  const { credentials } = context;
  // The credential itself, in each format a verifier may ask for.
  const formats = [
    {
      suffix: "json",
      type: "application/vc+ld+json",
      what: "a credential in JSON-LD",
      body: (credential: StoredCredential) => `${JSON.stringify(credential.credential, null, 2)}\n`,
    },
    {
      suffix: "jwt",
      type: "application/vc+jwt",
      what: "a credential as a VC-JWT",
      body: (credential: StoredCredential) => credential.jwt,
    },
  ];
  for (const format of formats)
    credentialRoute(
      context,
      `/credentials/:id.${format.suffix}`,
      `${format.what}, for whoever holds its link`,
      Id,
      (credential, { res }) => {
        res.type(format.type).send(format.body(credential));
        return handled;
      },
    );

  credentialRoute(
    context,
    "/credentials/:id/evidence/:n",
    "evidence the learner chose to make public with their credential",
    Evidence,
    (credential, { input, res, t, locale }) => {
      const evidence = credential.evidence[input.params.n - 1];
      if (!evidence) throw new NotFoundError();
      return renderBare(res, "pages/credentials/evidence", {
        title: evidence.title,
        locale,
        evidence: {
          ...evidence,
          sections: evidence.sections.map((section) => ({
            title: section.title,
            body: renderMarkdown(section.body),
          })),
        },
        backHref: credentials.urls.credential(credential.id),
        t,
      });
    },
  );
}

/** A public GET on one stored credential, for whoever holds its link (404 when there is none). */
function credentialRoute<Params extends { id: string }>(
  { router, found }: PublicContext,
  path: string,
  why: string,
  input: ZodType<{ params: Params }, ZodTypeDef, unknown>,
  answer: (
    credential: StoredCredential,
    call: PublicCall<{ params: Params }>,
  ) => RouteResult | Promise<RouteResult>,
): void {
  publicRoute(router, {
    method: "get",
    path,
    public: why,
    input,
    handle: async (call) => answer(await found(call.input.params.id), call),
  });
}

function renderBare(res: Response, view: string, model: Record<string, unknown>): HandledResult {
  res.render(view, { layout: "bare", ...model });
  return handled;
}

/** The framework and version the achievement is aligned with. */
function frameworkOf(achievement: unknown): string {
  const alignment = member(achievement, "alignment");
  const first: unknown = Array.isArray(alignment) ? alignment[0] : undefined;
  return text(member(first, "targetFramework"));
}

/** A member of a JSON object, whatever the value's shape. */
function member(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.entries(value).find(([key]) => key === name)?.[1];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function verificationView(
  credential: StoredCredential,
  result: Verification,
  t: Translate,
  credentials: CredentialService,
): Record<string, unknown> {
  const issued = credential.credential;
  const achievement = member(issued["credentialSubject"], "achievement");
  const url = credentials.urls.credential(credential.id);
  return {
    valid: result.valid,
    outcome: t(`credentials:outcomes.${result.outcome}`),
    revoked: result.outcome === "REVOKED",
    name: text(issued["name"]),
    description: text(member(achievement, "description")),
    criteria: text(member(member(achievement, "criteria"), "narrative")),
    code: text(member(achievement, "humanCode")),
    framework: frameworkOf(achievement),
    issuer: text(member(issued["issuer"], "name")),
    issuerUrl: text(member(issued["issuer"], "id")),
    issuedAt: credential.issuedAt,
    evidence: credential.evidence.map((evidence, index) => ({
      title: evidence.title,
      href: credentials.urls.evidence(credential.id, index),
    })),
    jsonHref: `${url}.json`,
    jwtHref: `${url}.jwt`,
    apiHref: credentials.urls.verificationApi(credential.id),
  };
}

import { generateKeyPairSync } from "node:crypto";
import { expect } from "chai";
import jwt from "jsonwebtoken";
import { ManualClock } from "../../src/clock.js";
import { JwksCache } from "../../src/lti/jwks-cache.js";
import { LaunchRejected, verifyIdToken, type LaunchRejectionCode } from "../../src/lti/launch-validation.js";

const ISSUER = "https://moodle.example.edu";
const CLIENT = "client-1";
const JWKS_URL = `${ISSUER}/mod/lti/certs.php`;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

const platformKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const foreignKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...platformKey.publicKey.export({ format: "jwk" }), kid: "k1", use: "sig", alg: "RS256" };

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(NOW / 1000);
  return {
    iss: ISSUER,
    aud: CLIENT,
    sub: "5",
    iat,
    exp: iat + 60,
    nonce: "n-1",
    "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
    "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
    "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "1",
    "https://purl.imsglobal.org/spec/lti/claim/roles": [
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
    ],
    "https://purl.imsglobal.org/spec/lti/claim/resource_link": { id: "1" },
    "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": "https://carnet.example.edu/lti/launch",
    ...overrides,
  };
}

function sign(
  body: Record<string, unknown>,
  options: { key?: string; kid?: string | null; alg?: jwt.Algorithm } = {},
): string {
  const header: jwt.JwtHeader = { alg: options.alg ?? "RS256", typ: "JWT" };
  if (options.kid !== null) header.kid = options.kid ?? "k1";
  return jwt.sign(
    body,
    options.key ?? platformKey.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    {
      algorithm: options.alg ?? "RS256",
      header,
    },
  );
}

function without(key: string): Record<string, unknown> {
  const body = payload();
  delete body[key];
  return body;
}

async function reasonFor(
  token: unknown,
  clock = new ManualClock(NOW),
): Promise<LaunchRejectionCode | "accepted"> {
  const jwks = new JwksCache({ clock, fetchJson: async () => ({ keys: [jwk] }) });
  try {
    await verifyIdToken(
      token,
      { issuer: ISSUER, clientId: CLIENT, jwksUrl: JWKS_URL, deploymentIds: ["1"], nonce: "n-1" },
      { clock, jwks, clockSkewSeconds: 30, maxAgeSeconds: 90 },
    );
    return "accepted";
  } catch (error) {
    if (error instanceof LaunchRejected) {
      if (process.env.DEBUG_TEST) console.log(error.detail);
      return error.reason;
    }
    throw error;
  }
}

describe("verifyIdToken", () => {
  it("accepts a well-formed launch signed by the platform", async () => {
    expect(await reasonFor(sign(payload()))).to.equal("accepted");
  });

  it("accepts a token up to 60 s old, like Moodle's (ltijs's 10 s default would refuse it)", async () => {
    const clock = new ManualClock(NOW + 55_000);
    expect(await reasonFor(sign(payload()), clock)).to.equal("accepted");
  });

  it("accepts a token a few seconds in the future (clock skew)", async () => {
    expect(await reasonFor(sign(payload({ iat: NOW / 1000 + 10, exp: NOW / 1000 + 70 })))).to.equal(
      "accepted",
    );
  });

  const refused: [string, () => unknown, LaunchRejectionCode][] = [
    ["no token", () => undefined, "TOKEN_MISSING"],
    ["garbage", () => "not-a-jwt", "TOKEN_MALFORMED"],
    ["three garbage segments", () => "a.b.c", "TOKEN_MALFORMED"],
    ["an oversized token", () => `${"a".repeat(70_000)}.b.c`, "TOKEN_TOO_LARGE"],
    [
      "a foreign signature",
      () =>
        sign(payload(), { key: foreignKey.privateKey.export({ type: "pkcs8", format: "pem" }).toString() }),
      "SIGNATURE_INVALID",
    ],
    [
      "HS256 signed with the public key",
      () => sign(payload(), { alg: "HS256", key: "secret" }),
      "ALG_NOT_ALLOWED",
    ],
    [
      "alg none",
      () =>
        `${Buffer.from(JSON.stringify({ alg: "none", kid: "k1" })).toString("base64url")}.${Buffer.from(JSON.stringify(payload())).toString("base64url")}.`,
      "ALG_NOT_ALLOWED",
    ],
    ["no kid", () => sign(payload(), { kid: null }), "KID_MISSING"],
    ["an unknown kid", () => sign(payload(), { kid: "k2" }), "KID_UNKNOWN"],
    ["another issuer", () => sign(payload({ iss: "https://evil.example" })), "ISSUER_MISMATCH"],
    ["another audience", () => sign(payload({ aud: "someone-else" })), "AUDIENCE_MISMATCH"],
    ["several audiences without azp", () => sign(payload({ aud: [CLIENT, "other"] })), "AZP_MISMATCH"],
    ["a foreign azp", () => sign(payload({ aud: [CLIENT, "other"], azp: "other" })), "AZP_MISMATCH"],
    [
      "an expired token",
      () => sign(payload({ iat: NOW / 1000 - 200, exp: NOW / 1000 - 100 })),
      "TOKEN_EXPIRED",
    ],
    [
      "a token issued in the future",
      () => sign(payload({ iat: NOW / 1000 + 600, exp: NOW / 1000 + 660 })),
      "TOKEN_ISSUED_IN_FUTURE",
    ],
    [
      "a token too old",
      () => sign(payload({ iat: NOW / 1000 - 600, exp: NOW / 1000 + 600 })),
      "TOKEN_TOO_OLD",
    ],
    ["no nonce", () => sign(without("nonce")), "NONCE_MISSING"],
    ["a nonce Carnet did not send", () => sign(payload({ nonce: "other" })), "NONCE_MISMATCH"],
    ["no sub", () => sign(without("sub")), "SUB_MISSING"],
    [
      "no message type",
      () => sign(without("https://purl.imsglobal.org/spec/lti/claim/message_type")),
      "MESSAGE_TYPE_MISSING",
    ],
    [
      "an unknown message type",
      () => sign(payload({ "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiFooRequest" })),
      "MESSAGE_TYPE_UNSUPPORTED",
    ],
    [
      "no version",
      () => sign(without("https://purl.imsglobal.org/spec/lti/claim/version")),
      "VERSION_MISSING",
    ],
    [
      "version 11.3",
      () => sign(payload({ "https://purl.imsglobal.org/spec/lti/claim/version": "11.3" })),
      "VERSION_UNSUPPORTED",
    ],
    [
      "no deployment id",
      () => sign(without("https://purl.imsglobal.org/spec/lti/claim/deployment_id")),
      "DEPLOYMENT_ID_MISSING",
    ],
    [
      "an unknown deployment",
      () => sign(payload({ "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "99" })),
      "DEPLOYMENT_UNKNOWN",
    ],
    ["no roles", () => sign(without("https://purl.imsglobal.org/spec/lti/claim/roles")), "ROLES_MISSING"],
    [
      "no resource link",
      () => sign(without("https://purl.imsglobal.org/spec/lti/claim/resource_link")),
      "RESOURCE_LINK_MISSING",
    ],
    [
      "deep linking without settings",
      () =>
        sign(payload({ "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingRequest" })),
      "DEEP_LINKING_SETTINGS_MISSING",
    ],
  ];
  for (const [what, token, reason] of refused) {
    it(`refuses ${what} with ${reason}`, async () => {
      expect(await reasonFor(token())).to.equal(reason);
    });
  }
});

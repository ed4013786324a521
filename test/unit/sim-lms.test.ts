/**
 * Tests of the simulated LMS itself (no Carnet, no database): run with
 * npx mocha --config /dev/null --node-option import=tsx --extension ts test/unit/sim-lms.test.ts
 */
import { createPublicKey } from "node:crypto";
import { expect } from "chai";
import { FakeTool } from "../support/sim-lms/fake-tool.js";
import {
  Browser,
  CLAIM,
  CookieJar,
  decodeJwt,
  findLinks,
  generateSigningKey,
  MEDIA_TYPE,
  parseAutoSubmitForm,
  parseForms,
  SCOPE,
  seededRandom,
  SimulatedLms,
  verifyRs256Signature,
} from "../support/sim-lms/index.js";
import type { SigningKey, ToolRegistration } from "../support/sim-lms/index.js";

const START = Date.UTC(2026, 0, 15, 9, 0, 0);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value;
}

/** Lets the event loop run until `condition` holds (no timer-based sleeping). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("condition never held");
}

describe("simulated LMS", function () {
  let clock = START;
  let lms: SimulatedLms;
  let fakeTool: FakeTool;
  let tool: ToolRegistration;
  const now = (): number => clock;
  const nowSeconds = (): number => Math.floor(clock / 1000);

  // RSA-2048 generation is slow (~0.2 s): one platform key and one tool key for the whole suite.
  let platformKey: SigningKey;
  let toolKey: SigningKey;
  before(async function () {
    [platformKey, toolKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  });

  beforeEach(async function () {
    clock = START;
    lms = await SimulatedLms.start({ now, signingKey: platformKey });
    fakeTool = await FakeTool.start(toolKey);
    tool = lms.registerTool({ toolBaseUrl: fakeTool.baseUrl });
    lms.addCourse({
      id: "2",
      label: "C2I2E-TEST",
      title: "C2i2e — promotion test",
      members: [
        {
          userId: "3",
          roles: ["Instructor"],
          givenName: "Fanny",
          familyName: "Formateur",
          email: "f@example.test",
        },
        { userId: "4", roles: ["Learner"], givenName: "Sami", familyName: "Stagiaire" },
        {
          userId: "5",
          roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
          name: "Léa Stagiaire",
        },
        { userId: "6", roles: ["Learner"], status: "Deleted" },
      ],
    });
  });

  afterEach(async function () {
    await lms.close();
    await fakeTool.close();
  });

  async function accessToken(scopes: string[]): Promise<string> {
    const response = await fetch(lms.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()),
        scope: scopes.join(" "),
      }),
    });
    const body = record(await response.json());
    expect(response.status, JSON.stringify(body)).to.equal(200);
    return String(body.access_token);
  }

  describe("discovery", function () {
    it("publishes a Moodle-like openid configuration pointing to itself", async function () {
      const config = record(await (await fetch(lms.openidConfigurationUrl)).json());
      expect(config.issuer).to.equal(lms.issuer);
      expect(config.authorization_endpoint).to.equal(`${lms.issuer}/auth`);
      expect(config.token_endpoint).to.equal(`${lms.issuer}/token`);
      expect(config.jwks_uri).to.equal(`${lms.issuer}/jwks`);
      expect(config.registration_endpoint).to.equal(`${lms.issuer}/registration`);
      const platform = record(config["https://purl.imsglobal.org/spec/lti-platform-configuration"]);
      expect(platform.product_family_code).to.equal("moodle");
    });

    it("serves only public keys at /jwks", async function () {
      const jwks = record(await (await fetch(lms.jwksUrl)).json());
      const keys = jwks.keys;
      expect(keys).to.be.an("array").with.length(1);
      const key = record(Array.isArray(keys) ? keys[0] : undefined);
      expect(key).to.include({ kty: "RSA", alg: "RS256", use: "sig", kid: lms.signingKid });
      expect(key).to.not.have.property("d");
    });
  });

  describe("launch", function () {
    it("performs the OIDC flow and signs an id_token that verifies against /jwks", async function () {
      const result = await lms.launch(new Browser(), { tool, user: { sub: "4" } });

      expect(result.final.status).to.equal(200);
      expect(result.final.text).to.contain("Launched");
      expect(result.formAction).to.equal(`${fakeTool.baseUrl}/lti/launch`);
      expect(result.state).to.equal(result.authRequest.get("state"));

      const { header, payload, signingInput, signature } = decodeJwt(result.idToken);
      const jwks = record(await (await fetch(lms.jwksUrl)).json());
      const jwk = (Array.isArray(jwks.keys) ? jwks.keys : []).map(record).find((k) => k.kid === header.kid);
      expect(jwk, "kid published").to.not.equal(undefined);
      const publicKey = createPublicKey({ key: record(jwk), format: "jwk" });
      expect(verifyRs256Signature({ header, payload, signingInput, signature }, publicKey)).to.equal(true);

      expect(header).to.deep.equal({ typ: "JWT", alg: "RS256", kid: lms.signingKid });
      expect(payload.nonce).to.equal(result.authRequest.get("nonce"));
      expect(payload.iss).to.equal(lms.issuer);
      expect(payload.aud).to.equal(tool.clientId);
      expect(payload.sub).to.equal("4");
      expect(payload.iat).to.equal(nowSeconds());
      expect(payload.exp).to.equal(nowSeconds() + 60);
      expect(payload.given_name).to.equal("Sami");
      expect(payload[CLAIM.deploymentId]).to.equal(tool.deploymentIds[0]);
      expect(payload[CLAIM.roles]).to.deep.equal([
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
      ]);
      expect(payload[CLAIM.context]).to.deep.equal({
        id: "2",
        label: "C2I2E-TEST",
        title: "C2i2e — promotion test",
        type: ["CourseSection"],
      });
      expect(record(payload[CLAIM.resourceLink]).title).to.equal("Portfolio C2i2e (Carnet)");
      expect(record(payload[CLAIM.launchPresentation])).to.include({
        locale: "en",
        document_target: "iframe",
      });
      expect(record(payload[CLAIM.toolPlatform]).product_family_code).to.equal("moodle");
      const ags = record(payload[CLAIM.agsEndpoint]);
      expect(ags.lineitems).to.equal(`${lms.issuer}/ags/2/lineitems?type_id=${tool.deploymentIds[0]}`);
      expect(String(ags.lineitem)).to.match(/\/ags\/2\/lineitems\/\d+\/lineitem\?type_id=/);
      expect(ags.scope).to.include(SCOPE.score);
      const nrps = record(payload[CLAIM.nrps]);
      expect(nrps.service_versions).to.deep.equal(["1.0", "2.0"]);
      expect(record(payload[CLAIM.custom]).context_memberships_url).to.equal(nrps.context_memberships_url);
    });

    it("sends Moodle's login initiation parameters", function () {
      const prepared = lms.prepareLaunch({ tool, user: { sub: "3" } });
      const url = new URL(prepared.loginUrl);
      expect(url.origin + url.pathname).to.equal(`${fakeTool.baseUrl}/lti/login`);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        iss: lms.issuer,
        target_link_uri: `${fakeTool.baseUrl}/lti/launch`,
        login_hint: "3",
        lti_message_hint: prepared.ltiMessageHint,
        client_id: tool.clientId,
        lti_deployment_id: tool.deploymentIds[0],
      });
      expect(record(JSON.parse(prepared.ltiMessageHint)).launchid).to.be.a("string");
    });

    it("enrols a launching non-member and uses short roles as full URIs", async function () {
      const result = await lms.launch(new Browser(), {
        tool,
        user: { sub: "99", name: "Nouvel Arrivant" },
        roles: ["Instructor"],
      });
      expect(result.issued?.payload[CLAIM.roles]).to.deep.equal([
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
      ]);
      expect(lms.course("2")?.members.find((m) => m.userId === "99")?.name).to.equal("Nouvel Arrivant");
    });

    it("refuses an auth request with an unregistered redirect_uri or an unknown client_id", async function () {
      const prepared = lms.prepareLaunch({ tool, user: { sub: "4" } });
      const good = {
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: tool.clientId,
        redirect_uri: `${fakeTool.baseUrl}/lti/launch`,
        login_hint: "4",
        lti_message_hint: prepared.ltiMessageHint,
        nonce: "n-1",
        state: "s-1",
      };
      const auth = (params: Record<string, string>): Promise<Response> =>
        fetch(`${lms.authUrl}?${new URLSearchParams(params).toString()}`);

      const badRedirect = await auth({ ...good, redirect_uri: "http://evil.example/steal" });
      expect(badRedirect.status).to.equal(400);
      expect(await badRedirect.text()).to.contain("redirect_uri");

      const badClient = await auth({ ...good, client_id: "nobody" });
      expect(badClient.status).to.equal(400);
      expect(await badClient.text()).to.contain("client_id");

      const badPrompt = await auth({ ...good, prompt: "login" });
      expect(await badPrompt.text()).to.contain("prompt");

      const ok = await auth(good);
      expect(ok.status).to.equal(200);
      const form = parseAutoSubmitForm(await ok.text());
      expect(form.action).to.equal(good.redirect_uri);
      expect(form.fields.state).to.equal("s-1");
      expect(decodeJwt(form.fields.id_token ?? "").payload.nonce).to.equal("n-1");

      const replay = await auth(good);
      expect(replay.status).to.equal(400);
      expect(await replay.text()).to.contain("already used");
    });

    it("forges launches on request (alg none, foreign key, other state)", async function () {
      const none = await lms.launch(new Browser(), {
        tool,
        user: { sub: "4" },
        tamper: { signWith: "none" },
      });
      expect(decodeJwt(none.idToken).header.alg).to.equal("none");
      expect(none.idToken.endsWith(".")).to.equal(true);

      const otherState = await lms.launch(new Browser(), {
        tool,
        user: { sub: "4" },
        tamper: { state: "forged" },
      });
      expect(otherState.launchPost.status).to.equal(401);

      const foreign = await lms.launch(new Browser(), {
        tool,
        user: { sub: "4" },
        tamper: { signWith: "foreign-key", omitNonce: true, mutatePayload: (p) => ({ ...p, exp: 1 }) },
      });
      const decoded = decodeJwt(foreign.idToken);
      expect(decoded.header.kid).to.equal(lms.signingKid);
      expect(decoded.payload).to.not.have.property("nonce");
      expect(decoded.payload.exp).to.equal(1);
      const platformKey = createPublicKey({ key: { ...lms.jwks().keys[0] }, format: "jwk" });
      expect(verifyRs256Signature(decoded, platformKey)).to.equal(false);
    });

    it("signs with a new kid after rotateKey and keeps publishing the old one", async function () {
      const oldKid = lms.signingKid;
      const newKid = await lms.rotateKey();
      expect(newKid).to.not.equal(oldKid);
      expect(lms.jwks().keys.map((k) => k.kid)).to.deep.equal([oldKid, newKid]);
      const result = await lms.launch(new Browser(), { tool, user: { sub: "4" } });
      expect(decodeJwt(result.idToken).header.kid).to.equal(newKid);
    });

    it("carries deep-linking settings and applies the tool's response", async function () {
      const result = await lms.launch(new Browser(), {
        tool,
        user: { sub: "3" },
        messageType: "LtiDeepLinkingRequest",
      });
      const request = decodeJwt(result.idToken).payload;
      expect(request).to.not.have.property(CLAIM.resourceLink);
      const settings = record(request[CLAIM.deepLinkingSettings]);
      expect(settings).to.include({
        deep_link_return_url: `${lms.issuer}/deep-linking/return`,
        accept_multiple: true,
      });
      expect(settings.accept_types).to.deep.equal(["ltiResourceLink"]);

      const jwt = fakeTool.deepLinkingResponse(
        request,
        [
          {
            type: "ltiResourceLink",
            title: "Compétence A1",
            url: `${fakeTool.baseUrl}/lti/launch`,
            custom: { competence: "A1" },
            lineItem: { scoreMaximum: 20, label: "A1", tag: "competence" },
          },
        ],
        nowSeconds(),
      );
      const browser = new Browser();
      const answer = await browser.post(lms.deepLinkReturnUrl, { JWT: jwt });
      expect(answer.status, answer.text).to.equal(200);
      const [response] = lms.deepLinkResponses;
      expect(response?.createdResourceLinks[0]?.custom).to.deep.equal({ competence: "A1" });
      const item = response?.createdLineItems[0];
      expect(item).to.include({ label: "A1", scoreMaximum: 20, tag: "competence", contextId: "2" });
      expect(item?.resourceLinkId).to.equal(response?.createdResourceLinks[0]?.id);

      const replay = await browser.post(lms.deepLinkReturnUrl, { JWT: jwt });
      expect(replay.status).to.equal(400);

      const linked = await lms.launch(new Browser(), {
        tool,
        user: { sub: "4" },
        resourceLink: { id: item?.resourceLinkId ?? "" },
      });
      const payload = decodeJwt(linked.idToken).payload;
      expect(record(payload[CLAIM.custom]).competence).to.equal("A1");
      expect(String(record(payload[CLAIM.agsEndpoint]).lineitem)).to.contain(
        `/lineitems/${item?.id}/lineitem`,
      );
    });
  });

  describe("dynamic registration", function () {
    const registration = (base: string): Record<string, unknown> => ({
      application_type: "web",
      response_types: ["id_token"],
      grant_types: ["implicit", "client_credentials"],
      initiate_login_uri: `${base}/lti/login`,
      redirect_uris: [`${base}/lti/launch`],
      client_name: "Carnet",
      jwks_uri: `${base}/lti/keys`,
      token_endpoint_auth_method: "private_key_jwt",
      scope: `${SCOPE.score} ${SCOPE.nrps}`,
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain: "127.0.0.1:3000",
        target_link_uri: `${base}/lti/launch`,
        claims: ["iss", "sub", "name"],
        messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: `${base}/lti/deep-link` }],
      },
    });
    const register = (token: string | undefined, body: unknown): Promise<Response> =>
      fetch(`${lms.issuer}/registration`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });

    it("builds the tool's registration URL with a fresh token", function () {
      const url = new URL(lms.dynamicRegistrationUrl("http://127.0.0.1:3000/lti/register"));
      expect(url.pathname).to.equal("/lti/register");
      expect(url.searchParams.get("openid_configuration")).to.equal(`${lms.issuer}/openid-configuration`);
      expect(decodeJwt(url.searchParams.get("registration_token") ?? "").payload.scope).to.equal("reg");
    });

    it("registers a tool once per token and answers like Moodle", async function () {
      const token = lms.createRegistrationToken();
      const response = await register(token, registration("http://127.0.0.1:3000"));
      const body = record(await response.json());
      expect(response.status).to.equal(200);
      const clientId = String(body.client_id);
      const toolConfiguration = record(body["https://purl.imsglobal.org/spec/lti-tool-configuration"]);
      expect(toolConfiguration.deployment_id).to.match(/^\d+$/);
      expect(body.scope).to.equal(
        `${SCOPE.score} ${SCOPE.resultReadonly} ${SCOPE.lineItemReadonly} ${SCOPE.nrps}`,
      );
      const registered = lms.tool(clientId);
      expect(registered?.tool.deepLinkingUrl).to.equal("http://127.0.0.1:3000/lti/deep-link");
      expect(registered?.deploymentIds).to.deep.equal([toolConfiguration.deployment_id]);
      expect(lms.registrations.at(-1)?.request).to.deep.equal(registration("http://127.0.0.1:3000"));

      expect((await register(token, registration("http://127.0.0.1:3000"))).status).to.equal(401);
      expect((await register(undefined, registration("http://127.0.0.1:3000"))).status).to.equal(401);
    });

    it("refuses an incomplete registration", async function () {
      const body = registration("http://127.0.0.1:3000");
      delete body.jwks_uri;
      const response = await register(lms.createRegistrationToken(), body);
      expect(response.status).to.equal(400);
      expect(await response.text()).to.equal("missing required attribute jwks_uri");
      const implicitOnly = { ...registration("http://127.0.0.1:3000"), grant_types: ["implicit"] };
      expect((await register(lms.createRegistrationToken(), implicitOnly)).status).to.equal(400);
    });
  });

  describe("token endpoint", function () {
    const tokenRequest = (assertion: string, scope = `${SCOPE.score} ${SCOPE.nrps}`): Promise<Response> =>
      fetch(lms.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: assertion,
          scope,
        }),
      });

    it("issues a token for an assertion signed with a key from the tool's JWKS", async function () {
      const response = await tokenRequest(
        fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()),
        `${SCOPE.score} https://example.test/not-allowed`,
      );
      const body = record(await response.json());
      expect(response.status).to.equal(200);
      expect(body).to.include({ token_type: "Bearer", expires_in: 3600, scope: SCOPE.score });
      expect(body.access_token).to.be.a("string");
      expect(lms.tokenRequests).to.have.length(1);
      expect(lms.tokenRequests[0]).to.include({ clientId: tool.clientId, status: 200 });
      expect(fakeTool.jwksRequests).to.equal(1);

      await tokenRequest(fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()));
      expect(fakeTool.jwksRequests, "JWKS cached by kid").to.equal(1);
    });

    it("refuses bad assertions", async function () {
      const other = await FakeTool.start();
      try {
        const cases: [string, string][] = [
          [other.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()), "invalid_client"],
          [fakeTool.clientAssertion("unknown", lms.tokenUrl, nowSeconds()), "invalid_client"],
          [fakeTool.clientAssertion(tool.clientId, "http://elsewhere/token", nowSeconds()), "invalid_grant"],
          [fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds() - 120), "invalid_grant"],
          [
            fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds(), { iss: "someone" }),
            "invalid_client",
          ],
          ["not-a-jwt", "invalid_request"],
        ];
        for (const [assertion, error] of cases) {
          const response = await tokenRequest(assertion);
          expect(response.status).to.equal(400);
          expect(record(await response.json()).error).to.equal(error);
        }
        const once = fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds(), { jti: "same" });
        expect((await tokenRequest(once)).status).to.equal(200);
        const replay = await tokenRequest(once);
        expect(record(await replay.json()).error_description).to.contain("jti");
      } finally {
        await other.close();
      }
    });

    it("refetches the tool's JWKS when the kid is unknown", async function () {
      await tokenRequest(fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()));
      await fakeTool.rotateKey();
      const response = await tokenRequest(
        fakeTool.clientAssertion(tool.clientId, lms.tokenUrl, nowSeconds()),
      );
      expect(response.status).to.equal(200);
      expect(fakeTool.jwksRequests).to.equal(2);
    });
  });

  describe("assignment and grade services", function () {
    let lineItemUrl: string;

    beforeEach(async function () {
      const result = await lms.launch(new Browser(), { tool, user: { sub: "3" } });
      lineItemUrl = String(record(result.issued?.payload[CLAIM.agsEndpoint]).lineitem);
    });

    /** The scores URL of a line item URL that has a query string, as the AGS spec asks tools to build it. */
    function scoresUrl(itemUrl: string): string {
      const url = new URL(itemUrl);
      url.pathname = `${url.pathname}/scores`;
      return url.toString();
    }

    async function postScore(token: string, score: Record<string, unknown>): Promise<Response> {
      return fetch(scoresUrl(lineItemUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": MEDIA_TYPE.score },
        body: JSON.stringify(score),
      });
    }

    const score = (
      userId: string,
      timestamp: string,
      extra: Record<string, unknown> = {},
    ): Record<string, unknown> => ({
      userId,
      timestamp,
      scoreGiven: 15,
      scoreMaximum: 20,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      ...extra,
    });

    it("refuses a score not later than the stored one at one-second resolution (409)", async function () {
      const token = await accessToken([SCOPE.score]);
      expect((await postScore(token, score("4", "2026-01-15T09:00:00.100Z"))).status).to.equal(200);
      const sameSecond = await postScore(token, score("4", "2026-01-15T09:00:00.900Z"));
      expect(sameSecond.status).to.equal(409);
      expect(
        (await postScore(token, score("4", "2026-01-15T09:00:01.000Z", { scoreGiven: 18 }))).status,
      ).to.equal(200);
      expect(lms.gradebook(lineItemUrl).get("4")?.scoreGiven).to.equal(18);
      expect(lms.scores.map((s) => s.status)).to.deep.equal([200, 409, 200]);
    });

    it("keeps scoreGiven only when gradingProgress is FullyGraded", async function () {
      const token = await accessToken([SCOPE.score]);
      await postScore(token, score("5", "2026-01-15T09:00:00Z", { gradingProgress: "PendingManual" }));
      expect(lms.gradebook(lineItemUrl).get("5")).to.include({
        scoreGiven: null,
        gradingProgress: "PendingManual",
      });
    });

    it("refuses scores for non-gradable users and incomplete scores (400)", async function () {
      const token = await accessToken([SCOPE.score]);
      expect((await postScore(token, score("3", "2026-01-15T09:00:00Z"))).status, "instructor").to.equal(400);
      expect((await postScore(token, score("6", "2026-01-15T09:00:00Z"))).status, "deleted").to.equal(400);
      expect((await postScore(token, score("404", "2026-01-15T09:00:00Z"))).status, "stranger").to.equal(400);
      const noProgress = score("4", "2026-01-15T09:00:00Z");
      delete noProgress.activityProgress;
      expect((await postScore(token, noProgress)).status).to.equal(400);
      expect((await postScore(token, score("4", "yesterday"))).status).to.equal(400);
      expect(lms.gradebook(lineItemUrl).size).to.equal(0);
    });

    it("requires a bearer token with the right scope", async function () {
      expect((await postScore("nope", score("4", "2026-01-15T09:00:00Z"))).status).to.equal(401);
      const readOnly = await accessToken([SCOPE.lineItemReadonly]);
      expect((await postScore(readOnly, score("4", "2026-01-15T09:00:00Z"))).status).to.equal(401);
      const token = await accessToken([SCOPE.score]);
      clock += 3601 * 1000;
      expect((await postScore(token, score("4", "2026-01-15T10:00:02Z"))).status, "expired").to.equal(401);
    });

    it("lists, filters, creates and deletes line items", async function () {
      const token = await accessToken([SCOPE.lineItem]);
      const container = lms.lineItemsUrl("2", tool.deploymentIds[0]);
      const created = await fetch(container, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": MEDIA_TYPE.lineItem },
        body: JSON.stringify({
          label: "Compétence B2",
          scoreMaximum: 4,
          tag: "competence",
          resourceId: "B2",
        }),
      });
      expect(created.status).to.equal(201);
      const createdItem = record(await created.json());
      expect(String(createdItem.id)).to.match(/\/lineitem\?type_id=/);

      const list = async (query: string): Promise<Record<string, unknown>[]> => {
        const url = new URL(container);
        for (const [k, v] of new URLSearchParams(query)) url.searchParams.set(k, v);
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE.lineItemContainer },
        });
        expect(response.headers.get("content-type")).to.contain(MEDIA_TYPE.lineItemContainer);
        const body: unknown = await response.json();
        return Array.isArray(body) ? body.map(record) : [];
      };
      expect(await list("")).to.have.length(2);
      expect((await list("tag=competence")).map((i) => i.label)).to.deep.equal(["Compétence B2"]);
      expect((await list("resource_id=B2")).map((i) => i.resourceId)).to.deep.equal(["B2"]);
      const linkId = lms.resourceLinks("2")[0]?.id ?? "";
      expect((await list(`resource_link_id=${linkId}`)).map((i) => i.id)).to.deep.equal([lineItemUrl]);

      const wrongType = await fetch(`${lms.lineItemsUrl("2")}?type_id=999`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(wrongType.status).to.equal(401);

      const del = (url: string): Promise<Response> =>
        fetch(url, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
      expect((await del(String(createdItem.id))).status).to.equal(204);
      expect((await del(lineItemUrl)).status, "the activity's own item").to.equal(403);
    });
  });

  describe("names and role provisioning", function () {
    async function memberships(
      url: string,
      token: string,
    ): Promise<{ response: Response; members: Record<string, unknown>[] }> {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE.membershipContainer },
      });
      expect(response.headers.get("content-type")).to.contain(MEDIA_TYPE.membershipContainer);
      const body = record(await response.json());
      expect(record(body.context).id).to.equal("2");
      return { response, members: Array.isArray(body.members) ? body.members.map(record) : [] };
    }

    it("lists members like Moodle and pages with a rel=next Link", async function () {
      const token = await accessToken([SCOPE.nrps]);
      const first = await memberships(`${lms.membershipsUrl("2")}?limit=3`, token);
      expect(first.members.map((m) => m.user_id)).to.deep.equal(["3", "4", "5"]);
      expect(first.members[0]?.roles).to.deep.equal(["Instructor"]);
      expect(first.members[2]?.name).to.equal("Léa Stagiaire");
      const link = first.response.headers.get("link") ?? "";
      const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
      expect(next).to.be.a("string");
      const second = await memberships(next ?? "", token);
      expect(second.members.map((m) => m.user_id)).to.deep.equal(["6"]);
      expect(second.response.headers.get("link")).to.equal(null);
      expect(lms.nrpsCalls).to.have.length(2);
    });

    it("filters by role", async function () {
      const token = await accessToken([SCOPE.nrps]);
      const learners = await memberships(`${lms.membershipsUrl("2")}?role=Learner`, token);
      expect(learners.members.map((m) => m.user_id)).to.deep.equal(["4", "5", "6"]);
      const full = await memberships(
        `${lms.membershipsUrl("2")}?role=${encodeURIComponent("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor")}`,
        token,
      );
      expect(full.members.map((m) => m.user_id)).to.deep.equal(["3"]);
    });

    it("requires the NRPS scope", async function () {
      const token = await accessToken([SCOPE.score]);
      const response = await fetch(lms.membershipsUrl("2"), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).to.equal(401);
    });
  });

  describe("failure injection", function () {
    it("fails the next n matching requests with the given status and Retry-After", async function () {
      const token = lms.issueAccessToken(tool.clientId);
      lms.failNext(2, { status: 429, retryAfterSeconds: 7, path: /\/nrps\// });
      const get = (): Promise<Response> =>
        fetch(lms.membershipsUrl("2"), { headers: { authorization: `Bearer ${token}` } });
      const first = await get();
      expect(first.status).to.equal(429);
      expect(first.headers.get("retry-after")).to.equal("7");
      expect((await get()).status).to.equal(429);
      expect((await get()).status).to.equal(200);
      expect(lms.nrpsCalls.map((c) => [c.status, c.injected])).to.deep.equal([
        [429, "fail"],
        [429, "fail"],
        [200, undefined],
      ]);
    });

    it("does not apply a rule to other paths", async function () {
      const token = lms.issueAccessToken(tool.clientId);
      lms.failNext(1, { status: 500, path: /\/token$/ });
      const response = await fetch(lms.membershipsUrl("2"), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).to.equal(200);
    });

    it("fails a deterministic share of requests for a given seed", async function () {
      const token = lms.issueAccessToken(tool.clientId);
      const run = async (): Promise<number[]> => {
        lms.setFailureRate(0.5, { status: 503, seed: 42 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          const response = await fetch(lms.membershipsUrl("2"), {
            headers: { authorization: `Bearer ${token}` },
          });
          statuses.push(response.status);
        }
        return statuses;
      };
      const first = await run();
      expect(await run()).to.deep.equal(first);
      expect(first).to.include(503).and.to.include(200);
      const random = seededRandom(42);
      const expected = Array.from({ length: 12 }, () => (random() < 0.5 ? 503 : 200));
      expect(first).to.deep.equal(expected);
      lms.setFailureRate(0, { status: 503, seed: 1 });
      expect(
        (await fetch(lms.membershipsUrl("2"), { headers: { authorization: `Bearer ${token}` } })).status,
      ).to.equal(200);
    });

    it("delays, then answers", async function () {
      const token = lms.issueAccessToken(tool.clientId);
      lms.delayNext(1, 20);
      const response = await fetch(lms.membershipsUrl("2"), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).to.equal(200);
      expect(lms.nrpsCalls[0]?.injected).to.equal("delay");
    });

    it("hangs a request until the LMS closes", async function () {
      const token = lms.issueAccessToken(tool.clientId);
      lms.hangNext(1);
      const pending = fetch(lms.membershipsUrl("2"), { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => `answered ${r.status}`,
        () => "failed",
      );
      await until(() => lms.serviceCalls.length === 1);
      expect(lms.serviceCalls[0]).to.include({ injected: "hang", status: undefined });
      await lms.close();
      expect(await pending).to.equal("failed");
      lms = await SimulatedLms.start({ now, signingKey: platformKey }); // afterEach closes it
    });
  });

  describe("browser helpers", function () {
    it("keeps cookies by path and expiry, and refuses Secure cookies over http", function () {
      const jar = new CookieJar({ now });
      jar.setCookie("a=1; Path=/lti; Max-Age=60", "http://127.0.0.1:3000/lti/login");
      jar.setCookie("b=2; Path=/", "http://127.0.0.1:3000/lti/login");
      jar.setCookie("c=3; Path=/; Secure; SameSite=None", "http://127.0.0.1:3000/lti/login");
      jar.setCookie("d=4; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://127.0.0.1:3000/");
      expect(jar.cookieHeader("http://127.0.0.1:3000/lti/launch")).to.equal("a=1; b=2");
      expect(jar.cookieHeader("http://127.0.0.1:3000/app")).to.equal("b=2");
      expect(jar.cookieHeader("http://127.0.0.1:3100/lti/x"), "ports do not isolate cookies").to.equal(
        "a=1; b=2",
      );
      expect(jar.cookieHeader("http://localhost:3000/lti/x"), "host-only cookies").to.equal(undefined);
      clock += 61_000;
      expect(jar.cookieHeader("http://127.0.0.1:3000/lti/launch")).to.equal("b=2");

      const loopbackSecure = new CookieJar({ now, trustLoopbackAsSecure: true });
      expect(loopbackSecure.setCookie("c=3; Path=/; Secure", "http://127.0.0.1:3000/")).to.equal(true);
    });

    it("parses forms, auto-submit forms and links", function () {
      const html = `<a href="/x?a=1&amp;b=2">Voir <b>plus</b></a>
        <form id="f" action="/go" method="post"><input type="hidden" name="t" value="&quot;x&quot;">
        <input type="checkbox" name="c" value="1"><input type="checkbox" name="d" checked>
        <textarea name="m">hé</textarea><select name="s"><option value="1">A</option><option value="2" selected>B</option></select>
        <button type="submit" name="go">Go</button></form>
        <script>document.getElementById("f").submit()</script>`;
      expect(findLinks(html)).to.deep.equal([{ href: "/x?a=1&b=2", text: "Voir plus" }]);
      const [form] = parseForms(html);
      expect(form?.fields).to.deep.equal({ t: '"x"', d: "on", m: "hé", s: "2" });
      expect(parseAutoSubmitForm(html)).to.deep.equal({
        action: "/go",
        method: "POST",
        fields: form?.fields,
      });
    });
  });
});

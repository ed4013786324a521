// Dynamic Registration cannot be abused: invited or allowlisted registrations are active, any other
// waits for an operator and changes nothing (no launch, no key, no header); no registration takes
// over another; hostile URLs never reach a header; anonymous attempts are rate-limited.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { AUDIT } from "../../src/domain/audit/audit-log.js";
import { startTestCarnet, type TestCarnet } from "../support/carnet.js";
import {
  frameAncestors,
  platformConfiguration,
  startHostilePlatform,
  type HostilePlatform,
} from "../support/hostile-platform.js";
import { LEARNER, registerInCarnet } from "../support/lti-fixture.js";
import { Browser, SimulatedLms, decodeEntities } from "../support/sim-lms/index.js";

async function publishedKids(carnet: TestCarnet): Promise<string[]> {
  const response = await fetch(`${carnet.baseUrl}/lti/keys`);
  const jwks = (await response.json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

async function cspOf(carnet: TestCarnet): Promise<string[]> {
  const response = await fetch(`${carnet.baseUrl}/lti/register`);
  expect(response.status).to.equal(400);
  return frameAncestors(response.headers.get("content-security-policy"));
}

function registerUrl(carnet: TestCarnet, configurationUrl: string, path = "/lti/register"): string {
  const url = new URL(`${carnet.baseUrl}${path}`);
  url.searchParams.set("openid_configuration", configurationUrl);
  url.searchParams.set("registration_token", "token-from-the-lms");
  return url.toString();
}

describe("Dynamic Registration: invited, allowlisted or pending", () => {
  let carnet: TestCarnet;
  let lms: SimulatedLms;
  const clock = new ManualClock(Date.parse("2026-03-02T09:00:00Z"));
  before(async () => {
    carnet = await startTestCarnet({ clock });
    lms = await SimulatedLms.start({ now: () => clock.now().getTime() });
  });
  after(async () => {
    await carnet.close();
    await lms.close();
  });

  it("registers with an operator's invitation, active at once, and the invitation works only once", async () => {
    const { url } = await carnet.services.platformAdmin.invite({ validForMs: 7 * 86_400_000, note: "IUFM" });
    const page = await new Browser().get(lms.dynamicRegistrationUrl(url));
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('postMessage({ subject: "org.imsglobal.lti.close" }');
    const registration = lms.registrations.at(-1);
    const platform = await carnet.services.platforms.findByIssuerAndClient(
      lms.issuer,
      registration?.clientId ?? "",
    );
    expect(platform?.active).to.equal(true);
    expect(platform?.registration.admittedBy).to.equal("invitation");
    expect(await publishedKids(carnet)).to.include(platform?.signingKid);
    expect(await cspOf(carnet)).to.include(new URL(lms.issuer).origin);

    const tool = lms.tool(registration?.clientId ?? "");
    if (!tool) throw new Error("the LMS did not keep the tool");
    const launch = await lms.launch(new Browser(), { tool, user: { ...LEARNER, sub: "invited-1" } });
    expect(launch.final.status).to.equal(200);

    const again = await new Browser().get(lms.dynamicRegistrationUrl(url));
    expect(again.status).to.equal(400);
    expect(decodeEntities(again.text)).to.contain("REGISTRATION_INVITATION_INVALID");
    const events = await carnet.services.audit.list({ limit: 10, platformIds: [platform?._id ?? ""] });
    expect(events.map((event) => event.action)).to.include.members([
      AUDIT.registrationReceived,
      AUDIT.platformActivated,
    ]);
  });

  it("refuses an expired or revoked invitation before calling the platform", async () => {
    const hostile = await startHostilePlatform();
    try {
      const expiring = await carnet.services.platformAdmin.invite({ validForMs: 86_400_000 });
      const revoked = await carnet.services.platformAdmin.invite({ validForMs: 86_400_000 });
      await carnet.services.platformAdmin.revokeInvitation(revoked.invitation._id);
      clock.advance(2 * 86_400_000);
      for (const { url } of [expiring, revoked]) {
        const page = await new Browser().get(
          registerUrl(carnet, hostile.configurationUrl, new URL(url).pathname),
        );
        expect(page.status).to.equal(400);
        expect(decodeEntities(page.text)).to.contain("REGISTRATION_INVITATION_INVALID");
      }
      expect(hostile.requests).to.have.length(0);
    } finally {
      await hostile.close();
    }
  });

  it("keeps an anonymous registration pending: no launch, no key, no frame-ancestors, until activated", async () => {
    const hostile = await startHostilePlatform();
    try {
      const kidsBefore = await publishedKids(carnet);
      const page = await new Browser().get(registerUrl(carnet, hostile.configurationUrl));
      expect(page.status).to.equal(200);
      expect(decodeEntities(page.text)).to.contain("attend qu'un opérateur de Carnet l'active");
      const pending = await carnet.services.platforms.findByIssuerAndClient(hostile.origin, hostile.clientId);
      expect(pending?.active).to.equal(false);
      expect(pending?.signingKid).to.equal(undefined);
      expect(await publishedKids(carnet)).to.deep.equal(kidsBefore);
      expect(await cspOf(carnet)).to.not.include(hostile.origin);

      const login = await fetch(
        `${carnet.baseUrl}/lti/login?iss=${encodeURIComponent(hostile.origin)}&client_id=${hostile.clientId}&login_hint=1&target_link_uri=${encodeURIComponent(`${carnet.baseUrl}/lti/launch`)}`,
        { redirect: "manual" },
      );
      expect(login.status).to.equal(403);
      expect(decodeEntities(await login.text())).to.contain("PLATFORM_INACTIVE");
      expect(hostile.requests.filter((r) => r.path.startsWith("/auth"))).to.have.length(0);

      const activated = await carnet.services.platformAdmin.activate(pending?._id ?? "");
      expect(activated?.active).to.equal(true);
      expect(await publishedKids(carnet)).to.include(activated?.signingKid);
      expect(await cspOf(carnet)).to.include(hostile.origin);
    } finally {
      await hostile.close();
    }
  });

  it("activates registrations from an allowlisted LMS origin, whose endpoints stay on it", async () => {
    const hostile = await startHostilePlatform();
    const allowing = await startTestCarnet({ clock, env: { REGISTRATION_ALLOWED_ORIGINS: hostile.origin } });
    try {
      const page = await new Browser().get(registerUrl(allowing, hostile.configurationUrl));
      expect(page.status).to.equal(200);
      const platform = await allowing.services.platforms.findByIssuerAndClient(
        hostile.origin,
        hostile.clientId,
      );
      expect(platform?.active).to.equal(true);
      expect(platform?.registration.admittedBy).to.equal("allowlist");

      // A file on the allowlisted origin cannot point the key set (or any endpoint) elsewhere.
      hostile.clientId = "second";
      hostile.configuration = platformConfiguration(hostile.origin, {
        jwks_uri: "https://attacker.example/jwks",
      });
      const elsewhere = await new Browser().get(registerUrl(allowing, hostile.configurationUrl));
      expect(elsewhere.status).to.equal(400);
      expect(decodeEntities(elsewhere.text)).to.contain("REGISTRATION_CONFIGURATION_INVALID");
      expect(await allowing.services.platforms.findByIssuerAndClient(hostile.origin, "second")).to.equal(
        null,
      );
    } finally {
      await allowing.close();
      await hostile.close();
    }
  });

  it("limits anonymous attempts per address", async () => {
    const limited = await startTestCarnet({ clock, env: { REGISTRATION_RATE_LIMIT: "2" } });
    const hostile = await startHostilePlatform();
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        hostile.configuration = platformConfiguration(hostile.origin, {
          issuer: `${hostile.origin}/${attempt}`,
        });
        statuses.push((await new Browser().get(registerUrl(limited, hostile.configurationUrl))).status);
      }
      expect(statuses.slice(0, 2).every((status) => status !== 429)).to.equal(true);
      expect(statuses[2]).to.equal(429);
      clock.advance(3600_000);
      hostile.configuration = platformConfiguration(hostile.origin, { issuer: `${hostile.origin}/later` });
      expect((await new Browser().get(registerUrl(limited, hostile.configurationUrl))).status).to.not.equal(
        429,
      );
    } finally {
      await hostile.close();
      await limited.close();
    }
  });

  it("does not grow the published key set with anonymous registrations", async () => {
    const before = (await publishedKids(carnet)).length;
    for (let i = 0; i < 5; i++) {
      const hostile = await startHostilePlatform();
      try {
        expect((await new Browser().get(registerUrl(carnet, hostile.configurationUrl))).status).to.equal(200);
      } finally {
        await hostile.close();
      }
    }
    expect((await publishedKids(carnet)).length).to.equal(before);
  });
});

describe("Dynamic Registration: no takeover of a registered platform", () => {
  let carnet: TestCarnet;
  let lms: SimulatedLms;
  let uploads: Record<string, Record<string, unknown>> = {};
  before(async () => {
    carnet = await startTestCarnet();
    // An LMS serves its users' uploaded files from its own origin: the attacker's configuration lives there.
    lms = await SimulatedLms.start({
      configureApp: (app) => {
        app.get("/pluginfile.php/:name", (req, res) => {
          res.json(uploads[req.params.name] ?? {});
        });
        app.post("/pluginfile.php/:name", (_req, res) => {
          res.json({ client_id: uploads.answer?.client_id ?? "evil-client" });
        });
      },
    });
  });
  after(async () => {
    await carnet.close();
    await lms.close();
  });

  it("refuses a registration claiming an issuer already registered, from a file on its own origin", async () => {
    const tool = lms.registerTool({ toolBaseUrl: carnet.baseUrl });
    const legit = await registerInCarnet(carnet, tool);
    const hostile = await startHostilePlatform();
    try {
      uploads = {
        "evil.json": {
          issuer: lms.issuer,
          authorization_endpoint: `${lms.issuer}/pluginfile.php/auth`,
          token_endpoint: `${hostile.origin}/token`,
          jwks_uri: `${lms.issuer}/pluginfile.php/jwks.json`,
          registration_endpoint: `${lms.issuer}/pluginfile.php/register`,
        },
        answer: { client_id: tool.clientId },
      };
      for (const answer of [tool.clientId, "another-client"]) {
        uploads.answer = { client_id: answer };
        const page = await new Browser().get(registerUrl(carnet, `${lms.issuer}/pluginfile.php/evil.json`));
        expect(page.status).to.equal(409);
        expect(decodeEntities(page.text)).to.contain("REGISTRATION_ISSUER_TAKEN");
      }
      const unchanged = await carnet.services.platforms.findById(legit._id);
      expect(unchanged?.authUrl).to.equal(tool.authUrl);
      expect(unchanged?.jwksUrl).to.equal(tool.jwksUrl);
      expect(unchanged?.signingKid).to.equal(legit.signingKid);
      expect(await carnet.services.platforms.findByIssuer(lms.issuer)).to.have.length(1);
      const refusals = await carnet.services.audit.list({ limit: 5, action: AUDIT.issuerClaimRefused });
      expect(refusals.filter((event) => event.target?.id === legit._id)).to.have.length(2);

      // Even with an operator's invitation, the same issuer and client id is never overwritten…
      const invited = await carnet.services.platformAdmin.invite({ validForMs: 86_400_000 });
      uploads.answer = { client_id: tool.clientId };
      const overwrite = await new Browser().get(
        registerUrl(carnet, `${lms.issuer}/pluginfile.php/evil.json`, new URL(invited.url).pathname),
      );
      expect(overwrite.status).to.equal(409);
      expect(decodeEntities(overwrite.text)).to.contain("REGISTRATION_PLATFORM_EXISTS");
      // …and a new client id for a known issuer waits for the operator.
      uploads.answer = { client_id: "second-client" };
      const second = await new Browser().get(
        registerUrl(carnet, `${lms.issuer}/pluginfile.php/evil.json`, new URL(invited.url).pathname),
      );
      expect(second.status).to.equal(200);
      const pending = await carnet.services.platforms.findByIssuerAndClient(lms.issuer, "second-client");
      expect(pending?.active).to.equal(false);
    } finally {
      await hostile.close();
    }
  });

  it("keeps login without client_id working for the legitimate platform", async () => {
    const login = await fetch(
      `${carnet.baseUrl}/lti/login?iss=${encodeURIComponent(lms.issuer)}&login_hint=1&target_link_uri=${encodeURIComponent(`${carnet.baseUrl}/lti/launch`)}`,
      { redirect: "manual" },
    );
    expect(login.status).to.equal(302);
    expect(login.headers.get("location")).to.match(new RegExp(`^${lms.authUrl.replace(/[.]/g, "\\.")}\\?`));
  });
});

describe("Dynamic Registration: hostile URLs", () => {
  let carnet: TestCarnet;
  let hostile: HostilePlatform;
  before(async () => {
    hostile = await startHostilePlatform();
    carnet = await startTestCarnet({
      env: { OUTBOUND_ALLOWLIST: new URL(hostile.origin).host, REGISTRATION_RATE_LIMIT: "100" },
    });
  });
  after(async () => {
    await carnet.close();
    await hostile.close();
  });

  const attempt = async (overrides: Record<string, unknown>): Promise<{ status: number; text: string }> => {
    hostile.configuration = platformConfiguration(hostile.origin, overrides);
    hostile.clientId = `c-${Math.random().toString(36).slice(2)}`;
    const page = await new Browser().get(registerUrl(carnet, hostile.configurationUrl));
    return { status: page.status, text: decodeEntities(page.text) };
  };

  it("refuses ';sandbox' in an endpoint and '*' hosts: every tenant's pages keep a valid CSP", async () => {
    const cases = [
      { authorization_endpoint: `${hostile.origin};sandbox allow-scripts/auth` },
      { authorization_endpoint: "https://lms.example%3Bsandbox/auth" },
      { authorization_endpoint: "https://*/auth" },
      { issuer: "https://*", authorization_endpoint: "https://*/auth" },
      { jwks_uri: "javascript:alert(1)" },
      { token_endpoint: "https://user:pass@lms.example/token" },
    ];
    for (const overrides of cases) {
      const result = await attempt(overrides);
      expect(result.status, JSON.stringify(overrides)).to.be.within(400, 499);
    }
    const sources = await cspOf(carnet);
    expect(sources.join(" ")).to.not.match(/sandbox|\*/);
    expect(
      sources.every((source) => source === "'self'" || /^https?:\/\/[\w.-]+(:\d+)?$/.test(source)),
    ).to.equal(true);
  });

  it("never writes a stored platform's text into frame-ancestors, active or not", async () => {
    const now = new Date();
    const base = { tokenUrl: "https://x.example/t", jwksUrl: "https://x.example/j", deploymentIds: ["1"] };
    await carnet.services.models.Platform.create([
      {
        ...base,
        _id: `plt_hostile_${Date.now()}`,
        issuer: "https://*",
        clientId: "wild",
        name: "wild",
        authUrl: "https://a.example;sandbox allow-scripts/auth",
        active: true,
        registration: { method: "dynamic", at: now },
      },
      {
        ...base,
        _id: `plt_pending_${Date.now()}`,
        issuer: "https://pending.example",
        clientId: "pending",
        name: "pending",
        authUrl: "https://pending.example/auth",
        active: false,
        registration: { method: "dynamic", at: now },
      },
    ]);
    carnet.services.platforms.invalidate();
    const response = await fetch(`${carnet.baseUrl}/lti/register`);
    expect(response.status).to.equal(400);
    const sources = frameAncestors(response.headers.get("content-security-policy"));
    expect(sources.join(" ")).to.not.match(/sandbox|\*|pending\.example/);
  });

  it("does not reach private addresses, and says the same for a closed port", async () => {
    const internal = await startHostilePlatform();
    const closed = await startHostilePlatform();
    await closed.close();
    const closedUrl = closed.configurationUrl;
    try {
      const urls = [
        internal.configurationUrl,
        closedUrl,
        "https://169.254.169.254/latest/meta-data/openid-configuration",
        "http://[::1]:9/openid-configuration",
      ];
      const answers: string[] = [];
      for (const url of urls) {
        const page = await new Browser().get(registerUrl(carnet, url));
        answers.push(
          `${page.status} ${decodeEntities(page.text).includes("REGISTRATION_PLATFORM_UNREACHABLE")}`,
        );
      }
      expect(answers).to.deep.equal(urls.map(() => "502 true"));
      expect(internal.requests).to.have.length(0);
    } finally {
      await internal.close();
    }
  });

  it("does not POST the registration to a private endpoint, nor read a huge configuration", async () => {
    const internal = await startHostilePlatform();
    try {
      const result = await attempt({ registration_endpoint: `${internal.origin}/registration` });
      expect(result.status).to.equal(502);
      expect(internal.requests).to.have.length(0);
      const huge = await attempt({ padding: "x".repeat(300 * 1024) });
      expect(huge.status).to.equal(502);
    } finally {
      await internal.close();
    }
  });
});

describe("what Carnet serves to LMSs", () => {
  let carnet: TestCarnet;
  before(async () => {
    carnet = await startTestCarnet();
  });
  after(() => carnet.close());

  it("serves the Canvas developer key JSON at a stable URL, built from lti-config", async () => {
    const response = await fetch(`${carnet.baseUrl}/lti/canvas.json`);
    expect(response.status).to.equal(200);
    const key = (await response.json()) as Record<string, unknown> & {
      extensions: { settings: { placements: { placement: string; message_type: string }[] } }[];
    };
    expect(key.oidc_initiation_url).to.equal(`${carnet.baseUrl}/lti/login`);
    expect(key.target_link_uri).to.equal(`${carnet.baseUrl}/lti/launch`);
    expect(key.public_jwk_url).to.equal(`${carnet.baseUrl}/lti/keys`);
    expect(key.scopes).to.deep.equal(carnet.config.lti.tool.scopes);
    const placements = key.extensions[0]?.settings.placements ?? [];
    expect(placements.map((p) => p.message_type)).to.include.members([
      "LtiDeepLinkingRequest",
      "LtiResourceLinkRequest",
    ]);
  });

  it("lets the LMS load the icon cross-origin, and only the icon", async () => {
    const icon = await fetch(`${carnet.baseUrl}/static/carnet-icon.png`);
    expect(icon.status).to.equal(200);
    expect(icon.headers.get("cross-origin-resource-policy")).to.equal("cross-origin");
    const css = await fetch(`${carnet.baseUrl}/static/carnet.css`);
    expect(css.headers.get("cross-origin-resource-policy")).to.equal("same-origin");
  });

  it("describes itself in Dynamic Registration with lti-config's names, descriptions and messages", () => {
    const request = carnet.services.tool.registrationRequest(["s"]);
    const tool = carnet.config.lti.tool;
    expect(request["client_name#fr"]).to.equal(tool.title.fr);
    expect(request["client_name#en"]).to.equal(tool.title.en);
    const configuration = request["https://purl.imsglobal.org/spec/lti-tool-configuration"] as Record<
      string,
      unknown
    >;
    expect(configuration["description#fr"]).to.equal(tool.description.fr);
    expect(configuration.claims).to.deep.equal(tool.claims);
  });
});

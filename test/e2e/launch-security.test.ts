// Every forged or broken launch is refused with a localized page, a reason code and a log line;
// and what real platforms send (Moodle 5.1 recordings, certification's valid launches) is accepted.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { LEARNER, TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import {
  Browser,
  CLAIM,
  decodeEntities,
  parseAutoSubmitForm,
  type LaunchResult,
  type Tamper,
} from "../support/sim-lms/index.js";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

function fixturePayload(name: string): Record<string, unknown> {
  const recorded = JSON.parse(readFileSync(`test/fixtures/moodle-5.1/${name}`, "utf8")) as {
    payload: Record<string, unknown>;
  };
  return recorded.payload;
}

describe("LTI launch security (refused launches)", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ captureLogs: true });
  });
  after(() => fixture.close());

  async function refused(
    tamper: Tamper,
    extra: { deploymentId?: string } = {},
  ): Promise<LaunchResult & { browser: Browser }> {
    return fixture.launch({
      user: { ...LEARNER, sub: `forged-${Math.random()}` },
      roles: [`${M}Learner`],
      locale: "fr",
      tamper,
      ...extra,
    });
  }

  function expectRejection(result: LaunchResult, status: number, reason: string): void {
    expect(result.launchPost.status, decodeEntities(result.launchPost.text).slice(0, 400)).to.equal(status);
    const page = decodeEntities(result.launchPost.text);
    expect(page).to.contain(`Code : ${reason}`);
    expect(page).to.not.match(/at \w+ \(|node_modules|Error:/);
    expect(result.launchPost.headers.get("content-type")).to.match(/text\/html/);
    const logged = fixture.carnet.logs.some(
      (line) => line.msg === "launch rejected" && line.reason === reason,
    );
    expect(logged, `a "launch rejected" log line with reason ${reason}`).to.equal(true);
    expect(result.launchPost.headers.get("set-cookie") ?? "").to.not.contain("carnet_session");
  }

  const cases: [string, () => Tamper, number, string][] = [
    [
      "a signature by a key the LMS does not publish",
      () => ({ signWith: "foreign-key" }),
      401,
      "SIGNATURE_INVALID",
    ],
    ["an unknown kid", () => ({ kid: "no-such-kid" }), 401, "KID_UNKNOWN"],
    [
      "HS256 keyed with the platform's public key",
      () => ({ signWith: "hs256-with-public-key" }),
      401,
      "ALG_NOT_ALLOWED",
    ],
    ["alg none", () => ({ signWith: "none" }), 401, "ALG_NOT_ALLOWED"],
    [
      "another issuer",
      () => ({ mutatePayload: (p) => ({ ...p, iss: "https://evil.example" }) }),
      401,
      "ISSUER_MISMATCH",
    ],
    [
      "another audience",
      () => ({ mutatePayload: (p) => ({ ...p, aud: "someone-else" }) }),
      401,
      "AUDIENCE_MISMATCH",
    ],
    [
      "several audiences and no azp",
      () => ({ mutatePayload: (p) => ({ ...p, aud: [String(p.aud), "other-tool"] }) }),
      401,
      "AZP_MISMATCH",
    ],
    ["a foreign azp", () => ({ mutatePayload: (p) => ({ ...p, azp: "other-tool" }) }), 401, "AZP_MISMATCH"],
    [
      "an expired token",
      () => ({ mutatePayload: (p) => ({ ...p, iat: Number(p.iat) - 3600, exp: Number(p.iat) - 3000 }) }),
      401,
      "TOKEN_EXPIRED",
    ],
    [
      "a token issued in the future",
      () => ({ mutatePayload: (p) => ({ ...p, iat: Number(p.iat) + 3600, exp: Number(p.iat) + 3660 }) }),
      401,
      "TOKEN_ISSUED_IN_FUTURE",
    ],
    ["no nonce", () => ({ omitNonce: true }), 401, "NONCE_MISSING"],
    ["a nonce Carnet did not send", () => ({ nonce: "attacker-chosen-nonce" }), 401, "NONCE_MISMATCH"],
    [
      "an unknown deployment",
      () => ({ mutatePayload: (p) => ({ ...p, [CLAIM.deploymentId]: "999" }) }),
      401,
      "DEPLOYMENT_UNKNOWN",
    ],
    [
      "no message type",
      () => ({
        mutatePayload: (p) => {
          delete p[CLAIM.messageType];
        },
      }),
      401,
      "MESSAGE_TYPE_MISSING",
    ],
    [
      "no LTI version",
      () => ({
        mutatePayload: (p) => {
          delete p[CLAIM.version];
        },
      }),
      401,
      "VERSION_MISSING",
    ],
    [
      "LTI version 11.3",
      () => ({ mutatePayload: (p) => ({ ...p, [CLAIM.version]: "11.3" }) }),
      401,
      "VERSION_UNSUPPORTED",
    ],
    [
      "no roles claim",
      () => ({
        mutatePayload: (p) => {
          delete p[CLAIM.roles];
        },
      }),
      401,
      "ROLES_MISSING",
    ],
    [
      "no sub",
      () => ({
        mutatePayload: (p) => {
          delete p.sub;
        },
      }),
      401,
      "SUB_MISSING",
    ],
    [
      "no resource link",
      () => ({
        mutatePayload: (p) => {
          delete p[CLAIM.resourceLink];
        },
      }),
      401,
      "RESOURCE_LINK_MISSING",
    ],
    [
      "no deployment id",
      () => ({
        mutatePayload: (p) => {
          delete p[CLAIM.deploymentId];
        },
      }),
      401,
      "DEPLOYMENT_ID_MISSING",
    ],
    ["garbage instead of a JWT", () => ({ rawIdToken: "this is not a token" }), 400, "TOKEN_MALFORMED"],
    [
      "an oversized token",
      () => ({ rawIdToken: `${"a".repeat(90_000)}.${"b".repeat(10)}.c` }),
      413,
      "TOKEN_TOO_LARGE",
    ],
    [
      "a state Carnet never issued",
      () => ({ state: "forged-state-value-forged-state-value" }),
      401,
      "STATE_UNKNOWN",
    ],
  ];
  for (const [what, tamper, status, reason] of cases) {
    it(`refuses ${what} (${reason})`, async () => {
      expectRejection(await refused(tamper()), status, reason);
    });
  }

  it("refuses a replayed id_token and state (the state is single use)", async () => {
    const first = await fixture.launch({
      user: { ...LEARNER, sub: "replay-1" },
      roles: ["Learner"],
      locale: "fr",
    });
    expect(first.final.status).to.equal(200);
    const replay = await first.browser.post(
      first.formAction,
      { id_token: first.idToken, state: first.state },
      { followRedirects: false },
    );
    expectRejection({ ...first, launchPost: replay }, 401, "STATE_UNKNOWN");
  });

  it("refuses a replayed id_token posted with a fresh state (nonce bound to the login)", async () => {
    const first = await fixture.launch({
      user: { ...LEARNER, sub: "replay-2" },
      roles: ["Learner"],
      locale: "fr",
    });
    const browser = first.browser;
    const prepared = fixture.lms.prepareLaunch({
      tool: fixture.tool,
      user: { ...LEARNER, sub: "replay-2" },
      roles: ["Learner"],
    });
    const login = await browser.get(prepared.loginUrl, { followRedirects: false });
    const freshState = new URL(login.location ?? "").searchParams.get("state") ?? "";
    const replay = await browser.post(
      first.formAction,
      { id_token: first.idToken, state: freshState },
      { followRedirects: false },
    );
    expectRejection({ ...first, launchPost: replay }, 401, "NONCE_MISMATCH");
  });

  it("offers to open Carnet in a new window when the browser blocks its cookies in the iframe", async () => {
    const browser = new Browser();
    const prepared = fixture.lms.prepareLaunch({
      tool: fixture.tool,
      user: { ...LEARNER, sub: "no-cookies" },
      roles: ["Learner"],
      locale: "fr",
    });
    const login = await browser.get(prepared.loginUrl, { followRedirects: false });
    browser.clearCookies(); // what Safari does to third-party cookies
    const auth = await browser.get(login.location ?? "");
    const form = parseAutoSubmitForm(auth.text);
    const post = await browser.post(form.action, form.fields, { followRedirects: false });
    expect(post.status).to.equal(401);
    const page = decodeEntities(post.text);
    expect(page).to.contain("nouvelle fenêtre");
    const relaunch = /href="([^"]+\/lti\/login\?[^"]+)" target="_blank"/.exec(post.text)?.[1];
    expect(relaunch, "a link that restarts the launch in a new window").to.be.a("string");
    const again = await new Browser().get(decodeEntities(relaunch ?? ""), { followRedirects: false });
    expect(again.status).to.equal(302);
    expect(again.location).to.match(new RegExp(`^${fixture.lms.authUrl}`));
    expect(fixture.carnet.logs.some((line) => line.reason === "STATE_COOKIE_MISSING")).to.equal(true);
  });

  describe("login initiation", () => {
    it("refuses an unknown platform", async () => {
      const response = await new Browser().get(
        `${fixture.carnet.baseUrl}/lti/login?iss=https%3A%2F%2Funknown.example&login_hint=1&target_link_uri=${encodeURIComponent(`${fixture.carnet.baseUrl}/lti/launch`)}`,
      );
      expect(response.status).to.equal(400);
      expect(decodeEntities(response.text)).to.contain("PLATFORM_UNKNOWN");
    });

    it("refuses missing parameters", async () => {
      const response = await new Browser().get(
        `${fixture.carnet.baseUrl}/lti/login?iss=${encodeURIComponent(fixture.tool.issuer)}`,
      );
      expect(response.status).to.equal(400);
      expect(decodeEntities(response.text)).to.contain("LOGIN_PARAMETERS_MISSING");
    });

    it("refuses a target_link_uri outside Carnet (no open redirect)", async () => {
      const response = await new Browser().get(
        `${fixture.carnet.baseUrl}/lti/login?iss=${encodeURIComponent(fixture.tool.issuer)}&client_id=${fixture.tool.clientId}&login_hint=1&target_link_uri=${encodeURIComponent("https://evil.example/steal")}`,
      );
      expect(response.status).to.equal(400);
      expect(decodeEntities(response.text)).to.contain("TARGET_LINK_URI_FOREIGN");
    });

    it("accepts login initiation by POST, as Moodle's auto-submitted form does", async () => {
      const result = await fixture.launch({
        user: { ...LEARNER, sub: "post-login" },
        roles: ["Learner"],
        loginMethod: "POST",
      });
      expect(result.final.status).to.equal(200);
    });
  });

  describe("headers", () => {
    it("lets only the registered platforms frame Carnet, and reflects no CORS origin", async () => {
      const result = await fixture.launch({ user: { ...LEARNER, sub: "csp" }, roles: ["Learner"] });
      const csp = result.final.headers.get("content-security-policy") ?? "";
      expect(csp).to.match(
        new RegExp(
          `frame-ancestors 'self' [^;]*${new URL(fixture.lms.issuer).origin.replace(/[.]/g, "\\.")}`,
        ),
      );
      expect(result.final.headers.get("x-frame-options")).to.equal(null);
      const cors = await result.browser.get(result.final.url, {
        headers: { origin: "https://evil.example" },
      });
      expect(cors.headers.get("access-control-allow-origin")).to.equal(null);
      expect(cors.headers.get("access-control-allow-credentials")).to.equal(null);
    });

    it("sets the session cookie HttpOnly and scoped to the site", async () => {
      const result = await fixture.launch({ user: { ...LEARNER, sub: "cookie" }, roles: ["Learner"] });
      const setCookie = result.launchPost.headers.get("set-cookie") ?? "";
      expect(setCookie).to.match(/carnet_session=[^;]+;.*HttpOnly/i);
      expect(setCookie).to.match(/SameSite=Lax/i); // plain http in tests; SameSite=None; Secure over https
    });
  });
});

describe("LTI launch: what real platforms send is accepted", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  const valid: [string, Parameters<LtiFixture["launch"]>[0]][] = [
    ["several roles", { user: { ...LEARNER, sub: "v-multi" }, roles: [`${M}Learner`, `${M}Mentor`] }],
    ["a short role name", { user: { ...LEARNER, sub: "v-short" }, roles: ["Learner"] }],
    [
      "an unknown role",
      { user: { ...LEARNER, sub: "v-unknown" }, roles: ["http://example.com/roles#Astronaut"] },
    ],
    ['no role ([""])', { user: { ...LEARNER, sub: "v-none" }, roles: [""] }],
    ["only an e-mail", { user: { sub: "v-email", email: "only@example.test" }, roles: ["Learner"] }],
    ["only names", { user: { sub: "v-names", given_name: "Nora", family_name: "Nom" }, roles: ["Learner"] }],
    ["no personal data (sub only)", { user: { sub: "v-nopii" }, roles: ["Learner"] }],
    [
      "an e-mail and no context",
      { user: { sub: "v-nocontext", email: "noctx@example.test" }, roles: ["Learner"], context: null },
    ],
    [
      "an instructor without context",
      { user: { ...TEACHER, sub: "v-teacher-noctx" }, roles: ["Instructor"], context: null },
    ],
  ];
  for (const [what, spec] of valid) {
    it(`accepts a launch with ${what}`, async () => {
      const result = await fixture.launch(spec);
      expect(result.launchPost.status, decodeEntities(result.launchPost.text).slice(0, 300)).to.equal(303);
      expect(result.final.status).to.equal(200);
    });
  }

  it("shows a person known by sub only under a stable label, never an empty name", async () => {
    const result = await fixture.launch({ user: { sub: "anon-42" }, roles: ["Learner"], locale: "fr" });
    expect(decodeEntities(result.final.text)).to.contain("Bonjour #anon-42");
  });

  for (const [file, role, text] of [
    // The recorded activity opens the portfolio (custom view=portfolio): its launches land there.
    ["LtiResourceLinkRequest-student.json", "learner", "My traces"],
    ["LtiResourceLinkRequest-teacher.json", "teacher", "Traces shared with me"],
  ] as const) {
    it(`handles the claims of Moodle 5.1's recorded ${role} launch`, async () => {
      // The recorded Moodle ran on 127.0.0.1:8100; its service URLs are on its own origin, as here.
      const recorded = JSON.parse(
        JSON.stringify(fixturePayload(file)).replaceAll(
          "http://127.0.0.1:8100",
          new URL(fixture.lms.issuer).origin,
        ),
      ) as Record<string, unknown>;
      const keep = new Set(["iss", "aud", "nonce", "iat", "exp", CLAIM.deploymentId, CLAIM.targetLinkUri]);
      const result = await fixture.launch({
        user: { sub: `moodle-${String(recorded.sub)}` },
        tamper: {
          mutatePayload: (payload) => {
            for (const [claim, value] of Object.entries(recorded))
              if (!keep.has(claim)) payload[claim] = value;
            payload.sub = `moodle-${String(recorded.sub)}`;
          },
        },
      });
      expect(result.final.status).to.equal(200);
      expect(decodeEntities(result.final.text)).to.contain(text);
      const services = fixture.carnet.services;
      const user = await services.models.User.findOne({
        platformId: fixture.platform._id,
        sub: `moodle-${String(recorded.sub)}`,
      }).lean();
      expect(user?.email).to.equal(recorded.email);
      expect(user?.name).to.equal(recorded.name);
      const course = await services.models.Course.findOne({
        platformId: fixture.platform._id,
        contextId: "2",
      }).lean();
      expect(course?.title).to.equal("C2i2e — promotion test");
      expect(course?.types).to.deep.equal(["CourseSection"]);
      const placement = await services.models.Placement.findOne({
        platformId: fixture.platform._id,
        contextId: "2",
        resourceLinkId: "1",
      }).lean();
      expect(placement?.view).to.equal("portfolio");
      expect(placement?.ags?.lineitem).to.contain("/lineitems/2/lineitem?type_id=1");
      expect(placement?.graded).to.equal(true);
    });
  }

  it("ignores AGS and NRPS URLs that are not on the platform's own origins", async () => {
    const result = await fixture.launch({
      user: { ...LEARNER, sub: "foreign-services" },
      roles: ["Learner"],
      context: { id: "foreign-services", title: "Services ailleurs" },
      resourceLink: { id: "foreign-link", title: "Lien" },
      tamper: {
        mutatePayload: (payload) => {
          payload[CLAIM.agsEndpoint] = {
            scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
            lineitem: "http://127.0.0.1:9/internal/lineitem",
            lineitems: "http://169.254.169.254/latest/meta-data/",
          };
          payload[CLAIM.nrps] = {
            context_memberships_url: "https://elsewhere.example/nrps",
            service_versions: ["2.0"],
          };
        },
      },
    });
    expect(result.final.status).to.equal(200);
    const models = fixture.carnet.services.models;
    const placement = await models.Placement.findOne({
      platformId: fixture.platform._id,
      contextId: "foreign-services",
      resourceLinkId: "foreign-link",
    }).lean();
    expect(placement?.ags).to.equal(undefined);
    expect(placement?.graded).to.equal(false);
    const course = await models.Course.findOne({
      platformId: fixture.platform._id,
      contextId: "foreign-services",
    }).lean();
    expect(course?.nrpsUrl).to.equal(undefined);
  });

  it("keeps one person across the courses of a platform, with one membership per course", async () => {
    const first = await fixture.launch({
      user: { ...LEARNER, sub: "same-person" },
      roles: ["Learner"],
      context: { id: "course-a", title: "A" },
    });
    const second = await fixture.launch({
      user: { ...LEARNER, sub: "same-person" },
      roles: ["Learner"],
      context: { id: "course-b", title: "B" },
    });
    expect(first.final.status).to.equal(200);
    expect(second.final.status).to.equal(200);
    const models = fixture.carnet.services.models;
    const users = await models.User.find({ platformId: fixture.platform._id, sub: "same-person" }).lean();
    expect(users).to.have.length(1);
    const memberships = await models.Membership.find({
      platformId: fixture.platform._id,
      userId: users[0]?._id,
    }).lean();
    expect(memberships.map((m) => m.contextId).sort()).to.deep.equal(["course-a", "course-b"]);
  });

  it("updates the person's name and e-mail from the claims on every launch", async () => {
    await fixture.launch({
      user: { sub: "renamed", name: "Ancien Nom", email: "old@example.test" },
      roles: ["Learner"],
    });
    await fixture.launch({
      user: { sub: "renamed", name: "Nouveau Nom", email: "new@example.test" },
      roles: ["Learner"],
    });
    const user = await fixture.carnet.services.models.User.findOne({
      platformId: fixture.platform._id,
      sub: "renamed",
    }).lean();
    expect(user?.name).to.equal("Nouveau Nom");
    expect(user?.email).to.equal("new@example.test");
  });

  it("accepts a token Moodle issued 55 seconds earlier (slow first launch)", async () => {
    const result = await fixture.launch({
      user: { ...LEARNER, sub: "slow" },
      roles: ["Learner"],
      tamper: { mutatePayload: (p) => ({ ...p, iat: Number(p.iat) - 55, exp: Number(p.iat) + 5 }) },
    });
    expect(result.final.status).to.equal(200);
  });
});

describe("platform keys", () => {
  it("refreshes the platform's key set when the LMS rotates its key, but not for every forged kid", async () => {
    const clock = new ManualClock();
    const fixture = await startLtiFixture({ clock });
    try {
      expect(
        (await fixture.launch({ user: { ...LEARNER, sub: "k1" }, roles: ["Learner"] })).final.status,
      ).to.equal(200);
      await fixture.lms.rotateKey();
      // Within the refresh interval an unknown kid does not trigger a fetch: bounded rate.
      const early = await fixture.launch({ user: { ...LEARNER, sub: "k2" }, roles: ["Learner"] });
      expect(early.launchPost.status).to.equal(401);
      clock.advance(15_000);
      const late = await fixture.launch({ user: { ...LEARNER, sub: "k3" }, roles: ["Learner"] });
      expect(late.final.status).to.equal(200);
    } finally {
      await fixture.close();
    }
  });
});

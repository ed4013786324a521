// The administration page: LMS administrators see their platform's registrations and audit events;
// administrators of an operator platform also invite, activate and register platforms by hand.
// The course-level role membership#Administrator is no platform administrator.
import { expect } from "chai";
import { AUDIT } from "../../src/domain/audit/audit-log.js";
import { startHostilePlatform } from "../support/hostile-platform.js";
import { LEARNER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import {
  Browser,
  SimulatedLms,
  decodeEntities,
  parseForms,
  type BrowserResponse,
} from "../support/sim-lms/index.js";

function formFields(page: BrowserResponse, index = 0): Record<string, string> {
  const form = parseForms(page.text)[index];
  if (!form) throw new Error("no form");
  return Object.fromEntries(form.entries);
}

describe("administration page", () => {
  let fixture: LtiFixture;
  const ADMIN_ROLES = [
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  ];
  before(async () => {
    fixture = await startLtiFixture({ operator: true });
  });
  after(() => fixture.close());

  it("shows the tool's URLs and keys to an LMS administrator, and registers another LMS by hand", async () => {
    const launch = await fixture.launch({
      user: { sub: "admin-1", name: "Admin Moodle" },
      roles: ADMIN_ROLES,
      locale: "fr",
    });
    const base = launch.final.url.replace(/\/$/, "");
    const page = await launch.browser.get(`${base}/admin`);
    expect(page.status).to.equal(200);
    const text = decodeEntities(page.text);
    expect(text).to.contain(`${fixture.carnet.baseUrl}/lti/login`);
    expect(text).to.contain(`${fixture.carnet.baseUrl}/lti/register`);
    const kid = (await fixture.carnet.services.keys.signingKey(fixture.tool.issuer, fixture.tool.clientId))
      .kid;
    expect(text).to.contain(kid);
    expect(text).to.contain(fixture.tool.clientId);
    // What to paste where, per LMS, from lti-config (the Canvas JSON at its stable URL).
    for (const platform of ["Moodle", "Canvas", "Brightspace", "Sakai"]) expect(text).to.contain(platform);
    expect(text).to.contain(`${fixture.carnet.baseUrl}/lti/canvas.json`);

    const other = await SimulatedLms.start();
    try {
      const otherTool = other.registerTool({ toolBaseUrl: fixture.carnet.baseUrl });
      const form = formFields(page);
      const created = await launch.browser.post(`${base}/admin/platforms`, {
        _csrf: form._csrf ?? "",
        issuer: otherTool.issuer,
        clientId: otherTool.clientId,
        authUrl: otherTool.authUrl,
        tokenUrl: otherTool.tokenUrl,
        jwksUrl: otherTool.jwksUrl,
        deploymentIds: otherTool.deploymentIds.join(","),
      });
      expect(created.status).to.equal(200);
      expect(decodeEntities(created.text)).to.contain("Plateforme enregistrée et active.");
      expect(decodeEntities(created.text)).to.contain(otherTool.clientId);
      const launched = await other.launch(new Browser(), {
        tool: otherTool,
        user: { ...LEARNER, sub: "via-admin-page" },
        roles: ["Learner"],
      });
      expect(launched.final.status).to.equal(200);

      const again = await launch.browser.post(`${base}/admin/platforms`, {
        _csrf: form._csrf ?? "",
        issuer: otherTool.issuer,
        clientId: otherTool.clientId,
        authUrl: "https://evil.example/auth",
        tokenUrl: otherTool.tokenUrl,
        jwksUrl: "https://evil.example/jwks",
        deploymentIds: "1",
      });
      expect(again.status).to.equal(409);
      const unchanged = await fixture.carnet.services.platforms.findByIssuerAndClient(
        otherTool.issuer,
        otherTool.clientId,
      );
      expect(unchanged?.jwksUrl).to.equal(otherTool.jwksUrl);
    } finally {
      await other.close();
    }
  });

  it("lists an invalid manual registration's fields and stores nothing", async () => {
    const launch = await fixture.launch({ user: { sub: "admin-2" }, roles: ADMIN_ROLES, locale: "fr" });
    const base = launch.final.url.replace(/\/$/, "");
    const page = await launch.browser.get(`${base}/admin`);
    const response = await launch.browser.post(`${base}/admin/platforms`, {
      _csrf: formFields(page)._csrf ?? "",
      issuer: "not a url",
      clientId: "",
      deploymentIds: "",
    });
    expect(response.status).to.equal(400);
    const text = decodeEntities(response.text);
    expect(text).to.contain("Ce champ est obligatoire.");
    expect(text).to.contain("Adresse https attendue");
    expect(text).to.contain('value="not a url"');
  });

  it("is closed to teachers and learners", async () => {
    for (const roles of [["Instructor"], ["Learner"]]) {
      const launch = await fixture.launch({ user: { sub: `not-admin-${roles[0]}` }, roles });
      const page = await launch.browser.get(`${launch.final.url.replace(/\/$/, "")}/admin`);
      expect(page.status).to.equal(403);
    }
  });
});

describe("signing out", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  it("ends the session with a POST carrying the CSRF token; the launch URL then asks to relaunch", async () => {
    const launch = await fixture.launch({
      user: { ...LEARNER, sub: "leaving" },
      roles: ["Learner"],
      locale: "fr",
    });
    const base = launch.final.url.replace(/\/$/, "");
    expect(launch.final.text).to.contain("Se déconnecter");
    const forged = await launch.browser.post(`${base}/logout`, {});
    expect(forged.status).to.equal(403);
    expect((await launch.browser.get(launch.final.url)).status).to.equal(200);

    const out = await launch.browser.post(`${base}/logout`, { _csrf: formFields(launch.final)._csrf ?? "" });
    expect(out.status).to.equal(200);
    expect(decodeEntities(out.text)).to.contain("Vous êtes déconnecté·e de Carnet");
    const after = await launch.browser.get(launch.final.url);
    expect(after.status).to.equal(401);
    expect(decodeEntities(after.text)).to.contain("Rouvrez Carnet depuis votre cours");
  });
});

describe("administration page: operators and LMS administrators", () => {
  let operatorLms: LtiFixture;
  let tenant: LtiFixture;
  const SITE_ADMIN = [
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  ];
  before(async () => {
    operatorLms = await startLtiFixture({ operator: true });
    tenant = await startLtiFixture();
  });
  after(async () => {
    await operatorLms.close();
    await tenant.close();
  });

  async function adminPage(fixture: LtiFixture, sub: string, roles: string[]) {
    const launch = await fixture.launch({ user: { sub }, roles, locale: "fr" });
    const base = launch.final.url.replace(/\/$/, "");
    return { launch, base, page: await launch.browser.get(`${base}/admin`) };
  }

  it("lets an operator create a one-time invitation URL that registers an LMS, active at once", async () => {
    const { launch, base, page } = await adminPage(operatorLms, "op-1", SITE_ADMIN);
    expect(page.status).to.equal(200);
    const created = await launch.browser.post(`${base}/admin/invitations`, {
      _csrf: formFields(page)._csrf ?? "",
      validity: "7d",
      note: "INSPE de Lyon",
    });
    expect(created.status).to.equal(200);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/lti\/register\/[\w-]+)/.exec(decodeEntities(created.text))?.[1];
    expect(url).to.be.a("string");

    const other = await SimulatedLms.start();
    try {
      const registered = await new Browser().get(other.dynamicRegistrationUrl(url ?? ""));
      expect(registered.status).to.equal(200);
      const tool = other.tool(other.registrations.at(-1)?.clientId ?? "");
      if (!tool) throw new Error("no tool");
      const launched = await other.launch(new Browser(), { tool, user: { ...LEARNER, sub: "invited" } });
      expect(launched.final.status).to.equal(200);
    } finally {
      await other.close();
    }
    const listed = decodeEntities((await launch.browser.get(`${base}/admin`)).text);
    expect(listed).to.contain("INSPE de Lyon");
    expect(listed).to.contain("utilisée");
    expect(listed).to.contain(AUDIT.invitationCreated);
  });

  it("lets an operator activate a pending registration from the page", async () => {
    const hostile = await startHostilePlatform();
    try {
      const url = new URL(`${operatorLms.carnet.baseUrl}/lti/register`);
      url.searchParams.set("openid_configuration", hostile.configurationUrl);
      expect((await new Browser().get(url.toString())).status).to.equal(200);
      const pending = await operatorLms.carnet.services.platforms.findByIssuerAndClient(
        hostile.origin,
        hostile.clientId,
      );
      const { launch, base, page } = await adminPage(operatorLms, "op-2", SITE_ADMIN);
      expect(decodeEntities(page.text)).to.contain("en attente d'un opérateur");
      const activated = await launch.browser.post(`${base}/admin/platforms/${pending?._id ?? ""}/activate`, {
        _csrf: formFields(page)._csrf ?? "",
      });
      expect(activated.status).to.equal(200);
      expect(decodeEntities(activated.text)).to.contain("Plateforme activée");
      const after = await operatorLms.carnet.services.platforms.findById(pending?._id ?? "");
      expect(after?.active).to.equal(true);
      const events = await operatorLms.carnet.services.audit.list({
        limit: 5,
        platformIds: [after?._id ?? ""],
      });
      const activation = events.find((event) => event.action === AUDIT.platformActivated);
      expect(activation?.actor).to.include({ kind: "user", platformId: operatorLms.platform._id });
    } finally {
      await hostile.close();
    }
  });

  it("shows another tenant's administrator their own registrations and events, and no operator action", async () => {
    const { launch, base, page } = await adminPage(tenant, "tenant-admin", SITE_ADMIN);
    expect(page.status).to.equal(200);
    const text = decodeEntities(page.text);
    expect(text).to.contain(tenant.tool.clientId);
    expect(text).to.not.contain(operatorLms.tool.clientId);
    expect(text).to.not.contain("Inviter une plateforme");
    expect(text).to.contain(AUDIT.roleElevated);
    expect(text).to.not.contain("op-1");
    const csrf = formFields(page)._csrf ?? "";
    for (const path of [
      "/admin/invitations",
      "/admin/platforms",
      `/admin/platforms/${operatorLms.platform._id}/deactivate`,
    ]) {
      const refused = await launch.browser.post(`${base}${path}`, { _csrf: csrf, validity: "7d" });
      expect(refused.status, path).to.equal(403);
    }
    expect((await operatorLms.carnet.services.platforms.findById(operatorLms.platform._id))?.active).to.equal(
      true,
    );
  });

  it("is closed to a course-level administrator (membership#Administrator), with grades and trace types", async () => {
    const { launch, base, page } = await adminPage(tenant, "course-admin", [
      "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
    ]);
    expect(page.status).to.equal(403);
    expect(decodeEntities(page.text)).to.contain("pas seulement du cours");
    // Grade administration shrinks to the course they teach; trace types are not theirs at all.
    const grades = await launch.browser.get(`${base}/admin/grades`);
    expect(decodeEntities(grades.text)).to.not.contain("Toutes les formations de la plateforme.");
    expect((await launch.browser.get(`${base}/admin/trace-types`)).status).to.equal(404);
    const user = await tenant.carnet.services.models.User.findOne({
      platformId: tenant.platform._id,
      sub: "course-admin",
    }).lean();
    const audited = await tenant.carnet.services.audit.list({ limit: 100, action: AUDIT.roleElevated });
    expect(audited.some((event) => event.actor.userId === user?._id)).to.equal(false);
    expect(audited.some((event) => event.tenant?.platformId === tenant.platform._id)).to.equal(true);
  });
});

// Registration (dynamic and by hand), deep linking, names and roles, service tokens, key rotation and
// tenancy, end to end against the simulated LMS.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import jwt from "jsonwebtoken";
import { startTestCarnet, type TestCarnet } from "../support/carnet.js";
import {
  LEARNER,
  TEACHER,
  registerInCarnet,
  startLtiFixture,
  type LtiFixture,
} from "../support/lti-fixture.js";
import {
  Browser,
  SimulatedLms,
  decodeEntities,
  parseAutoSubmitForm,
  parseForms,
  type BrowserResponse,
} from "../support/sim-lms/index.js";

function formFields(page: BrowserResponse, index = 0): Record<string, string> {
  const form = parseForms(page.text)[index];
  if (!form) throw new Error("no form");
  return Object.fromEntries(form.entries);
}

describe("Dynamic Registration", () => {
  let carnet: TestCarnet;
  let lms: SimulatedLms;
  before(async () => {
    carnet = await startTestCarnet();
    lms = await SimulatedLms.start();
  });
  after(async () => {
    await carnet.close();
    await lms.close();
  });

  it("registers Carnet in one step, asks for the services and closes the LMS window", async () => {
    const { url } = await carnet.services.platformAdmin.invite({ validForMs: 86_400_000 });
    const page = await new Browser().get(lms.dynamicRegistrationUrl(url));
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('postMessage({ subject: "org.imsglobal.lti.close" }');
    const registration = lms.registrations.at(-1);
    expect(registration?.status).to.equal(200);
    const request = registration?.request as Record<string, unknown>;
    expect(request.initiate_login_uri).to.equal(`${carnet.baseUrl}/lti/login`);
    expect(request.redirect_uris).to.deep.equal([`${carnet.baseUrl}/lti/launch`]);
    expect(request.jwks_uri).to.equal(`${carnet.baseUrl}/lti/keys`);
    expect(request["client_name#fr"]).to.be.a("string");
    expect(request["client_name#en"]).to.be.a("string");
    expect(request.logo_uri).to.equal(`${carnet.baseUrl}/static/carnet-icon.png`);
    expect(String(request.scope).split(" ")).to.include.members(carnet.config.lti.tool.scopes);
    const toolConfig = request["https://purl.imsglobal.org/spec/lti-tool-configuration"] as {
      messages: { type: string }[];
    };
    expect(toolConfig.messages.map((m) => m.type)).to.include.members([
      "LtiResourceLinkRequest",
      "LtiDeepLinkingRequest",
    ]);

    const platform = await carnet.services.platforms.findByIssuerAndClient(
      lms.issuer,
      registration?.clientId ?? "",
    );
    expect(platform?.deploymentIds).to.deep.equal([registration?.deploymentId]);
    expect(platform?.registration.method).to.equal("dynamic");

    const tool = lms.tool(registration?.clientId ?? "");
    if (!tool) throw new Error("the LMS did not keep the tool");
    const launch = await lms.launch(new Browser(), {
      tool,
      user: { ...LEARNER, sub: "dr-1" },
      roles: ["Learner"],
    });
    expect(launch.final.status).to.equal(200);
  });

  it("serves the icon it announces", async () => {
    const icon = await new Browser().get(`${carnet.baseUrl}/static/carnet-icon.png`);
    expect(icon.status).to.equal(200);
    expect(icon.headers.get("content-type")).to.equal("image/png");
  });

  it("refuses a registration token the LMS does not accept, with a clear page", async () => {
    const invited = await carnet.services.platformAdmin.invite({ validForMs: 86_400_000 });
    const url = new URL(lms.dynamicRegistrationUrl(invited.url));
    url.searchParams.set("registration_token", "forged");
    const page = await new Browser().get(url.toString());
    expect(page.status).to.equal(400);
    expect(decodeEntities(page.text)).to.contain("REGISTRATION_REFUSED");
  });

  it("refuses a configuration that claims another issuer than where it was fetched", async () => {
    const impostor = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          ...JSON.parse(readFileSync("test/fixtures/moodle-5.1/moodle-openid-configuration.json", "utf8")),
          issuer: "https://moodle.example.edu",
        }),
      );
    });
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = impostor.address() as AddressInfo;
      const page = await new Browser().get(
        `${carnet.baseUrl}/lti/register?openid_configuration=${encodeURIComponent(`http://127.0.0.1:${port}/openid-configuration`)}&registration_token=x`,
      );
      expect(page.status).to.equal(400);
      expect(decodeEntities(page.text)).to.contain("REGISTRATION_ISSUER_MISMATCH");
      expect(await carnet.services.platforms.findForLogin("https://moodle.example.edu", undefined)).to.equal(
        null,
      );
    } finally {
      impostor.close();
    }
  });

  it("explains what to do when opened without parameters", async () => {
    const page = await new Browser().get(`${carnet.baseUrl}/lti/register`);
    expect(page.status).to.equal(400);
    expect(decodeEntities(page.text)).to.contain(`${carnet.baseUrl}/lti/register`);
  });
});

describe("manual registration, keys and tenancy", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ deploymentIds: ["1", "2"] });
  });
  after(() => fixture.close());

  it("keeps several deployments of one platform apart", async () => {
    const one = await fixture.launch({
      user: { ...TEACHER, sub: "dep-t" },
      roles: ["Instructor"],
      deploymentId: "1",
      context: { id: "shared-id", title: "Dep 1" },
    });
    const two = await fixture.launch({
      user: { ...TEACHER, sub: "dep-t" },
      roles: ["Instructor"],
      deploymentId: "2",
      context: { id: "shared-id", title: "Dep 2" },
    });
    expect(one.final.status).to.equal(200);
    expect(two.final.status).to.equal(200);
    const courses = await fixture.carnet.services.models.Course.find({
      platformId: fixture.platform._id,
      contextId: "shared-id",
    }).lean();
    expect(courses.map((c) => `${c.deploymentId}:${c.title}`).sort()).to.deep.equal(["1:Dep 1", "2:Dep 2"]);
  });

  it("keeps two platforms apart even with the same user and course ids", async () => {
    const otherLms = await SimulatedLms.start();
    try {
      const otherTool = otherLms.registerTool({ toolBaseUrl: fixture.carnet.baseUrl });
      const otherPlatform = await registerInCarnet(fixture.carnet, otherTool);
      otherLms.addCourse({
        id: "2",
        title: "Autre plateforme",
        members: [{ userId: "77", roles: ["Learner"], name: "Élève Ailleurs" }],
      });
      await otherLms.launch(new Browser(), {
        tool: otherTool,
        user: { sub: "5", name: "Homonyme Ailleurs" },
        roles: ["Learner"],
        context: { id: "2", title: "Autre plateforme" },
      });
      const here = await fixture.launch({
        user: { ...TEACHER, sub: "tenancy-teacher" },
        roles: ["Instructor"],
        context: { id: "2", title: "Ici" },
        locale: "fr",
      });
      const page = decodeEntities(here.final.text);
      expect(page).to.not.contain("Homonyme Ailleurs");
      expect(page).to.not.contain("Élève Ailleurs");
      const users = await fixture.carnet.services.models.User.find({ sub: "5" }).lean();
      expect(new Set(users.map((u) => u.platformId)).size).to.equal(users.length);
      expect(users.some((u) => u.platformId === otherPlatform._id)).to.equal(true);
    } finally {
      await otherLms.close();
    }
  });

  it("publishes the tool's key with a kid, rotates it and retires the old one", async () => {
    const browser = new Browser();
    const before = (await browser.get(`${fixture.carnet.baseUrl}/lti/keys`)).json() as {
      keys: { kid: string; alg: string; use: string; n: string }[];
    };
    const current = (
      await fixture.carnet.services.keys.signingKey(fixture.tool.issuer, fixture.tool.clientId)
    ).kid;
    expect(before.keys.map((k) => k.kid)).to.include(current);
    expect(before.keys.every((k) => k.alg === "RS256" && k.use === "sig" && !("d" in k))).to.equal(true);

    const rotated = await fixture.carnet.platformAdmin.rotateKey(fixture.platform._id);
    expect(rotated?.oldKid).to.equal(current);
    const during = (await browser.get(`${fixture.carnet.baseUrl}/lti/keys`)).json() as {
      keys: { kid: string }[];
    };
    expect(during.keys.map((k) => k.kid)).to.include.members([current, rotated?.newKid ?? ""]);

    // The LMS accepts a client assertion signed with the new key (it refetches Carnet's key set).
    const token = await fixture.carnet.services.tokens.token(fixture.platform, [
      "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    ]);
    expect(token).to.be.a("string");
    expect(
      jwt.decode(fixture.lms.tokenRequests.at(-1)?.params.client_assertion ?? "", { complete: true })?.header
        .kid,
    ).to.equal(rotated?.newKid);

    expect(await fixture.carnet.services.keys.retire(rotated?.newKid ?? "")).to.equal("in-use");
    expect(await fixture.carnet.services.keys.retire(current)).to.equal("retired");
    const after = (await browser.get(`${fixture.carnet.baseUrl}/lti/keys`)).json() as {
      keys: { kid: string }[];
    };
    expect(after.keys.map((k) => k.kid)).to.not.include(current);
  });
});

describe("services: tokens and names and roles", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  it("gets an AGS token with a signed client assertion, and reuses it until it expires", async () => {
    const before = fixture.lms.tokenRequests.length;
    const scopes = [
      "https://purl.imsglobal.org/spec/lti-ags/scope/score",
      "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    ];
    const first = await fixture.carnet.services.tokens.token(fixture.platform, scopes);
    const second = await fixture.carnet.services.tokens.token(fixture.platform, [...scopes].reverse());
    expect(second).to.equal(first);
    const requests = fixture.lms.tokenRequests.slice(before);
    expect(requests).to.have.length(1);
    expect(requests[0]?.status).to.equal(200);
    expect(requests[0]?.params.grant_type).to.equal("client_credentials");
    expect(requests[0]?.params.client_assertion_type).to.equal(
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
  });

  it("lists every enrolled learner of the course, including those who never launched", async () => {
    fixture.lms.addCourse({
      id: "roster-course",
      title: "Promotion 2026",
      members: [
        { userId: "r-teacher", roles: ["Instructor"], name: "Fanny Formateur" },
        { userId: "r-1", roles: ["Learner"], name: "Alice Absente" },
        { userId: "r-2", roles: ["Learner"], name: "Bruno Jamais" },
      ],
    });
    const teacher = await fixture.launch({
      user: { sub: "r-teacher", name: "Fanny Formateur" },
      roles: ["Instructor"],
      context: { id: "roster-course", title: "Promotion 2026" },
      locale: "fr",
    });
    const page = decodeEntities(teacher.final.text);
    expect(page).to.contain("Alice Absente");
    expect(page).to.contain("Bruno Jamais");
    expect(page).to.contain("n'a jamais ouvert Carnet");
    expect(fixture.lms.nrpsCalls.length).to.be.greaterThan(0);
    // Cached: opening the page again does not call the LMS again.
    const calls = fixture.lms.nrpsCalls.length;
    await teacher.browser.get(teacher.final.url);
    expect(fixture.lms.nrpsCalls.length).to.equal(calls);
  });

  it("keeps the last roster when the LMS's roster service fails", async () => {
    const scope = { platformId: fixture.platform._id, deploymentId: "1", contextId: "roster-course" };
    fixture.lms.failNext(3, { status: 500 });
    const result = await fixture.carnet.services.roster.refresh(scope);
    expect(result.refreshed).to.equal(false);
    const members = await fixture.carnet.services.models.Membership.countDocuments({
      ...scope,
      status: "Active",
    });
    expect(members).to.be.greaterThan(2);
    fixture.lms.clearFailures();
  });
});

describe("deep linking", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(() => fixture.close());

  it("lets a teacher add a graded validation view for a chosen framework, which then launches with it", async () => {
    const context = { id: "dl-course", title: "DES MG — promotion 2026" };
    const chooser = await fixture.launch({
      user: { ...TEACHER, sub: "dl-teacher" },
      roles: ["Instructor"],
      context,
      messageType: "LtiDeepLinkingRequest",
      locale: "fr",
    });
    expect(chooser.final.url).to.match(/\/deep-linking$/);
    expect(decodeEntities(chooser.final.text)).to.contain("Ajouter Carnet à ce cours");
    const medicine = (await fixture.carnet.services.frameworks.list(fixture.platform._id)).find(
      (f) => f.key === "medecine-generale",
    );
    const fields = formFields(chooser.final);
    const returned = await chooser.browser.post(chooser.final.url, {
      ...fields,
      view: "assessment",
      title: "Compétences MG",
      frameworkId: medicine?.id ?? "",
      graded: "on",
      scoreMaximum: "20",
      policy: "share",
      runningScore: "on",
    });
    expect(returned.status).to.equal(200);
    const form = parseAutoSubmitForm(returned.text);
    expect(form.action).to.equal(fixture.lms.deepLinkReturnUrl);
    const accepted = await chooser.browser.post(form.action, form.fields);
    expect(accepted.status).to.be.below(400);
    const response = fixture.lms.deepLinkResponses.at(-1);
    expect(response?.status).to.equal(200);
    const item = response?.contentItems[0] as {
      type: string;
      custom: Record<string, string>;
      lineItem: { scoreMaximum: number };
    };
    expect(item.type).to.equal("ltiResourceLink");
    expect(item.custom).to.include({
      view: "assessment",
      framework: medicine?.id,
      grading_policy: "share",
      running_score: "true",
      score_maximum: "20",
    });
    expect(item.lineItem.scoreMaximum).to.equal(20);
    const link = response?.createdResourceLinks[0];
    expect(response?.createdLineItems).to.have.length(1);

    const learner = await fixture.launch({
      user: { ...LEARNER, sub: "dl-learner" },
      roles: ["Learner"],
      context,
      resourceLink: { id: link?.id ?? "", title: link?.title },
      locale: "fr",
    });
    expect(learner.final.status).to.equal(200);
    const placement = await fixture.carnet.services.models.Placement.findOne({
      platformId: fixture.platform._id,
      contextId: "dl-course",
      resourceLinkId: link?.id,
    }).lean();
    expect(placement?.view).to.equal("assessment");
    expect(placement?.frameworkId).to.equal(medicine?.id);
    // The maximum chosen at deep linking is the placement's, like the line item's.
    expect(placement?.grading).to.deep.equal({ policy: "share", showRunningScore: true, scoreMaximum: 20 });
    expect(placement?.ags?.lineitem).to.be.a("string");
  });

  it("seeds a placement's score maximum from score_maximum only when it is an integer from 1 to 1000", async () => {
    const context = { id: "dl-maximum", title: "Maximum" };
    const cases: [string | undefined, number][] = [
      ["1000", 1000],
      ["1", 1],
      [undefined, 100],
      ["0", 100],
      ["1001", 100],
      ["12.5", 100],
      ["-20", 100],
      ["vingt", 100],
    ];
    for (const [index, [value, expected]] of cases.entries()) {
      const custom: Record<string, string> = { grading_policy: "weighted", running_score: "false" };
      if (value !== undefined) custom.score_maximum = value;
      const launch = await fixture.launch({
        user: { ...TEACHER, sub: "dl-maximum-teacher" },
        roles: ["Instructor"],
        context,
        resourceLink: { id: `dl-maximum-${index}`, title: "Carnet" },
        custom,
        locale: "fr",
      });
      expect(launch.final.status).to.equal(200);
      const placement = await fixture.carnet.services.models.Placement.findOne({
        platformId: fixture.platform._id,
        contextId: context.id,
        resourceLinkId: `dl-maximum-${index}`,
      }).lean();
      expect(placement?.grading, String(value)).to.deep.equal({
        policy: "weighted",
        showRunningScore: false,
        scoreMaximum: expected,
      });
    }
  });

  it("does not let a learner choose what the course offers", async () => {
    const attempt = await fixture.launch({
      user: { ...LEARNER, sub: "dl-intruder" },
      roles: ["Learner"],
      messageType: "LtiDeepLinkingRequest",
      locale: "fr",
    });
    expect(attempt.final.status).to.equal(403);
  });
});

import { expect } from "chai";
import { decodeEntities } from "../support/sim-lms/index.js";
import { LEARNER, TEACHER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";

describe("LTI launch, end to end through the simulated LMS", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("takes a learner to their own home page", async () => {
    const result = await fixture.launch({
      user: LEARNER,
      roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      locale: "fr",
    });
    expect(result.launchPost.status).to.equal(303);
    expect(result.final.status).to.equal(200);
    expect(result.final.url).to.match(/\/l\/[\w-]+\/$/);
    expect(result.final.text).to.contain("Bonjour Léa Stagiaire");
  });

  it("takes an instructor to the trainers' workspace, in the LMS user's language", async () => {
    const result = await fixture.launch({
      user: TEACHER,
      roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
      locale: "en",
    });
    expect(result.final.status).to.equal(200);
    expect(decodeEntities(result.final.text)).to.contain("Trainers' workspace");
  });

  it("tells where a launch and its first page spent their time (Server-Timing stages)", async () => {
    const result = await fixture.launch({ user: { ...LEARNER, sub: "timed-learner" }, locale: "fr" });
    const stages = (header: string | null): string[] =>
      (header ?? "").split(",").map((entry) => entry.trim().split(";")[0] ?? "");
    expect(stages(result.launchPost.headers.get("server-timing"))).to.include.members([
      "app",
      "state",
      "verify",
      "person",
      "enrol",
      "session",
    ]);
    expect(stages(result.final.headers.get("server-timing"))).to.include.members([
      "app",
      "launch",
      "chrome",
      "badges",
      "handler",
      "render",
    ]);
  });

  it("sends the authorization request as a GET redirect with the OIDC parameters", async () => {
    const result = await fixture.launch({ user: LEARNER });
    expect(result.loginResponse.status).to.equal(302);
    const auth = result.authRequest;
    expect(auth.get("scope")).to.equal("openid");
    expect(auth.get("response_type")).to.equal("id_token");
    expect(auth.get("response_mode")).to.equal("form_post");
    expect(auth.get("prompt")).to.equal("none");
    expect(auth.get("client_id")).to.equal(fixture.tool.clientId);
    expect(auth.get("redirect_uri")).to.equal(`${fixture.carnet.baseUrl}/lti/launch`);
    expect(auth.get("nonce")).to.have.length.greaterThan(30);
    expect(auth.get("state")).to.have.length.greaterThan(30);
  });
});

// /metrics: what operators scrape, and who may read it.
import { expect } from "chai";
import { LEARNER, startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";

const TOKEN = "a-metrics-token-of-32-characters!";

describe("/metrics", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture({ env: { METRICS_TOKEN: TOKEN } });
  });
  after(async () => {
    await fixture.close();
  });

  const scrape = (headers: Record<string, string> = {}) =>
    fetch(`${fixture.carnet.baseUrl}/metrics`, { headers });

  it("answers 404 without the bearer token, and to a wrong one", async () => {
    expect((await scrape()).status).to.equal(404);
    expect((await scrape({ authorization: "Bearer not-the-token-at-all-no" })).status).to.equal(404);
  });

  it("counts launches by outcome and reason, times requests by route pattern, and shows the outbox", async () => {
    const launched = await fixture.launch({ user: LEARNER });
    expect(launched.final.status).to.equal(200);
    const refused = await fetch(`${fixture.carnet.baseUrl}/lti/launch`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "id_token=x",
    });
    expect(refused.status).to.be.at.least(400);

    const answer = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get("content-type")).to.contain("text/plain");
    const text = await answer.text();
    expect(text).to.match(/carnet_lti_launches_total\{outcome="accepted",reason=""\} [1-9]/);
    expect(text).to.match(/carnet_lti_launches_total\{outcome="refused",reason="STATE_MISSING"\} [1-9]/);
    // The launch's page is labelled by its pattern, never by the launch id.
    expect(text).to.contain('route="/l/:launchId/"');
    expect(text).not.to.match(/route="\/l\/[\w-]{8,}/);
    expect(text).to.contain('route="/lti/launch"');
    expect(text).to.match(/carnet_grade_outbox_pending \d+/);
    expect(text).to.match(/carnet_grade_outbox_parked \d+/);
    expect(text).to.match(/carnet_grade_outbox_oldest_due_seconds \d/);
    expect(text).to.contain("nodejs_eventloop_lag_seconds");
    expect(text).to.match(
      /carnet_db_command_duration_seconds_count\{command="(find|update|insert)",outcome="ok"\} [1-9]/,
    );
  });
});

describe("/metrics without a token", () => {
  let fixture: LtiFixture;
  before(async () => {
    fixture = await startLtiFixture();
  });
  after(async () => {
    await fixture.close();
  });

  it("answers a direct loopback connection, but not one relayed by a proxy", async () => {
    const direct = await fetch(`${fixture.carnet.baseUrl}/metrics`);
    expect(direct.status).to.equal(200);
    expect(await direct.text()).to.contain("carnet_http_request_duration_seconds");
    const relayed = await fetch(`${fixture.carnet.baseUrl}/metrics`, {
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(relayed.status).to.equal(404);
  });
});

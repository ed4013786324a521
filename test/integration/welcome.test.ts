// The root URL answers newcomers: what Carnet is, that it is used from an LMS, the registration URL.
import { expect } from "chai";
import { startTestCarnet, type TestCarnet } from "../support/carnet.js";
import { decodeEntities } from "../support/sim-lms/index.js";

describe("the root page", () => {
  let carnet: TestCarnet;
  before(async () => {
    carnet = await startTestCarnet();
  });
  after(() => carnet.close());

  for (const [language, says] of [
    ["fr", "On l'utilise depuis une plateforme de formation"],
    ["en", "It is used from a learning platform"],
  ] as const) {
    it(`says what Carnet is and gives the registration URL to copy (${language})`, async () => {
      const response = await fetch(`${carnet.baseUrl}/`, { headers: { "accept-language": language } });
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/html/);
      const text = decodeEntities(await response.text());
      expect(text).to.contain(`<html lang="${language}">`);
      expect(text).to.contain(says);
      expect(text).to.contain(`value="${carnet.baseUrl}/lti/register"`);
      expect(text).to.contain(`${carnet.baseUrl}/lti/keys`);
    });
  }
});

// The tool's keys live in ltijs through its public API only, as key holders: no LMS endpoint is copied
// into ltijs, a key exists once a platform is active, signs verifiably, rotates and retires; a key
// ltijs kept for an LMS before key holders is adopted, not replaced.
import { createPublicKey } from "node:crypto";
import { expect } from "chai";
import jwt from "jsonwebtoken";
import { KEY_HOLDER_URL } from "../../../src/lti/tool-key-store.js";
import { startTestCarnet, type TestCarnet } from "../../support/carnet.js";
import { getTestEnvironment } from "../../support/environment.js";

describe("ToolKeys on ltijs", () => {
  let carnet: TestCarnet;
  before(async () => {
    carnet = await startTestCarnet();
  });
  after(() => carnet.close());

  const manual = (suffix: string) => ({
    issuer: `https://lms-${suffix}.example.edu`,
    clientId: `client-${suffix}`,
    authUrl: `https://lms-${suffix}.example.edu/auth`,
    tokenUrl: `https://lms-${suffix}.example.edu/token`,
    jwksUrl: `https://lms-${suffix}.example.edu/jwks`,
    deploymentIds: ["1"],
  });

  it("keeps nothing of the LMS in ltijs: one key holder per key, under a placeholder URL", async () => {
    const platform = await carnet.platformAdmin.add(manual(`holder-${Date.now()}`), "cli");
    const { lti } = await getTestEnvironment();
    const records = await lti.getAllPlatforms();
    const urls = await Promise.all(records.map((record) => record.platformUrl()));
    expect(urls).to.not.include(platform.issuer);
    const kids = await Promise.all(records.map((record) => record.platformKid()));
    expect(kids).to.include(platform.signingKid);
    const holder = records[kids.indexOf(platform.signingKid ?? "")];
    expect(await holder?.platformUrl()).to.equal(KEY_HOLDER_URL);
    expect(await holder?.platformClientId()).to.match(new RegExp(`^${platform._id}/`));
  });

  it("signs with a key published at /lti/keys, rotates, and retires only keys no longer in use", async () => {
    const platform = await carnet.platformAdmin.add(manual(`sign-${Date.now()}`), "cli");
    const signing = await carnet.services.keys.signingKeyFor(platform);
    const token = jwt.sign({ hello: "lms" }, signing.privateKeyPem, {
      algorithm: "RS256",
      keyid: signing.kid,
    });
    const published = (await (await fetch(`${carnet.baseUrl}/lti/keys`)).json()) as {
      keys: (Record<string, string> & { kid: string })[];
    };
    const jwk = published.keys.find((key) => key.kid === signing.kid);
    expect(jwk).to.include({ alg: "RS256", use: "sig", kty: "RSA" });
    expect(jwk).to.not.have.property("d");
    const verified = jwt.verify(token, createPublicKey({ key: jwk ?? {}, format: "jwk" }), {
      algorithms: ["RS256"],
    });
    expect(verified).to.include({ hello: "lms" });

    const rotated = await carnet.platformAdmin.rotateKey(platform._id);
    const after = await carnet.services.platforms.findById(platform._id);
    expect(after?.signingKid).to.equal(rotated?.newKid);
    expect((await carnet.services.keys.signingKeyFor(after ?? platform)).kid).to.equal(rotated?.newKid);
    expect(await carnet.platformAdmin.retireKey(rotated?.newKid ?? "")).to.equal("in-use");
    expect(await carnet.platformAdmin.retireKey(signing.kid)).to.equal("retired");
    expect(await carnet.platformAdmin.retireKey(signing.kid)).to.equal("unknown");
    const listed = await carnet.services.keys.listKeys();
    expect(listed.filter((key) => key.platformId === platform._id).map((key) => key.kid)).to.deep.equal([
      rotated?.newKid,
    ]);
  });

  it("adopts the key ltijs held for an LMS registered before key holders", async () => {
    const suffix = `legacy-${Date.now()}`;
    const { lti } = await getTestEnvironment();
    const legacy = await lti.registerPlatform({
      url: `https://lms-${suffix}.example.edu`,
      clientId: `client-${suffix}`,
      name: "old",
      authenticationEndpoint: `https://lms-${suffix}.example.edu/auth`,
      accesstokenEndpoint: `https://lms-${suffix}.example.edu/token`,
      authConfig: { method: "JWK_SET", key: `https://lms-${suffix}.example.edu/jwks` },
    });
    const legacyKid = await legacy.platformKid();
    try {
      const platform = await carnet.platformAdmin.add(manual(suffix), "cli");
      expect(platform.signingKid).to.equal(legacyKid);
      expect((await carnet.services.keys.signingKeyFor(platform)).kid).to.equal(legacyKid);
    } finally {
      await lti.deletePlatformById(legacyKid);
    }
  });
});

import { generateKeyPairSync } from "node:crypto";
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { JwksCache, UnknownKeyError } from "../../src/lti/jwks-cache.js";

function jwk(kid: string): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...publicKey.export({ format: "jwk" }), kid, use: "sig" };
}

describe("JwksCache", () => {
  const k1 = jwk("k1");
  const k2 = jwk("k2");

  it("fetches once and serves known kids from memory", async () => {
    let fetches = 0;
    const cache = new JwksCache({
      clock: new ManualClock(0),
      fetchJson: async () => (fetches++, { keys: [k1] }),
    });
    await cache.key("u", "k1");
    await cache.key("u", "k1");
    await cache.key("u", "k1");
    expect(fetches).to.equal(1);
  });

  it("refreshes on an unknown kid (key rotation), once for concurrent launches", async () => {
    const clock = new ManualClock(0);
    let published = [k1];
    let fetches = 0;
    const cache = new JwksCache({ clock, fetchJson: async () => (fetches++, { keys: published }) });
    await cache.key("u", "k1");
    published = [k1, k2];
    clock.advance(11_000);
    await Promise.all([cache.key("u", "k2"), cache.key("u", "k2"), cache.key("u", "k2")]);
    expect(fetches).to.equal(2);
  });

  it("bounds refreshes caused by forged kids", async () => {
    const clock = new ManualClock(0);
    let fetches = 0;
    const cache = new JwksCache({ clock, fetchJson: async () => (fetches++, { keys: [k1] }) });
    await cache.key("u", "k1");
    for (let i = 0; i < 20; i++) {
      try {
        await cache.key("u", `forged-${i}`);
      } catch (error) {
        expect(error).to.be.instanceOf(UnknownKeyError);
      }
    }
    expect(fetches).to.equal(1);
  });

  it("keeps using a known key when the platform's key endpoint is down", async () => {
    const clock = new ManualClock(0);
    let up = true;
    const cache = new JwksCache({
      clock,
      maxAgeMs: 1000,
      fetchJson: async () => {
        if (!up) throw new Error("503");
        return { keys: [k1] };
      },
    });
    await cache.key("u", "k1");
    up = false;
    clock.advance(5000);
    const key = await cache.key("u", "k1");
    expect(key.type).to.equal("public");
  });
});

import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import { TtlCache } from "../../../src/persistence/ttl-cache.js";

describe("TtlCache", () => {
  it("forgets an entry once its time to live has passed", () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache<string>(1000, 10, clock);
    cache.set("a", "first");
    clock.advance(999);
    expect(cache.get("a")).to.equal("first");
    clock.advance(1);
    expect(cache.get("a")).to.equal(undefined);
  });

  it("drops expired entries when others are written, even those never read again", () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache<number>(1000, 10_000, clock);
    for (let i = 0; i < 500; i += 1) cache.set(`old ${i}`, i);
    clock.advance(1000);
    cache.set("new", 1);
    expect(cache.size).to.equal(1);
  });

  it("keeps an entry written again for a whole new time to live, behind the older ones", () => {
    const clock = new ManualClock(0);
    const cache = new TtlCache<string>(1000, 10, clock);
    cache.set("a", "first");
    clock.advance(600);
    cache.set("b", "second");
    cache.set("a", "again");
    clock.advance(600);
    cache.set("c", "third");
    expect(cache.get("a")).to.equal("again");
    expect(cache.get("b")).to.equal("second");
  });

  it("never holds more than its size cap, the oldest write going first", () => {
    const cache = new TtlCache<number>(60_000, 3, new ManualClock(0));
    for (const key of ["a", "b", "c", "d"]) cache.set(key, 1);
    expect(cache.size).to.equal(3);
    expect(cache.get("a")).to.equal(undefined);
    expect(cache.get("d")).to.equal(1);
  });
});

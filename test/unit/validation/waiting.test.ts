import { expect } from "chai";
import { ManualClock } from "../../../src/clock.js";
import {
  dayKey,
  inactiveWeeks,
  isOverdue,
  selectReminders,
  waitingDays,
  type PendingItem,
} from "../../../src/domain/validation/waiting.js";

const DAY = 86_400_000;

function item(overrides: Partial<PendingItem> & { waitingSince: Date }): PendingItem {
  return {
    recordId: `r-${Math.random()}`,
    platformId: "p1",
    deploymentId: "1",
    contextId: "c1",
    learnerId: "learner-1",
    competenceCode: "C1",
    assignedValidatorIds: [],
    ...overrides,
  };
}

describe("waiting time", () => {
  it("counts whole days since the request", () => {
    const clock = new ManualClock(new Date("2026-03-01T08:00:00Z"));
    const since = clock.now();
    expect(waitingDays(since, clock.now())).to.equal(0);
    clock.advance(23 * DAY + 5 * 3600_000);
    expect(waitingDays(since, clock.now())).to.equal(23);
  });

  it("is overdue only after more than N days", () => {
    const clock = new ManualClock(new Date("2026-03-01T08:00:00Z"));
    const since = clock.now();
    clock.advance(14 * DAY);
    expect(isOverdue(since, clock.now(), 14)).to.equal(false);
    clock.advance(DAY);
    expect(isOverdue(since, clock.now(), 14)).to.equal(true);
    expect(isOverdue(undefined, clock.now(), 14)).to.equal(false);
  });

  it("names days in the institution's time zone (one digest per day)", () => {
    expect(dayKey(new Date("2026-03-01T22:30:00Z"))).to.equal("2026-03-01");
    expect(dayKey(new Date("2026-03-01T23:30:00Z"))).to.equal("2026-03-02");
  });

  it("counts whole weeks without activity", () => {
    const now = new Date("2026-03-29T00:00:00Z");
    expect(inactiveWeeks(new Date("2026-03-01T00:00:00Z"), now)).to.equal(4);
    expect(inactiveWeeks(undefined, now)).to.equal(null);
  });
});

describe("selectReminders", () => {
  const clock = new ManualClock(new Date("2026-04-01T06:00:00Z"));
  const ago = (days: number): Date => new Date(clock.now().getTime() - days * DAY);

  it("reminds the chosen validators of overdue requests only, oldest first", () => {
    const fresh = item({ waitingSince: ago(3), assignedValidatorIds: ["v1"] });
    const old = item({ waitingSince: ago(40), assignedValidatorIds: ["v1", "v2"], competenceCode: "C2" });
    const older = item({ waitingSince: ago(60), assignedValidatorIds: ["v1"], competenceCode: "C3" });
    const selection = selectReminders([fresh, old, older], {
      now: clock.now(),
      reminderAfterDays: () => 14,
      courseValidators: () => ["t1"],
    });
    const forV1 = selection.find((s) => s.validatorId === "v1");
    expect(forV1?.items.map((i) => i.competenceCode)).to.deep.equal(["C3", "C2"]);
    expect(selection.find((s) => s.validatorId === "v2")?.items.map((i) => i.competenceCode)).to.deep.equal([
      "C2",
    ]);
    expect(selection.some((s) => s.validatorId === "t1")).to.equal(false);
  });

  it("falls back to the course's teachers when the learner chose nobody, never the learner", () => {
    const nobody = item({ waitingSince: ago(20) });
    const selection = selectReminders([nobody], {
      now: clock.now(),
      reminderAfterDays: () => 14,
      courseValidators: () => ["t1", "learner-1"],
    });
    expect(selection.map((s) => s.validatorId)).to.deep.equal(["t1"]);
  });

  it("uses each course's own delay", () => {
    const a = item({ waitingSince: ago(10), contextId: "short", assignedValidatorIds: ["v"] });
    const b = item({ waitingSince: ago(10), contextId: "long", assignedValidatorIds: ["v"] });
    const selection = selectReminders([a, b], {
      now: clock.now(),
      reminderAfterDays: (i) => (i.contextId === "short" ? 7 : 30),
      courseValidators: () => [],
    });
    expect(selection[0]?.items.map((i) => i.contextId)).to.deep.equal(["short"]);
  });
});

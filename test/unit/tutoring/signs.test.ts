// The warning signs as facts, and the silence order of the tutor workspace.
import { expect } from "chai";
import {
  bySilence,
  DEFAULT_THRESHOLDS,
  lastSignOfLife,
  NO_SESSION_FACTS,
  warningSigns,
  type TuteeActivity,
} from "../../../src/domain/tutoring/signs.js";
import { strictest } from "../../../src/domain/tutoring/settings.js";

const NOW = new Date("2026-11-30T10:00:00Z");
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

function activity(overrides: Partial<TuteeActivity> = {}): TuteeActivity {
  return {
    lastLaunchAt: daysAgo(1),
    lastTraceAt: daysAgo(2),
    lastRequestAt: null,
    lastContactAt: daysAgo(3),
    pendingItems: 0,
    oldestWaitingAt: null,
    lastMessageToTuteeAt: null,
    lastReplyAt: null,
    ...overrides,
  };
}

describe("warningSigns", () => {
  it("says nothing of a tutee who writes, launches and was met recently", () => {
    expect(warningSigns(activity(), NO_SESSION_FACTS, DEFAULT_THRESHOLDS, NOW)).to.deep.equal([]);
  });

  it("names each fact: never launched, no trace for N weeks, a comment unanswered, a request waiting, no contact", () => {
    const signs = warningSigns(
      activity({
        lastLaunchAt: null,
        lastTraceAt: daysAgo(35),
        lastMessageToTuteeAt: daysAgo(20),
        lastReplyAt: daysAgo(30),
        pendingItems: 3,
        oldestWaitingAt: daysAgo(15),
        lastContactAt: daysAgo(50),
      }),
      { nextSessionAt: null, missedSessions: 1, missedFirstSession: true },
      DEFAULT_THRESHOLDS,
      NOW,
    );
    expect(signs).to.deep.equal([
      { code: "never_launched" },
      { code: "missed_session", count: 1, first: true },
      { code: "no_trace", weeks: 5 },
      { code: "unanswered", days: 20 },
      { code: "request_waiting", days: 15 },
      { code: "contact_overdue", weeks: 7 },
    ]);
  });

  it("counts the contact rhythm from the start of the tutoring until a first contact, and not at all without a target", () => {
    const fresh = activity({ lastContactAt: null });
    expect(warningSigns(fresh, NO_SESSION_FACTS, DEFAULT_THRESHOLDS, NOW, daysAgo(10))).to.deep.equal([]);
    expect(warningSigns(fresh, NO_SESSION_FACTS, DEFAULT_THRESHOLDS, NOW, daysAgo(60))).to.deep.equal([
      { code: "contact_overdue", weeks: null },
    ]);
    const noTarget = { ...DEFAULT_THRESHOLDS, contactEveryWeeks: null };
    expect(warningSigns(fresh, NO_SESSION_FACTS, noTarget, NOW, daysAgo(60))).to.deep.equal([]);
  });

  it("does not call a comment unanswered once the tutee replied or revised after it", () => {
    const replied = activity({ lastMessageToTuteeAt: daysAgo(20), lastReplyAt: daysAgo(19) });
    expect(warningSigns(replied, NO_SESSION_FACTS, DEFAULT_THRESHOLDS, NOW)).to.deep.equal([]);
  });
});

describe("bySilence", () => {
  it("puts who never gave a sign first, then the longest silence, then more signs", () => {
    const row = (name: string, lastSign: Date | null, signs = 0) => ({
      name,
      lastSign,
      signs: Array(signs).fill(0),
    });
    const rows = [
      row("Ana", daysAgo(1)),
      row("Bob", daysAgo(40), 1),
      row("Cyd", null),
      row("Dan", daysAgo(40), 3),
    ];
    expect(rows.sort(bySilence).map((r) => r.name)).to.deep.equal(["Cyd", "Dan", "Bob", "Ana"]);
  });

  it("reads the last sign of life from traces, requests, contacts and replies", () => {
    expect(lastSignOfLife(activity({ lastTraceAt: null, lastContactAt: null }))).to.equal(null);
    expect(lastSignOfLife(activity({ lastRequestAt: daysAgo(0) }))?.getTime()).to.equal(NOW.getTime());
  });
});

describe("strictest thresholds", () => {
  it("takes the strictest of a learner's programmes, and the defaults without any", () => {
    expect(strictest([])).to.deep.equal(DEFAULT_THRESHOLDS);
    expect(
      strictest([
        { silentAfterWeeks: 4, requestWaitingDays: 10, unansweredDays: 7, contactEveryWeeks: null },
        { silentAfterWeeks: 6, requestWaitingDays: 5, unansweredDays: 14, contactEveryWeeks: 8 },
      ]),
    ).to.deep.equal({ silentAfterWeeks: 4, requestWaitingDays: 5, unansweredDays: 7, contactEveryWeeks: 8 });
  });
});

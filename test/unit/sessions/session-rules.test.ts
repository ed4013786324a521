// A session plan: refusals name their field; clashes name who is expected elsewhere.
import { expect } from "chai";
import { ValidationError } from "../../../src/errors.js";
import { checkedPlan, clashesOf, type SessionPlanInput } from "../../../src/domain/sessions/session-rules.js";

const NOW = new Date("2026-12-01T09:00:00Z");

function input(overrides: Partial<SessionPlanInput> = {}): SessionPlanInput {
  return {
    title: "Séance 1",
    date: "2026-12-10",
    time: "14:00",
    durationMinutes: 120,
    place: "Faculté, salle 2",
    videoUrl: "",
    agenda: "Prise de contact\nStages",
    ...overrides,
  };
}

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("checkedPlan", () => {
  it("turns the typed plan into instants of the programme's zone", () => {
    const plan = checkedPlan(input(), NOW, "Europe/Paris");
    expect(plan.startsAt.toISOString()).to.equal("2026-12-10T13:00:00.000Z");
    expect(plan.endsAt.toISOString()).to.equal("2026-12-10T15:00:00.000Z");
    expect(plan.agenda).to.deep.equal(["Prise de contact", "Stages"]);
    expect(plan.videoUrl).to.equal(null);
  });

  it("refuses a session in the past, on the date field", () => {
    expect(fieldsOf(() => checkedPlan(input({ date: "2026-11-30" }), NOW, "Europe/Paris"))).to.deep.equal({
      date: "IN_PAST",
    });
  });

  it("refuses a date that does not exist, a duration out of range, and no place nor link", () => {
    expect(
      fieldsOf(() =>
        checkedPlan(input({ date: "2026-02-31", durationMinutes: 5, place: " " }), NOW, "Europe/Paris"),
      ),
    ).to.deep.equal({ date: "DATE_INVALID", durationMinutes: "DURATION_RANGE", place: "PLACE_OR_LINK" });
  });

  it("accepts a video link instead of a place, and refuses what is not a web link", () => {
    const plan = checkedPlan(
      input({ place: "", videoUrl: "https://visio.example/abc" }),
      NOW,
      "Europe/Paris",
    );
    expect(plan.place).to.equal(null);
    expect(plan.videoUrl).to.equal("https://visio.example/abc");
    expect(
      fieldsOf(() => checkedPlan(input({ videoUrl: "javascript:alert(1)" }), NOW, "Europe/Paris")),
    ).to.deep.equal({
      videoUrl: "NOT_A_LINK",
    });
  });

  it("refuses an empty or over-long title", () => {
    expect(fieldsOf(() => checkedPlan(input({ title: "  " }), NOW, "Europe/Paris"))).to.deep.equal({
      title: "TITLE_REQUIRED",
    });
    expect(fieldsOf(() => checkedPlan(input({ title: "x".repeat(121) }), NOW, "Europe/Paris"))).to.deep.equal(
      {
        title: "TOO_LONG",
      },
    );
  });
});

describe("clashesOf", () => {
  const slot = (id: string, from: string, to: string, people: string[]) => ({
    id,
    title: id,
    startsAt: new Date(from),
    endsAt: new Date(to),
    people,
  });
  const plan = { startsAt: new Date("2026-12-10T13:00:00Z"), endsAt: new Date("2026-12-10T15:00:00Z") };

  it("finds each person expected at an overlapping session, once", () => {
    const busy = [
      slot("a", "2026-12-10T14:30:00Z", "2026-12-10T16:00:00Z", ["lea", "tutor-b"]),
      slot("b", "2026-12-10T12:00:00Z", "2026-12-10T13:30:00Z", ["lea", "max"]),
    ];
    const clashes = clashesOf(plan, ["tutor-a", "lea", "max", "zoe"], busy);
    expect(clashes.map((clash) => [clash.personId, clash.slot.id])).to.deep.equal([
      ["lea", "a"],
      ["max", "b"],
    ]);
  });

  it("lets sessions that only touch end to end pass, and ignores the session being changed", () => {
    const busy = [
      slot("before", "2026-12-10T11:00:00Z", "2026-12-10T13:00:00Z", ["lea"]),
      slot("self", "2026-12-10T13:00:00Z", "2026-12-10T15:00:00Z", ["lea"]),
    ];
    expect(clashesOf(plan, ["lea"], busy, "self")).to.deep.equal([]);
  });
});

// The roster on demand, through the simulated LMS's NRPS: a tutor added in the LMS is pickable at once
// — with the "refresh" button, or when the pickers open a minute later — not after the 15-minute sync.
import { expect } from "chai";
import { ManualClock } from "../../src/clock.js";
import { startLtiFixture, type LtiFixture } from "../support/lti-fixture.js";
import { postIn } from "../support/tutoring.js";
import { mainText, setupCourse, trainer, unique } from "../support/validation.js";

describe("e2e: the tutoring roster on demand", () => {
  let fixture: LtiFixture;
  const clock = new ManualClock(new Date("2026-10-05T08:00:00Z"));
  before(async () => {
    fixture = await startLtiFixture({ clock });
  });
  after(async () => {
    await fixture.close();
  });

  it("offers a tutor added in the LMS a moment ago, on refresh and when the pickers open", async () => {
    const course = await setupCourse(fixture, { leaves: 2 });
    const lead = await trainer(fixture, course, "Régine Responsable");
    const before = await lead.browser.get(`${lead.base}/tutoring`);
    expect(mainText(before)).not.to.contain("Nadia Nouvelle");

    // Added in the LMS as a Mentor; she has never opened Carnet.
    fixture.lms.addMember(course.context.id, {
      userId: unique("nadia"),
      roles: ["Mentor"],
      name: "Nadia Nouvelle",
    });
    const refreshed = await postIn(lead, "/tutoring/roster/refresh", {});
    expect(refreshed.status).to.equal(200);
    expect(refreshed.text).to.match(/<option value="[^"]+"[^>]*>Nadia Nouvelle<\/option>/);

    // A minute later, opening the pickers is enough.
    fixture.lms.addMember(course.context.id, {
      userId: unique("omar"),
      roles: ["Instructor"],
      name: "Omar Orateur",
    });
    clock.advance(61_000);
    const opened = await lead.browser.get(`${lead.base}/tutoring`);
    expect(opened.text).to.match(/<option value="[^"]+"[^>]*>Omar Orateur<\/option>/);
  });
});

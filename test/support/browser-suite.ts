// The set-up every browser suite shares: a Carnet with its simulated LMS and Debian's chromium, started
// before the suite's tests and closed after them (the browser first, then Carnet).
import type { Browser as Chromium } from "playwright-core";
import { launchChromium } from "./chromium.js";
import { startLtiFixture, type LtiFixture, type LtiFixtureOptions } from "./lti-fixture.js";

export interface ChromiumSuite {
  fixture: LtiFixture;
  chromium: Chromium;
}

/** Registers the suite's before/after hooks; `ready` receives what was started, before other hooks run. */
export function withChromium(ready: (started: ChromiumSuite) => void, options: LtiFixtureOptions = {}): void {
  let fixture: LtiFixture | undefined;
  let chromium: Chromium | undefined;
  before(async () => {
    fixture = await startLtiFixture(options);
    chromium = await launchChromium();
    ready({ fixture, chromium });
  });
  after(async () => {
    await chromium?.close();
    await fixture?.close();
  });
}

// A chromium page whose clicks, key presses and main-frame loads are counted, as a person's effort is:
// the browser tests of the validation forms assert their budget of clicks and page loads.
import type { Locator, Page } from "playwright-core";

/** A page whose clicks, key presses and main-frame loads are counted, as a person's effort is. */
export class CountedPage {
  clicks = 0;
  keys = 0;
  loads = 0;
  constructor(readonly page: Page) {
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) this.loads++;
    });
  }
  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }
  async press(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }
}

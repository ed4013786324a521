// Layout and labelling checks the browser tests run on a page: horizontal scrolling at phone width,
// and form controls that a screen reader would announce without a name.
import type { Page } from "playwright-core";

/** How many pixels the page scrolls sideways (0 when it fits the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The visible form controls with neither a `<label for>` nor an `aria-label`, as HTML excerpts. */
export async function unlabeledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
      .filter((element) => {
        const id = element.getAttribute("id");
        return !(id && document.querySelector(`label[for="${id}"]`)) && !element.getAttribute("aria-label");
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

// Debian's chromium driven by playwright-core (never a downloaded browser), for browser tests and
// screenshots. A launch done by the scripted Browser is handed over through its cookies.
import { mkdirSync } from "node:fs";
import { chromium, type Browser as Chromium, type BrowserContext, type Page } from "playwright-core";
import type { Browser } from "./sim-lms/index.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = "test-output";

export function launchChromium(): Promise<Chromium> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** A chromium context that carries the scripted browser's cookies (session of a launch done over HTTP). */
export async function contextFrom(
  chromiumBrowser: Chromium,
  scripted: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const context = await chromiumBrowser.newContext({ viewport, locale: "fr-FR" });
  await context.addCookies(
    scripted.cookies().map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      domain: cookie.domain,
      path: cookie.path,
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      sameSite: "Lax" as const,
    })),
  );
  return context;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

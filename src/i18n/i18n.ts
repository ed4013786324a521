// French first, English too: every user-facing string comes from the catalogs in ./locales.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths.js";
import i18next, { type i18n as I18nInstance, type TOptions } from "i18next";

export const SUPPORTED_LOCALES = ["fr", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

export type Translate = (key: string, params?: Record<string, unknown>) => string;

const localesDir = paths.locales;

type Catalog = Record<string, Record<string, unknown>>;

export function loadCatalogs(): Record<Locale, Catalog> {
  const catalogs = { fr: {}, en: {} } as Record<Locale, Catalog>;
  for (const locale of SUPPORTED_LOCALES) {
    const dir = path.join(localesDir, locale);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) {
      const namespace = file.slice(0, -".json".length);
      catalogs[locale][namespace] = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<
        string,
        unknown
      >;
    }
  }
  return catalogs;
}

let instance: I18nInstance | undefined;

function i18n(): I18nInstance {
  if (instance) return instance;
  const catalogs = loadCatalogs();
  const created = i18next.createInstance();
  void created.init({
    initImmediate: false,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: Object.keys(catalogs.fr),
    defaultNS: "common",
    fallbackNS: "common",
    resources: catalogs,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
}

export function translator(locale: Locale): Translate {
  const fixed = i18n().getFixedT(locale);
  return (key, params) => fixed(key, params as TOptions);
}

export function hasTranslation(locale: Locale, key: string): boolean {
  return i18n().exists(key, { lng: locale, fallbackLng: [] });
}

/** Normalises "fr-FR", "en_GB", "en" to a supported locale, or undefined. */
export function toSupportedLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  const base = value.trim().toLowerCase().replace("_", "-").split("-")[0];
  return SUPPORTED_LOCALES.find((locale) => locale === base);
}

/** The LTI launch's locale wins; then Accept-Language in the browser's order; then French. */
export function pickLocale(launchLocale: string | undefined, acceptLanguage: string | undefined): Locale {
  const fromLaunch = toSupportedLocale(launchLocale);
  if (fromLaunch) return fromLaunch;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part) => {
        const [tag, ...params] = part.trim().split(";");
        const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
        return { tag: tag ?? "", q: q ? Number(q) : 1 };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const entry of ranked) {
      const locale = toSupportedLocale(entry.tag);
      if (locale) return locale;
    }
  }
  return DEFAULT_LOCALE;
}

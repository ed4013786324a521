import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { hasTranslation, loadCatalogs, pickLocale } from "../../src/i18n/i18n.js";

function flatten(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key));
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, extension);
    return full.endsWith(extension) ? [full] : [];
  });
}

describe("i18n", () => {
  it("has the same keys in French and English", () => {
    const catalogs = loadCatalogs();
    for (const namespace of Object.keys(catalogs.fr)) {
      const fr = flatten(catalogs.fr[namespace]).sort();
      const en = flatten(catalogs.en[namespace]).sort();
      expect(en, `namespace ${namespace}`).to.deep.equal(fr);
    }
    expect(Object.keys(catalogs.en).sort()).to.deep.equal(Object.keys(catalogs.fr).sort());
  });

  it("has every key the views use, in both languages", () => {
    const missing: string[] = [];
    for (const file of filesUnder("views", ".hbs")) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\{\{t "([^"]+)"/g)) {
        const key = match[1] ?? "";
        for (const locale of ["fr", "en"] as const) {
          if (!hasTranslation(locale, key)) missing.push(`${locale} ${key} (${file})`);
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it("has every key the code asks for with a literal, in both languages", () => {
    const missing: string[] = [];
    for (const file of filesUnder("src", ".ts")) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\("([\w:.-]+)"/g)) {
        const key = match[1] ?? "";
        for (const locale of ["fr", "en"] as const) {
          if (!hasTranslation(locale, key)) missing.push(`${locale} ${key} (${file})`);
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });

  describe("pickLocale", () => {
    it("prefers the launch's locale", () => {
      expect(pickLocale("en-GB", "fr-FR,fr;q=0.9")).to.equal("en");
      expect(pickLocale("fr_CA", "en")).to.equal("fr");
    });
    it("falls back to Accept-Language, by quality", () => {
      expect(pickLocale(undefined, "de-DE,en;q=0.8,fr;q=0.5")).to.equal("en");
      expect(pickLocale("es", "es,fr;q=0.1")).to.equal("fr");
    });
    it("defaults to French", () => {
      expect(pickLocale(undefined, undefined)).to.equal("fr");
      expect(pickLocale("de", "de")).to.equal("fr");
    });
  });
});

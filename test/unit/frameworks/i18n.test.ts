import { expect } from "chai";
import { z } from "zod";
import { PROBLEM_CODES } from "../../../src/domain/frameworks/problems.js";
import { readRepoFile } from "./build.js";

type Tree = string | { [key: string]: Tree };
const TreeSchema: z.ZodType<Tree> = z.lazy(() => z.union([z.string(), z.record(TreeSchema)]));
const CatalogSchema = z.object({ problems: z.record(z.string()) }).passthrough();

function catalog(locale: "fr" | "en"): Record<string, Tree> {
  const parsed: unknown = JSON.parse(readRepoFile(`src/i18n/locales/${locale}/frameworks.json`));
  CatalogSchema.parse(parsed);
  return z.record(TreeSchema).parse(parsed);
}

/** Every message of a catalog, by dotted key. */
function messages(tree: Tree, prefix = ""): Map<string, string> {
  if (typeof tree === "string") return new Map([[prefix, tree]]);
  return new Map(
    Object.entries(tree).flatMap(([key, child]) => [
      ...messages(child, prefix === "" ? key : `${prefix}.${key}`),
    ]),
  );
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? "").sort();
}

describe("frameworks i18n catalogs", () => {
  const fr = messages(catalog("fr"));
  const en = messages(catalog("en"));

  it("have a French and an English message for every problem code, and no other", () => {
    const problemKeys = (all: Map<string, string>): string[] =>
      [...all.keys()].filter((key) => key.startsWith("problems.")).sort();
    const expected = PROBLEM_CODES.map((code) => `problems.${code}`).sort();
    expect(problemKeys(fr)).to.deep.equal(expected);
    expect(problemKeys(en)).to.deep.equal(expected);
  });

  it("have the same keys and the same placeholders in both languages", () => {
    expect([...en.keys()].sort()).to.deep.equal([...fr.keys()].sort());
    for (const [key, message] of fr) {
      expect(placeholders(en.get(key) ?? ""), key).to.deep.equal(placeholders(message));
    }
  });

  it("write problems as sentences, to be shown after « Ligne n : »", () => {
    for (const [key, message] of [...fr, ...en]) {
      if (!key.startsWith("problems.")) continue;
      expect(message, key).to.match(/^[A-ZÀ-Ý«“]/u);
      expect(message, key).to.match(/[.?]$/);
    }
  });
});

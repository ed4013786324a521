// A framework's content fingerprint: the same definition gives the same hash whatever its version
// label or key order, so importing a file twice is recognised and stores no second copy.
import { createHash } from "node:crypto";
import type { FrameworkDefinition } from "./framework.js";

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${stableStringify(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 of everything but the version label: a file re-imported under another version number is
 * still the same framework (the learner who saw "four frameworks, two identical" saw exactly that).
 */
export function contentHash(definition: FrameworkDefinition): string {
  const { version: _version, ...content } = definition;
  return createHash("sha256").update(stableStringify(content)).digest("hex");
}

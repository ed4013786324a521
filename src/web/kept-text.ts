// What a trace form held, as one text to copy: shown on the 401 page when the session ran out while
// someone was writing, so that nothing typed is lost even when it cannot be saved.
import { BUILT_IN_TRACE_TYPES, localize } from "../domain/portfolio/trace-types.js";
import type { TraceInput } from "../domain/portfolio/writing.js";

/** The section keys a trace form sent (`body_<key>` fields), in the order they came. */
export function sectionKeysOf(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(fields)
    .filter((name) => name.startsWith("body_"))
    .map((name) => name.slice("body_".length));
}

/**
 * The title and each written section under its heading (a built-in type's section title, else its key),
 * as plain text; empty when nothing was written.
 */
export function keptTextOf(input: TraceInput, typeKey: string, locale: string): string {
  const type = BUILT_IN_TRACE_TYPES.find((candidate) => candidate.key === typeKey);
  const headingOf = (key: string): string => {
    const section = type?.sections.find((candidate) => candidate.key === key);
    return section ? localize(section.title, locale) : key;
  };
  const parts = input.sections
    .filter((section) => section.body.trim() !== "")
    .map((section) => `## ${headingOf(section.key)}\n\n${section.body.trim()}`);
  if (parts.length === 0 && input.title.trim() === "") return "";
  return [input.title.trim(), ...parts].filter((part) => part !== "").join("\n\n");
}

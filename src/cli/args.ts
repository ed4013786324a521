// A thin layer over node:util parseArgs: repeated options, flags and a usage error type.
import { parseArgs } from "node:util";

export class CliUsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  option(name: string): string | undefined;
  options(name: string): string[];
  flag(name: string): boolean;
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  const { values, positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const raw = values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const all = (name: string): (string | boolean)[] => {
    const value = raw[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  // parseArgs with strict:false keeps only the last of repeated options: collect them ourselves.
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) continue;
    const next = argv[i + 1];
    const value = match[2] ?? (next !== undefined && !next.startsWith("--") ? next : undefined);
    if (value === undefined) continue;
    repeated.set(match[1], [...(repeated.get(match[1]) ?? []), value]);
    if (match[2] === undefined) i++;
  }
  return {
    positionals: positionals.filter((p) => !Object.values(raw).includes(p)),
    option: (name) => repeated.get(name)?.at(-1) ?? all(name).find((v): v is string => typeof v === "string"),
    options: (name) => repeated.get(name) ?? [],
    flag: (name) => all(name).some((v) => v === true || v === "true"),
  };
}

/** A listing as the operator asked for it: the records as JSON (`--json`), or a table of them. */
export function printListing(json: boolean, records: unknown, headers: string[], rows: string[][]): void {
  if (json) console.log(JSON.stringify(records, null, 2));
  else printTable(headers, rows);
}

export function printTable(headers: string[], rows: string[][]): void {
  if (rows.length === 0) {
    console.log("(none)");
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

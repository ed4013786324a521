// Parsing of the validation area's HTML forms (urlencoded, repeated names allowed): zod at the edge,
// then typed accessors so routes never touch an untyped body.
import { z } from "zod";
import { invalid } from "../../domain/validation/service.js";

const FormBody = z.record(z.union([z.string(), z.array(z.string())]));

export class Form {
  private readonly body: Record<string, string | string[]>;

  constructor(raw: unknown) {
    const parsed = FormBody.safeParse(raw ?? {});
    if (!parsed.success) throw invalid({ form: "UNREADABLE" });
    this.body = parsed.data;
  }

  /** The field's value, trimmed ("" when absent; the last one when repeated). */
  text(name: string, max = 4000): string {
    const value = this.body[name];
    const text = (Array.isArray(value) ? (value.at(-1) ?? "") : (value ?? "")).trim();
    if (text.length > max) throw invalid({ [name]: "TOO_LONG" });
    return text;
  }

  optional(name: string, max = 200): string | undefined {
    const value = this.text(name, max);
    return value === "" ? undefined : value;
  }

  all(name: string): string[] {
    const value = this.body[name];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.map((v) => v.trim()).filter((v) => v !== "");
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.text(name, 20);
    if (value === "") return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) throw invalid({ [name]: "OUT_OF_RANGE" });
    return number;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value = this.text(name, 100);
    const found = allowed.find((candidate) => candidate === value);
    if (found) return found;
    if (fallback !== undefined && value === "") return fallback;
    throw invalid({ [name]: "INVALID_CHOICE" });
  }
}

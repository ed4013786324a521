// Parsing of the validation area's HTML forms (urlencoded, repeated names allowed): zod at the edge,
// then typed accessors so routes never touch an untyped body.
import { z } from "zod";
import { CHANNELS, type Channel } from "../../domain/validation/states.js";
import { CONTACT_CHANNELS, type ContactChannel } from "../../persistence/models/validation-models.js";
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

export function channel(value: string): Channel {
  const found = CHANNELS.find((candidate) => candidate === value);
  if (!found) throw invalid({ channel: "INVALID_CHOICE" });
  return found;
}

export function contactChannel(value: string): ContactChannel {
  const found = CONTACT_CHANNELS.find((candidate) => candidate === value);
  if (!found) throw invalid({ channel: "INVALID_CHOICE" });
  return found;
}

/** A YYYY-MM-DD day, stored at noon UTC so no time zone moves it to another day. */
export function parseDay(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid({ date: "INVALID_DATE" });
  const date = new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) throw invalid({ date: "INVALID_DATE" });
  return date;
}

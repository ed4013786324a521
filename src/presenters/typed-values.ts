// What a refused form said, field by field, for presenters that show it again instead of the saved values.
import type { Locale, Translate } from "../i18n/i18n.js";

/** A form's values as typed (repeated fields as arrays), as route() hands them back. */
export type TypedValues = Readonly<Record<string, string | string[]>>;

/** One field's value as typed (the last one of a repeated field); undefined when it was not sent. */
export function typedValue(values: TypedValues | undefined, name: string): string | undefined {
  const value = values?.[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** The refused form of a page that has several: which one, and what was typed in it. */
export interface TypedForm<Form extends string> {
  form: Form;
  values: TypedValues;
}

/** A field's value as typed in `form`, when that form is the refused one; undefined otherwise. */
export function typedInForm<Form extends string>(
  typed: TypedForm<Form> | undefined,
  form: Form,
  name: string,
): string | undefined {
  return typed?.form === form ? typedValue(typed.values, name) : undefined;
}

/** What a page with a form is presented with: language, the launch's base, and a refused form's input. */
export interface FormPageView {
  t: Translate;
  locale: Locale;
  base: string;
  /** A refused form: what was typed and a message per field. */
  values?: TypedValues;
  errors?: Record<string, string>;
}

// The one place text from people is cleaned on its way in: control characters and bidirectional
// overrides are dropped from every form field, so no title, name or comment can hide or reorder text.

// C0 controls but tab, line feed and carriage return (long text keeps its lines and tabs); DEL and
// the C1 block; bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which turn
// "txt.exe" into "exe.txt" on screen; interlinear annotation marks; a stray byte-order mark.
const UNWANTED =
  // eslint-disable-next-line no-control-regex -- matching control characters is this regex's job
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFF9-\uFFFB\uFEFF]/g;

/** The text as typed, without invisible control or bidi-override characters. */
export function cleanText(value: string): string {
  return value.replace(UNWANTED, "");
}

type FormValue = string | FormValue[] | { [key: string]: FormValue } | undefined;

/** Cleans every string of a parsed form body (flat or nested), in place, and returns it. */
export function cleanFormBody<T>(body: T): T {
  clean(body as FormValue);
  return body;
}

function clean(value: FormValue): FormValue {
  if (typeof value === "string") return cleanText(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = clean(value[index]);
    return value;
  }
  if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) value[key] = clean(value[key]);
  }
  return value;
}

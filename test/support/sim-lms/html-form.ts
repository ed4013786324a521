/**
 * A deliberately tiny HTML reader: enough to find forms, their fields and links in pages produced by
 * the LMS (Moodle's auto-submit forms) and by the tool. It is regex based, handles quoted/unquoted
 * attributes and character references, and ignores everything else. No dependency.
 */

export interface FormField {
  name: string;
  value: string;
  type: string;
}

export interface HtmlForm {
  action: string;
  method: "GET" | "POST";
  enctype: string;
  id: string | undefined;
  name: string | undefined;
  target: string | undefined;
  /** Successful controls in document order (duplicates kept), as a browser would submit them. */
  entries: [string, string][];
  /** Same controls as a record (last value wins for repeated names). */
  fields: Record<string, string>;
  /** Every named control, including submit buttons and unchecked boxes. */
  controls: FormField[];
}

export interface AutoSubmitForm {
  action: string;
  method: "GET" | "POST";
  fields: Record<string, string>;
}

export interface HtmlLink {
  href: string;
  text: string;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Attributes of one start tag's inner text (`<input a="1" b>` → { a: "1", b: "" }), names lower-cased. */
export function parseAttributes(tagText: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const match of tagText.matchAll(pattern)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!(name in attributes)) attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attributes;
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

function withoutComments(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, "");
}

function parseControls(formHtml: string): FormField[] {
  const controls: FormField[] = [];
  const pattern =
    /<input\b([^>]*)>|<button\b([^>]*)>[\s\S]*?<\/button>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/gi;
  for (const match of formHtml.matchAll(pattern)) {
    if (match[1] !== undefined) {
      const a = parseAttributes(match[1]);
      if (a.name === undefined) continue;
      const type = (a.type ?? "text").toLowerCase();
      const value = a.value ?? (type === "checkbox" || type === "radio" ? "on" : "");
      const checked = "checked" in a;
      if ((type === "checkbox" || type === "radio") && !checked) {
        controls.push({ name: a.name, value, type: `${type}:unchecked` });
      } else {
        controls.push({ name: a.name, value, type });
      }
    } else if (match[2] !== undefined) {
      const a = parseAttributes(match[2]);
      if (a.name !== undefined) controls.push({ name: a.name, value: a.value ?? "", type: "button" });
    } else if (match[3] !== undefined) {
      const a = parseAttributes(match[3]);
      if (a.name !== undefined) {
        controls.push({ name: a.name, value: decodeEntities(match[4] ?? ""), type: "textarea" });
      }
    } else if (match[5] !== undefined) {
      const a = parseAttributes(match[5]);
      if (a.name === undefined) continue;
      const options = [...(match[6] ?? "").matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((option) => {
        const oa = parseAttributes(option[1] ?? "");
        return { value: oa.value ?? decodeEntities(option[2] ?? "").trim(), selected: "selected" in oa };
      });
      const chosen = options.find((option) => option.selected) ?? options[0];
      if (chosen) controls.push({ name: a.name, value: chosen.value, type: "select" });
    }
  }
  return controls;
}

/** Controls a browser would send when the form is submitted without clicking a named button. */
function successful(controls: FormField[]): FormField[] {
  const skipped = new Set(["submit", "button", "reset", "image", "file"]);
  return controls.filter((control) => !skipped.has(control.type) && !control.type.endsWith(":unchecked"));
}

/** All forms of a page. `action` is returned as written (resolve it against the page URL yourself). */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of withoutComments(html).matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = parseAttributes(match[1] ?? "");
    const controls = parseControls(match[2] ?? "");
    const entries = successful(controls).map((control): [string, string] => [control.name, control.value]);
    forms.push({
      action: a.action ?? "",
      method: (a.method ?? "get").toUpperCase() === "POST" ? "POST" : "GET",
      enctype: a.enctype ?? "application/x-www-form-urlencoded",
      id: a.id,
      name: a.name,
      target: a.target,
      entries,
      fields: Object.fromEntries(entries),
      controls,
    });
  }
  return forms;
}

/**
 * The form a page submits on load, as Moodle's auth.php does (`document.ltiAuthForm.submit()`) and as
 * a tool's deep-linking return page does. Picks the form named by a `.submit()` call when there is one,
 * else the only form on the page. Throws when there is none.
 */
export function parseAutoSubmitForm(html: string): AutoSubmitForm {
  const forms = parseForms(html);
  const submitted = [
    ...html.matchAll(/(?:document\.(?:forms\.)?|getElementById\(\s*["'])([\w-]+)["')\]]*\.submit\(\)/g),
  ].map((match) => match[1]);
  const form =
    forms.find((candidate) => submitted.some((name) => name === candidate.name || name === candidate.id)) ??
    (forms.length === 1 ? forms[0] : undefined);
  if (!form) throw new Error(`no auto-submit form in page (${forms.length} forms): ${html.slice(0, 200)}`);
  return { action: form.action, method: form.method, fields: form.fields };
}

export function findLinks(html: string): HtmlLink[] {
  return [...withoutComments(html).matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].flatMap((match) => {
    const href = parseAttributes(match[1] ?? "").href;
    return href === undefined ? [] : [{ href, text: stripTags(match[2] ?? "") }];
  });
}

/** The text content of the first `<title>`, or undefined. */
export function pageTitle(html: string): string | undefined {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return match ? stripTags(match[1] ?? "") : undefined;
}

/**
 * The page Moodle's mod/lti/auth.php prints: a bare form with hidden inputs and a script submitting it.
 * Moodle sends exactly this snippet (no <html> wrapper); browsers render it fine.
 */
export function renderAutoSubmitForm(
  action: string,
  fields: Record<string, string>,
  formName = "ltiAuthForm",
): string {
  const inputs = Object.entries(fields)
    .map(
      ([name, value]) => `  <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>\n`,
    )
    .join("");
  return (
    `<form action="${escapeHtml(action)}" name="${formName}" id="${formName}" method="post" ` +
    `enctype="application/x-www-form-urlencoded">\n${inputs}</form>\n` +
    `<script type="text/javascript">\n//<![CDATA[\ndocument.${formName}.submit();\n//]]>\n</script>\n`
  );
}

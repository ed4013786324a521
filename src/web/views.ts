// Handlebars wiring: layouts, partials and the few helpers the views need (translation, dates, tests).
import path from "node:path";
import type { Express } from "express";
import { create, type ExpressHandlebars } from "express-handlebars";
import type { HelperOptions } from "handlebars";
import { dateTimeFormat } from "../i18n/format.js";
import { escapeHtml, htmlOf, isSafeHtml } from "../presenters/html.js";
import { paths } from "../paths.js";

export const viewsDir = paths.views;

interface RootData {
  t?: (key: string, params?: Record<string, unknown>) => string;
  locale?: string;
}

function root(options: HelperOptions): RootData {
  const data = options.data as { root?: RootData } | undefined;
  return data?.root ?? {};
}

export function createViewEngine(): ExpressHandlebars {
  return create({
    extname: ".hbs",
    layoutsDir: path.join(viewsDir, "layouts"),
    partialsDir: path.join(viewsDir, "partials"),
    defaultLayout: "main",
    helpers: {
      /** {{t "ns:key" name=value}} — every visible string goes through the catalogs. */
      t(key: string, options: HelperOptions): string {
        const translate = root(options).t;
        return translate ? translate(key, options.hash as Record<string, unknown>) : key;
      },
      /**
       * {{safe x}} — prints a presenter's SafeHtml (escaped text or sanitized markup) as is. Anything
       * else is escaped like {{x}}: a plain string never becomes markup by passing through here.
       */
      safe(value: unknown): { toHTML(): string } {
        // Handlebars prints an object with toHTML() as is (its SafeString is duck-typed).
        const html = isSafeHtml(value) ? htmlOf(value) : typeof value === "string" ? escapeHtml(value) : "";
        return { toHTML: () => html };
      },
      eq: (a: unknown, b: unknown): boolean => a === b,
      not: (a: unknown): boolean => !a,
      or: (...args: unknown[]): boolean => args.slice(0, -1).some(Boolean),
      and: (...args: unknown[]): boolean => args.slice(0, -1).every(Boolean),
      gt: (a: unknown, b: unknown): boolean => Number(a) > Number(b),
      /** Number of entries of an array or an object (a form's field errors). */
      count: (value: unknown): number =>
        Array.isArray(value)
          ? value.length
          : value && typeof value === "object"
            ? Object.keys(value).length
            : 0,
      /** Localized date, e.g. "23 nov. 2026". */
      date(value: unknown, options: HelperOptions): string {
        if (!(value instanceof Date) && typeof value !== "string" && typeof value !== "number") return "";
        const date = new Date(value);
        if (Number.isNaN(date.getTime())) return "";
        return dateTimeFormat(root(options).locale ?? "fr", { dateStyle: "medium" }).format(date);
      },
      isoDate(value: unknown): string {
        if (!(value instanceof Date) && typeof value !== "string" && typeof value !== "number") return "";
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? "" : date.toISOString();
      },
      percent(part: unknown, whole: unknown): number {
        const p = Number(part);
        const w = Number(whole);
        return w > 0 ? Math.round((p / w) * 100) : 0;
      },
    },
  });
}

export function installViews(app: Express): void {
  const engine = createViewEngine();
  // The engine reports through the callback and also returns a promise that resolves after it.
  app.engine(".hbs", (file, options, callback) => {
    void engine.engine(file, options, callback);
  });
  app.set("view engine", ".hbs");
  app.set("views", viewsDir);
}

// Markdown written by learners and tutors, rendered to HTML that can never carry a script: markdown-it
// turns it into HTML in time linear in the text (hostile delimiter runs included), then sanitize-html
// keeps a strict allowlist of tags, attributes and URL schemes.
import { escapeHtml } from "../text/html-escape.js";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * HTML that went through the sanitizer or was built from escaped text. Handlebars prints the result
 * of `toHTML()` as is (duck-typed SafeString), so views use `{{value}}`, never `{{{ }}}`.
 */
export class SafeHtml {
  private constructor(private readonly html: string) {}

  /** Only this module creates SafeHtml: from sanitized output or escaped text. */
  static fromSanitized(html: string): SafeHtml {
    return new SafeHtml(sanitizeHtml(html, SANITIZE_OPTIONS));
  }

  /**
   * The output of renderMarkdownHtml() coming back from a worker thread: sanitized there by this
   * same module. Only the Markdown renderer calls this.
   */
  static fromRenderedMarkdown(html: string): SafeHtml {
    return new SafeHtml(html);
  }

  static fromText(text: string): SafeHtml {
    return new SafeHtml(escapeHtml(text));
  }

  /** Joins already-safe fragments. */
  static join(parts: readonly SafeHtml[], separator = ""): SafeHtml {
    return new SafeHtml(parts.map((part) => part.html).join(escapeHtml(separator)));
  }

  /** Wraps safe content in an element without attributes, from a fixed list. */
  static wrap(tag: "ins" | "del" | "span" | "p", content: SafeHtml): SafeHtml {
    return new SafeHtml(`<${tag}>${content.html}</${tag}>`);
  }

  toHTML(): string {
    return this.html;
  }

  toString(): string {
    return this.html;
  }
}

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

const HEADING_SHIFT: Record<string, string> = { h1: "h3", h2: "h4", h3: "h5", h4: "h6", h5: "h6", h6: "h6" };

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "del",
    "s",
    "ins",
    "sup",
    "sub",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
  ],
  allowedAttributes: { a: ["href", "title", "rel", "target"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  // Their content is dropped with them, not shown as text.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "template",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "head",
    "select",
    "button",
  ],
  disallowedTagsMode: "discard",
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    ...Object.fromEntries(
      Object.entries(HEADING_SHIFT).map(([from, to]) => [
        from,
        (_tag: string, attribs: sanitizeHtml.Attributes) => ({ tagName: to, attribs: { ...attribs } }),
      ]),
    ),
    // Links open outside the LMS frame and tell the target nothing; only absolute web and mail links.
    a: (_tag, attribs) => {
      const href = (attribs.href ?? "").trim();
      const safe: sanitizeHtml.Attributes = {};
      if (SAFE_HREF.test(href)) {
        safe.href = href;
        safe.rel = "noopener noreferrer nofollow";
        safe.target = "_blank";
      }
      if (attribs.title) safe.title = attribs.title;
      return { tagName: "a", attribs: safe };
    },
    // Images would load from anywhere (tracking who reads): they become links to their address.
    img: (_tag, attribs): sanitizeHtml.Tag => {
      const src = (attribs.src ?? "").trim();
      const label = attribs.alt?.trim() || src;
      return SAFE_HREF.test(src)
        ? {
            tagName: "a",
            attribs: { href: src, rel: "noopener noreferrer nofollow", target: "_blank" },
            text: label,
          }
        : { tagName: "span", attribs: {}, text: attribs.alt ?? "" };
    },
  },
};

// GitHub-flavoured as before: tables, strikethrough, bare links, line breaks kept. Raw HTML is passed
// on to the sanitizer (which keeps only its allowlist); nesting is capped by markdown-it (maxNesting).
const markdown = new MarkdownIt({ html: true, breaks: true, linkify: true, typographer: false });

/** Sanitized HTML of a learner's or tutor's Markdown, as a string (what a worker thread returns). */
export function renderMarkdownHtml(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE_OPTIONS);
}

/** The HTML of the Markdown sources a page shows, rendered beforehand (src/workers/markdown-renderer.ts). */
export interface RenderedMarkdown {
  html(source: string): SafeHtml;
}

/** Renders a learner's or tutor's Markdown to sanitized HTML. */
export function renderMarkdown(source: string): SafeHtml {
  return SafeHtml.fromRenderedMarkdown(renderMarkdownHtml(source));
}

/** Plain text of a Markdown source, for excerpts in lists. */
export function markdownExcerpt(source: string, length = 160): string {
  const plain = sanitizeHtml(markdown.render(source), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > length ? `${plain.slice(0, length - 1).trimEnd()}…` : plain;
}

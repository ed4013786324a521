// Markdown rendered once per text and kept: each distinct source (a revision's section, a comment) is
// rendered and sanitized one time, in a worker thread when it is long, then served from memory.
import { createHash } from "node:crypto";
import { renderMarkdown, SafeHtml, type RenderedMarkdown } from "../domain/portfolio/markdown.js";

/** Rendering this much inline costs under a few milliseconds (the renderer is linear). */
const INLINE_CHARACTERS = 8_000;
/** Memory kept for rendered HTML, counted in characters of HTML. */
const CACHE_CHARACTERS = 32 * 1024 * 1024;

function keyOf(source: string): string {
  return createHash("sha256").update(source).digest("base64url");
}

export class MarkdownRenderer {
  private readonly cache = new Map<string, SafeHtml>();
  private cachedCharacters = 0;

  /** `renderElsewhere` renders sources off the event loop (a worker pool's "markdown" task). */
  constructor(private readonly renderElsewhere: ((sources: string[]) => Promise<string[]>) | null) {}

  /** Renders what is not cached yet (long texts off the event loop) and answers every source. */
  async render(sources: Iterable<string>): Promise<RenderedMarkdown> {
    const found = new Map<string, SafeHtml>();
    const missing = new Map<string, string>();
    for (const source of sources) {
      const key = keyOf(source);
      const hit = this.cache.get(key);
      if (hit) {
        // Most recently used last: the Map's order is the eviction order.
        this.cache.delete(key);
        this.cache.set(key, hit);
        found.set(source, hit);
      } else {
        missing.set(key, source);
      }
    }
    const pending = [...missing.values()];
    const length = pending.reduce((sum, source) => sum + source.length, 0);
    const rendered =
      this.renderElsewhere && length > INLINE_CHARACTERS
        ? (await this.renderElsewhere(pending)).map((html) => SafeHtml.fromRenderedMarkdown(html))
        : pending.map((source) => renderMarkdown(source));
    pending.forEach((source, index) => {
      const html = rendered[index] ?? renderMarkdown(source);
      found.set(source, html);
      this.remember(keyOf(source), html);
    });
    return { html: (source) => found.get(source) ?? renderMarkdown(source) };
  }

  private remember(key: string, html: SafeHtml): void {
    const size = html.toHTML().length;
    if (size > CACHE_CHARACTERS / 8) return;
    this.cache.set(key, html);
    this.cachedCharacters += size;
    for (const [oldest, value] of this.cache) {
      if (this.cachedCharacters <= CACHE_CHARACTERS) break;
      this.cache.delete(oldest);
      this.cachedCharacters -= value.toHTML().length;
    }
  }
}

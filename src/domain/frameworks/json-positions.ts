// A small JSON parser that remembers where each value sits in the text, so problems found later
// (by zod or by the semantic checks) can be reported by line. It also refuses duplicate keys,
// which JSON.parse would silently resolve by keeping the last one.
import type { ValuePath } from "./validate.js";

export interface TextPosition {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  character: number;
}

export type JsonSyntaxCode = "JSON_UNEXPECTED_END" | "JSON_UNEXPECTED_CHARACTER" | "JSON_TOO_DEEP";

export interface DuplicateKey {
  path: ValuePath;
  key: string;
  position: TextPosition;
  firstPosition: TextPosition;
}

export type JsonParseResult =
  | {
      ok: true;
      value: unknown;
      /** Where the value at `path` starts (for an object member: where its key starts). */
      positionOf: (path: ValuePath) => TextPosition | undefined;
      duplicateKeys: DuplicateKey[];
    }
  | { ok: false; code: JsonSyntaxCode; position: TextPosition; found?: string };

const MAX_DEPTH = 256;

class JsonSyntaxError extends Error {
  constructor(
    readonly code: JsonSyntaxCode,
    readonly index: number,
  ) {
    super(code);
  }
}

function pathKey(path: ValuePath): string {
  return JSON.stringify(path);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;

/** Turns offsets into lines and characters; the byte-order mark skipped still counts on line 1. */
function positionFinder(text: string, offset: number): (index: number) => TextPosition {
  const lineStarts = computeLineStarts(text);
  return (index) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, character: index - (lineStarts[low] ?? 0) + 1 + (low === 0 ? offset : 0) };
  };
}

/** One pass over the text: values, where each starts, and the keys given twice. */
class PositionedJsonReader {
  readonly positions = new Map<string, number>();
  readonly duplicateKeys: DuplicateKey[] = [];
  i = 0;

  constructor(
    readonly text: string,
    private readonly toPosition: (index: number) => TextPosition,
  ) {}

  skipWhitespace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.i += 1;
      else break;
    }
  }

  fail(at: number): never {
    throw new JsonSyntaxError(
      at >= this.text.length ? "JSON_UNEXPECTED_END" : "JSON_UNEXPECTED_CHARACTER",
      at,
    );
  }

  private expect(char: string): void {
    if (this.text[this.i] !== char) this.fail(this.i);
    this.i += 1;
  }

  /** After a member or an element: true when a comma announces another one, else the closing bracket. */
  private another(closing: string): boolean {
    this.skipWhitespace();
    if (this.text[this.i] === ",") {
      this.i += 1;
      return true;
    }
    this.expect(closing);
    return false;
  }

  /** An empty object or array: its closing bracket right after the opening one. */
  private opens(opening: string, closing: string): boolean {
    this.expect(opening);
    this.skipWhitespace();
    if (this.text[this.i] !== closing) return true;
    this.i += 1;
    return false;
  }

  parseValue(path: ValuePath, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError("JSON_TOO_DEEP", this.i);
    this.skipWhitespace();
    if (!this.positions.has(pathKey(path))) this.positions.set(pathKey(path), this.i);
    const c = this.text[this.i];
    if (c === "{") return this.parseObject(path, depth);
    if (c === "[") return this.parseArray(path, depth);
    if (c === '"') return this.parseString();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.parseNumber();
    for (const [literal, value] of LITERALS) {
      if (this.text.startsWith(literal, this.i)) {
        this.i += literal.length;
        return value;
      }
    }
    return this.fail(this.i);
  }

  private parseObject(path: ValuePath, depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const keyIndex = new Map<string, number>();
    if (!this.opens("{", "}")) return result;
    do {
      this.skipWhitespace();
      const keyStart = this.i;
      if (this.text[this.i] !== '"') this.fail(this.i);
      const key = this.parseString();
      const memberPath = [...path, key];
      const firstIndex = keyIndex.get(key);
      if (firstIndex !== undefined) {
        const position = this.toPosition(keyStart);
        this.duplicateKeys.push({
          path: memberPath,
          key,
          position,
          firstPosition: this.toPosition(firstIndex),
        });
      } else {
        keyIndex.set(key, keyStart);
        this.positions.set(pathKey(memberPath), keyStart);
      }
      this.skipWhitespace();
      this.expect(":");
      const value = this.parseValue(memberPath, depth + 1);
      // defineProperty: a "__proto__" key stays an ordinary (and, for the schema, unknown) field.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    } while (this.another("}"));
    return result;
  }

  private parseArray(path: ValuePath, depth: number): unknown[] {
    const result: unknown[] = [];
    if (!this.opens("[", "]")) return result;
    do {
      result.push(this.parseValue([...path, result.length], depth + 1));
    } while (this.another("]"));
    return result;
  }

  private parseString(): string {
    const { text } = this;
    this.expect('"');
    let out = "";
    for (;;) {
      const c = text[this.i];
      if (c === undefined) return this.fail(this.i);
      if (c === '"') {
        this.i += 1;
        return out;
      }
      if (c < " ") return this.fail(this.i);
      if (c !== "\\") {
        out += c;
        this.i += 1;
        continue;
      }
      const escape = text[this.i + 1];
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES[escape];
      const hex = text.slice(this.i + 2, this.i + 6);
      if (simple !== undefined) {
        out += simple;
        this.i += 2;
      } else if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        return this.fail(this.i + 1);
      }
    }
  }

  private parseNumber(): number {
    const { text, i } = this;
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!match) return this.fail(text[i] === "-" ? i + 1 : i);
    this.i += match[0].length;
    return Number(match[0]);
  }
}

export function parseJsonWithPositions(source: string): JsonParseResult {
  // Editors on Windows often save a byte-order mark; JSON.parse would refuse it, we skip it.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const toPosition = positionFinder(text, text.length === source.length ? 0 : 1);
  const reader = new PositionedJsonReader(text, toPosition);
  try {
    const value = reader.parseValue([], 0);
    reader.skipWhitespace();
    if (reader.i < text.length) reader.fail(reader.i);
    return {
      ok: true,
      value,
      positionOf: (path) => {
        const index = reader.positions.get(pathKey(path));
        return index === undefined ? undefined : toPosition(index);
      },
      duplicateKeys: reader.duplicateKeys,
    };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const character = text[error.index];
    // A raw line break or tab inside a string is shown by its code, not printed as is.
    const found =
      character !== undefined && character < " "
        ? `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`
        : character;
    return {
      ok: false,
      code: error.code,
      position: toPosition(Math.min(error.index, text.length)),
      ...(error.code === "JSON_UNEXPECTED_CHARACTER" && found !== undefined ? { found } : {}),
    };
  }
}

/** Offsets where lines start; CRLF, LF and a lone CR each end a line, as editors count them. */
function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) {
    const c = text[index];
    if (c === "\n" || (c === "\r" && text[index + 1] !== "\n")) starts.push(index + 1);
  }
  return starts;
}

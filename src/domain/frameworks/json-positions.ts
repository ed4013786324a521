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

export function parseJsonWithPositions(source: string): JsonParseResult {
  // Editors on Windows often save a byte-order mark; JSON.parse would refuse it, we skip it.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const offset = text.length === source.length ? 0 : 1;
  const lineStarts = computeLineStarts(text);
  const toPosition = (index: number): TextPosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, character: index - (lineStarts[low] ?? 0) + 1 + (low === 0 ? offset : 0) };
  };

  const positions = new Map<string, number>();
  const duplicateKeys: DuplicateKey[] = [];
  let i = 0;

  const skipWhitespace = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") i += 1;
      else break;
    }
  };
  const fail = (at: number): never => {
    throw new JsonSyntaxError(at >= text.length ? "JSON_UNEXPECTED_END" : "JSON_UNEXPECTED_CHARACTER", at);
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail(i);
    i += 1;
  };

  const parseValue = (path: ValuePath, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError("JSON_TOO_DEEP", i);
    skipWhitespace();
    if (!positions.has(pathKey(path))) positions.set(pathKey(path), i);
    const c = text[i];
    if (c === "{") return parseObject(path, depth);
    if (c === "[") return parseArray(path, depth);
    if (c === '"') return parseString();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return parseNumber();
    for (const [literal, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return value;
      }
    }
    return fail(i);
  };

  const parseObject = (path: ValuePath, depth: number): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    const keyIndex = new Map<string, number>();
    expect("{");
    skipWhitespace();
    if (text[i] === "}") {
      i += 1;
      return result;
    }
    for (;;) {
      skipWhitespace();
      const keyStart = i;
      if (text[i] !== '"') fail(i);
      const key = parseString();
      const memberPath = [...path, key];
      const firstIndex = keyIndex.get(key);
      if (firstIndex !== undefined) {
        duplicateKeys.push({
          path: memberPath,
          key,
          position: toPosition(keyStart),
          firstPosition: toPosition(firstIndex),
        });
      } else {
        keyIndex.set(key, keyStart);
        positions.set(pathKey(memberPath), keyStart);
      }
      skipWhitespace();
      expect(":");
      const value = parseValue(memberPath, depth + 1);
      // defineProperty: a "__proto__" key stays an ordinary (and, for the schema, unknown) field.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      expect("}");
      return result;
    }
  };

  const parseArray = (path: ValuePath, depth: number): unknown[] => {
    const result: unknown[] = [];
    expect("[");
    skipWhitespace();
    if (text[i] === "]") {
      i += 1;
      return result;
    }
    for (;;) {
      result.push(parseValue([...path, result.length], depth + 1));
      skipWhitespace();
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      expect("]");
      return result;
    }
  };

  const parseString = (): string => {
    expect('"');
    let out = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail(i);
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c < " ") return fail(i);
      if (c !== "\\") {
        out += c;
        i += 1;
        continue;
      }
      const escape = text[i + 1];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (escape !== undefined && escape in simple) {
        out += simple[escape];
        i += 2;
      } else if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        return fail(i + 1);
      }
    }
  };

  const parseNumber = (): number => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!match) return fail(text[i] === "-" ? i + 1 : i);
    i += match[0].length;
    return Number(match[0]);
  };

  try {
    const value = parseValue([], 0);
    skipWhitespace();
    if (i < text.length) fail(i);
    return {
      ok: true,
      value,
      positionOf: (path) => {
        const index = positions.get(pathKey(path));
        return index === undefined ? undefined : toPosition(index);
      },
      duplicateKeys,
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

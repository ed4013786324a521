// What may be attached to a trace: the type is read from the content (magic bytes), never from the
// name or the type the browser declared; plain text, which has no magic number, must be clean UTF-8.
import { fileTypeFromBuffer } from "file-type";

export type FileKind = "image" | "pdf" | "document" | "audio" | "video" | "text";

interface AllowedType {
  mime: string;
  ext: string;
  kind: FileKind;
}

/** Keyed by the extension file-type reports. */
const ALLOWED: Record<string, AllowedType> = {
  pdf: { mime: "application/pdf", ext: "pdf", kind: "pdf" },
  png: { mime: "image/png", ext: "png", kind: "image" },
  jpg: { mime: "image/jpeg", ext: "jpg", kind: "image" },
  gif: { mime: "image/gif", ext: "gif", kind: "image" },
  webp: { mime: "image/webp", ext: "webp", kind: "image" },
  odt: { mime: "application/vnd.oasis.opendocument.text", ext: "odt", kind: "document" },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", ext: "ods", kind: "document" },
  odp: { mime: "application/vnd.oasis.opendocument.presentation", ext: "odp", kind: "document" },
  docx: {
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ext: "docx",
    kind: "document",
  },
  xlsx: {
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ext: "xlsx",
    kind: "document",
  },
  pptx: {
    mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ext: "pptx",
    kind: "document",
  },
  mp3: { mime: "audio/mpeg", ext: "mp3", kind: "audio" },
  mp4: { mime: "video/mp4", ext: "mp4", kind: "video" },
};

const TEXT: AllowedType = { mime: "text/plain; charset=utf-8", ext: "txt", kind: "text" };
const TEXT_EXTENSIONS = new Set(["txt", "md", "csv"]);

/** The MIME types that may be stored (what the download route serves). */
export const STORABLE_MIME_TYPES: ReadonlySet<string> = new Set([
  ...Object.values(ALLOWED).map((type) => type.mime),
  TEXT.mime,
]);

export type UploadRefusalCode = "FILE_EMPTY" | "FILE_TOO_LARGE" | "FILE_TYPE_REFUSED";

export type UploadCheck =
  | { ok: true; mime: string; ext: string; kind: FileKind }
  | { ok: false; code: UploadRefusalCode; detected: string | null };

/** Thrown while the bytes of an accepted head flow on, when the rest turns out too large or not text. */
export class UploadRefusal extends Error {
  constructor(
    readonly code: UploadRefusalCode,
    readonly detected: string | null = null,
  ) {
    super(code);
  }
}

// Markup that a browser could render as a page if it ever ignored our headers: not "plain" text.
const MARKUP = /^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|a\s)|<script[\s>]/i;

/** Enough for every magic number file-type knows, but zip and ID3-tagged audio. */
export const SNIFF_BYTES = 64 * 1024;
/** Office documents name their parts in the first entries; an MP3's ID3 tag can hold a cover image. */
export const CONTAINER_SNIFF_BYTES = 1024 * 1024;
/** Real documents show what they are within a few entries; a zip of empty entries stops here. */
export const MAX_ZIP_ENTRIES = 64;

/**
 * Plain text, checked as it flows: clean UTF-8, no NUL, no markup at its start and no script anywhere.
 * Chunks may split a character or a `<script` tag: the decoder and a short tail carry over.
 */
class TextCheck {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private start = "";
  private tail = "";

  feed(bytes: Uint8Array, last: boolean): boolean {
    if (bytes.includes(0)) return false;
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: !last });
    } catch {
      return false;
    }
    if (this.start.length < 4096) {
      this.start += text.slice(0, 4096 - this.start.length);
      if (MARKUP.test(this.start)) return false;
    }
    const window = this.tail + text;
    if (/<script[\s>]/i.test(window)) return false;
    this.tail = window.slice(-8);
    return true;
  }
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0;
}

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const OOXML_PARTS: Record<string, string> = { word: "docx", ppt: "pptx", xl: "xlsx" };
const ODF_TYPES: Record<string, string> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
};

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

/**
 * Which office document a zip is, from the head only and at most MAX_ZIP_ENTRIES local headers:
 * ODF names its type in a first, stored `mimetype` entry; OOXML has parts under word/, ppt/ or xl/.
 * Anything else (a plain archive, or one that hides its type past the head) is not accepted.
 */
export function sniffZip(head: Uint8Array): string | null {
  const utf8 = new TextDecoder();
  let offset = 0;
  for (let entry = 0; entry < MAX_ZIP_ENTRIES && offset + 30 <= head.length; entry += 1) {
    if (!startsWith(head, ZIP_LOCAL_HEADER, offset)) return null;
    const flags = u16(head, offset + 6);
    const compressed = u32(head, offset + 18);
    const uncompressed = u32(head, offset + 22);
    const nameLength = u16(head, offset + 26);
    const dataStart = offset + 30 + nameLength + u16(head, offset + 28);
    const name = utf8.decode(head.subarray(offset + 30, offset + 30 + nameLength));
    if (entry === 0 && name === "mimetype" && compressed === uncompressed && compressed < 100) {
      return ODF_TYPES[utf8.decode(head.subarray(dataStart, dataStart + compressed)).trim()] ?? null;
    }
    const part = OOXML_PARTS[name.split("/")[0] ?? ""];
    if (part && (name.endsWith(".xml") || name.endsWith(".rels"))) return part;
    // With a data descriptor (flag bit 3) the size follows the data: look for the next header.
    if ((flags & 0x08) !== 0 && compressed === 0) {
      const next = Buffer.from(head.buffer, head.byteOffset, head.byteLength).indexOf(
        Buffer.from(ZIP_LOCAL_HEADER),
        dataStart,
      );
      if (next < 0) return null;
      offset = next;
    } else {
      offset = dataStart + compressed;
    }
  }
  return null;
}

async function classify(head: Uint8Array): Promise<UploadCheck | "text"> {
  if (startsWith(head, ZIP_LOCAL_HEADER)) {
    const ext = sniffZip(head);
    const allowed = ext ? ALLOWED[ext] : undefined;
    return allowed
      ? { ok: true, ...allowed }
      : { ok: false, code: "FILE_TYPE_REFUSED", detected: "application/zip" };
  }
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    const allowed = ALLOWED[detected.ext];
    return allowed
      ? { ok: true, ...allowed }
      : { ok: false, code: "FILE_TYPE_REFUSED", detected: detected.mime };
  }
  return "text";
}

export type InspectedUpload =
  | {
      ok: true;
      type: { mime: string; ext: string; kind: FileKind };
      /** Every byte, head first; throws UploadRefusal when the rest is too large or not clean text. */
      body: AsyncIterable<Uint8Array>;
      /** Bytes that went through `body` so far. */
      size: () => number;
    }
  | { ok: false; code: UploadRefusalCode; detected: string | null };

/**
 * Decides what a file is from its first bytes (never more than CONTAINER_SNIFF_BYTES are held), then
 * lets the whole content flow on, counted against `maxBytes` and, for text, checked as it passes.
 */
export async function inspectUpload(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<InspectedUpload> {
  const iterator = source[Symbol.asyncIterator]();
  const headChunks: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  const wanted = (): number => {
    const first = headChunks[0];
    const container =
      first !== undefined && (startsWith(first, ZIP_LOCAL_HEADER) || startsWith(first, [0x49, 0x44, 0x33]));
    return container ? CONTAINER_SNIFF_BYTES : SNIFF_BYTES;
  };
  while (headLength < wanted() && headLength <= maxBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  const head = Buffer.concat(headChunks);
  const refuse = (code: UploadRefusalCode, detected: string | null = null): InspectedUpload => {
    void iterator.return?.();
    return { ok: false, code, detected };
  };
  if (head.length === 0) return refuse("FILE_EMPTY");
  if (head.length > maxBytes) return refuse("FILE_TOO_LARGE");
  const verdict = await classify(head);
  const text = verdict === "text" ? new TextCheck() : null;
  if (text && !text.feed(head, ended)) return refuse("FILE_TYPE_REFUSED");
  if (verdict !== "text" && !verdict.ok) return refuse(verdict.code, verdict.detected);
  const type = verdict === "text" ? TEXT : verdict;
  let size = head.length;
  async function* body(): AsyncGenerator<Uint8Array> {
    yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        if (text && !text.feed(new Uint8Array(0), true)) throw new UploadRefusal("FILE_TYPE_REFUSED");
        return;
      }
      size += next.value.length;
      if (size > maxBytes) throw new UploadRefusal("FILE_TOO_LARGE");
      if (text && !text.feed(next.value, false)) throw new UploadRefusal("FILE_TYPE_REFUSED");
      yield next.value;
    }
  }
  return {
    ok: true,
    type: { mime: type.mime, ext: type.ext, kind: type.kind },
    body: body(),
    size: () => size,
  };
}

/** The check of a file held in memory (tests, small inputs): the same rules as a streamed upload. */
export async function checkUpload(bytes: Uint8Array, maxBytes: number): Promise<UploadCheck> {
  const inspected = await inspectUpload(
    (async function* () {
      yield bytes;
    })(),
    maxBytes,
  );
  if (!inspected.ok) return inspected;
  try {
    for await (const _chunk of inspected.body) void _chunk;
  } catch (error) {
    if (error instanceof UploadRefusal) return { ok: false, code: error.code, detected: error.detected };
    throw error;
  }
  return { ok: true, ...inspected.type };
}

/**
 * The name the file is stored and downloaded under: the learner's name without path or control
 * characters, with the extension of what the file really is.
 */
export function storedFilename(declared: string, check: { ext: string; kind: FileKind }): string {
  const base = (declared.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, "")
    .trim();
  const dot = base.lastIndexOf(".");
  const stem = (dot > 0 ? base.slice(0, dot) : base).trim().slice(0, 120) || "fichier";
  const declaredExt = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  if (check.kind === "text" && TEXT_EXTENSIONS.has(declaredExt)) return `${stem}.${declaredExt}`;
  if (check.ext === "jpg" && declaredExt === "jpeg") return `${stem}.jpeg`;
  return `${stem}.${check.ext}`;
}

/** Images are shown in the page; everything else is downloaded. */
export function servedInline(mime: string): boolean {
  return mime.startsWith("image/");
}

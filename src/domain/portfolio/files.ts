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

export type UploadCheck =
  | { ok: true; mime: string; ext: string; kind: FileKind }
  | { ok: false; code: "FILE_EMPTY" | "FILE_TOO_LARGE" | "FILE_TYPE_REFUSED"; detected: string | null };

// Markup that a browser could render as a page if it ever ignored our headers: not "plain" text.
const MARKUP = /^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|a\s)|<script[\s>]/i;

function asPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return !MARKUP.test(text.slice(0, 4096)) && !/<script[\s>]/i.test(text);
  } catch {
    return false;
  }
}

export async function checkUpload(bytes: Uint8Array, maxBytes: number): Promise<UploadCheck> {
  if (bytes.length === 0) return { ok: false, code: "FILE_EMPTY", detected: null };
  if (bytes.length > maxBytes) return { ok: false, code: "FILE_TOO_LARGE", detected: null };
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const allowed = ALLOWED[detected.ext];
    return allowed
      ? { ok: true, ...allowed }
      : { ok: false, code: "FILE_TYPE_REFUSED", detected: detected.mime };
  }
  return asPlainText(bytes)
    ? { ok: true, ...TEXT }
    : { ok: false, code: "FILE_TYPE_REFUSED", detected: null };
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

// The dossier as a ZIP: the PDF and every attachment of the chosen traces, streamed as it is written
// (yazl): attachments are opened one after the other, never held whole in memory.
import { Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { DossierAttachment } from "../../domain/dossier/dossier.js";

export interface ArchiveFile {
  attachment: DossierAttachment;
  /** Opens the stored bytes; null when the file has gone (it is then listed as missing). */
  open(): Promise<Readable | null>;
}

// What Windows refuses in a file name, and path separators (a name must not open a folder).
const UNSAFE_IN_NAMES = new Set([...'/\\:*?"<>|']);

function safeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  // Control characters (C0 and DEL) would show as garbage or cut the name in some tools.
  return code < 0x20 || code === 0x7f || UNSAFE_IN_NAMES.has(character) ? "_" : character;
}

/** A name safe in every unzip tool: no folders, no control characters, nothing hidden. */
export function safeEntryName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\s\S]/gu, safeCharacter)
    .replace(/^\.+/, "_")
    .trim()
    .slice(0, 150);
  return cleaned === "" ? "fichier" : cleaned;
}

export function dossierArchive(
  pdf: Buffer,
  files: readonly ArchiveFile[],
  names: { pdf: string; folder: string; missing: string },
  at: Date,
): Readable {
  const zip = new ZipFile();
  zip.addBuffer(pdf, names.pdf, { mtime: at });
  const width = String(files.length).length;
  files.forEach((file, index) => {
    const prefix = String(index + 1).padStart(width, "0");
    const path = `${names.folder}/${prefix}-${safeEntryName(file.attachment.filename)}`;
    // Attachments are already compressed formats for the most part: storing them is faster.
    zip.addReadStreamLazy(path, { mtime: at, compress: false }, (callback) => {
      file.open().then(
        // A file gone from the store leaves a note in its place rather than a broken archive.
        (stream) => callback(null, stream ?? Readable.from([Buffer.from(names.missing)])),
        (error: unknown) => callback(error, Readable.from([])),
      );
    });
  });
  zip.end();
  return zip.outputStream as Readable;
}

// A person's export as a ZIP, streamed (yazl): a manifest, one JSON file per kind of data (profile,
// memberships, traces, revisions…), how many documents of others name them, and their files under files/.
import type { Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { PersonExport } from "../domain/people/data-rights.js";
import { safeEntryName } from "./dossier/zip.js";

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");
}

export function exportFileName(data: PersonExport): string {
  return `carnet-export-${data.at.toISOString().slice(0, 10)}-${data.exportId.slice(0, 8)}.zip`;
}

export function personExportArchive(data: PersonExport): Readable {
  const zip = new ZipFile();
  const mtime = data.at;
  const fileEntries = data.files.map((file, index) => ({
    file,
    path: `files/${file.kind}/${String(index + 1).padStart(3, "0")}-${safeEntryName(file.filename)}`,
  }));
  zip.addBuffer(
    json({
      exportedAt: data.at.toISOString(),
      platformId: data.person.platformId,
      userId: data.person.userId,
      sub: data.person.sub,
      kinds: data.kinds.map((kind) => ({
        kind: kind.kind,
        file: `${kind.kind}.json`,
        documents: kind.documents.length,
      })),
      files: fileEntries.map(({ file, path }) => ({
        kind: file.kind,
        id: file.id,
        filename: file.filename,
        size: file.size,
        path,
      })),
      mentionedIn: data.mentions,
    }),
    "manifest.json",
    { mtime },
  );
  for (const kind of data.kinds) zip.addBuffer(json(kind.documents), `${kind.kind}.json`, { mtime });
  for (const { file, path } of fileEntries) {
    // Attachments are mostly compressed formats already: stored as they are.
    zip.addReadStreamLazy(path, { mtime, compress: false }, (callback) => callback(null, file.open()));
  }
  zip.end();
  return zip.outputStream as Readable;
}

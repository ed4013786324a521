import { expect } from "chai";
import { Readable } from "node:stream";
import { unzipSync } from "fflate";
import { checkArchiveSize } from "../../../src/domain/dossier/size-limit.js";
import type { DossierAttachment } from "../../../src/domain/dossier/dossier.js";
import { dossierArchive, safeEntryName } from "../../../src/presenters/dossier/zip.js";

function attachment(filename: string, size: number): DossierAttachment {
  return { id: filename, traceId: "t1", filename, mime: "application/pdf", size };
}

async function bytesOf(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return new Uint8Array(Buffer.concat(chunks));
}

describe("dossierArchive", () => {
  it("holds the PDF and every attachment under its own name, a missing file replaced by a note", async () => {
    const files = [
      {
        attachment: attachment("compte-rendu.pdf", 5),
        open: () => Promise.resolve(Readable.from([Buffer.from("bytes")])),
      },
      {
        attachment: attachment("../../etc/passwd", 3),
        open: () => Promise.resolve(Readable.from([Buffer.from("abc")])),
      },
      { attachment: attachment("parti.odt", 9), open: () => Promise.resolve(null) },
    ];
    const zip = dossierArchive(
      Buffer.from("%PDF-1.7 fake"),
      files,
      { pdf: "dossier.pdf", folder: "pieces-jointes", missing: "Ce fichier n'est plus disponible." },
      new Date("2026-03-12T10:00:00Z"),
    );
    const entries = unzipSync(await bytesOf(zip));
    expect(Object.keys(entries)).to.deep.equal([
      "dossier.pdf",
      "pieces-jointes/1-compte-rendu.pdf",
      "pieces-jointes/2-__.._etc_passwd",
      "pieces-jointes/3-parti.odt",
    ]);
    expect(Buffer.from(entries["pieces-jointes/1-compte-rendu.pdf"] ?? []).toString()).to.equal("bytes");
    expect(Buffer.from(entries["pieces-jointes/3-parti.odt"] ?? []).toString()).to.equal(
      "Ce fichier n'est plus disponible.",
    );
  });
});

describe("safeEntryName", () => {
  it("keeps accents and removes separators, control characters and leading dots", () => {
    expect(safeEntryName("Évaluation stage.pdf")).to.equal("Évaluation stage.pdf");
    expect(safeEntryName("a/b\\c:d\u0000e\u007f.txt")).to.equal("a_b_c_d_e_.txt");
    expect(safeEntryName(".cache")).to.equal("_cache");
    expect(safeEntryName("   ")).to.equal("fichier");
  });
});

describe("checkArchiveSize", () => {
  it("accepts an archive within the limit", () => {
    expect(checkArchiveSize(100, [attachment("a", 100)], 1000)).to.deep.equal({ ok: true, total: 200 });
  });

  it("names the largest attachments, as many as it takes to fit", () => {
    const check = checkArchiveSize(
      100,
      [attachment("small", 50), attachment("huge", 900), attachment("big", 400)],
      700,
    );
    expect(check.ok).to.equal(false);
    if (check.ok) return;
    expect(check.total).to.equal(1450);
    expect(check.culprits.map((file) => file.filename)).to.deep.equal(["huge"]);
    const tighter = checkArchiveSize(
      100,
      [attachment("small", 50), attachment("huge", 900), attachment("big", 400)],
      200,
    );
    expect(tighter.ok ? [] : tighter.culprits.map((file) => file.filename)).to.deep.equal(["huge", "big"]);
  });
});

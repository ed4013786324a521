import { expect } from "chai";
import {
  checkUpload,
  CONTAINER_SNIFF_BYTES,
  inspectUpload,
  servedInline,
  sniffZip,
  storedFilename,
  UploadRefusal,
} from "../../../src/domain/portfolio/files.js";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a8f50000000049454e44ae426082",
  "hex",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200)]);
const ZIP = Buffer.from("504b0304140000000000000000000000000000000000000000000000000000000000", "hex");

describe("portfolio file checks", () => {
  it("accepts allowed types by their content", async () => {
    expect(await checkUpload(PDF, 10_000)).to.deep.include({ ok: true, mime: "application/pdf", ext: "pdf" });
    expect(await checkUpload(PNG, 10_000)).to.deep.include({ ok: true, mime: "image/png", ext: "png" });
  });

  it("refuses executables, archives and markup, whatever their name", async () => {
    expect(await checkUpload(EXE, 10_000)).to.deep.include({ ok: false, code: "FILE_TYPE_REFUSED" });
    expect(await checkUpload(ZIP, 10_000)).to.deep.include({ ok: false, code: "FILE_TYPE_REFUSED" });
    for (const markup of [
      "<html><body>hi</body></html>",
      "  <!DOCTYPE html><p>x</p>",
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      "texte puis <script>alert(1)</script>",
      '<?xml version="1.0"?><a/>',
    ]) {
      expect(await checkUpload(Buffer.from(markup), 10_000), markup).to.deep.include({
        ok: false,
        code: "FILE_TYPE_REFUSED",
      });
    }
  });

  it("accepts plain UTF-8 text, refuses binary or badly encoded text", async () => {
    expect(
      await checkUpload(Buffer.from("Notes de stage — élève de 5e, séance 3.\n"), 10_000),
    ).to.deep.include({
      ok: true,
      kind: "text",
    });
    expect(await checkUpload(Buffer.from([0x61, 0x00, 0x62]), 10_000)).to.deep.include({
      ok: false,
      code: "FILE_TYPE_REFUSED",
    });
    expect(await checkUpload(Buffer.from([0x61, 0xff, 0xfe, 0x62]), 10_000)).to.deep.include({
      ok: false,
      code: "FILE_TYPE_REFUSED",
    });
  });

  it("refuses empty and oversized files before reading them", async () => {
    expect(await checkUpload(Buffer.alloc(0), 10)).to.deep.include({ ok: false, code: "FILE_EMPTY" });
    expect(await checkUpload(PDF, 10)).to.deep.include({ ok: false, code: "FILE_TOO_LARGE" });
  });

  it("names the stored file after what it really is, without paths or control characters", () => {
    expect(storedFilename("C:\\Users\\léa\\rapport.pdf", { ext: "pdf", kind: "pdf" })).to.equal(
      "rapport.pdf",
    );
    expect(storedFilename("../../etc/photo.pdf", { ext: "png", kind: "image" })).to.equal("photo.png");
    expect(storedFilename('a"b<c>\u0000d\u202e.txt', { ext: "txt", kind: "text" })).to.equal("abcd.txt");
    expect(storedFilename("notes.md", { ext: "txt", kind: "text" })).to.equal("notes.md");
    expect(storedFilename("script.sh", { ext: "txt", kind: "text" })).to.equal("script.txt");
    expect(storedFilename("", { ext: "pdf", kind: "pdf" })).to.equal("fichier.pdf");
  });

  it("shows images inline, downloads everything else", () => {
    expect(servedInline("image/png")).to.equal(true);
    expect(servedInline("application/pdf")).to.equal(false);
    expect(servedInline("text/plain; charset=utf-8")).to.equal(false);
  });
});

/** A zip of stored entries (local headers only: what a sniffer reads first). */
function zipOf(entries: [string, string][]): Buffer {
  return Buffer.concat(
    entries.map(([name, data]) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt32LE(Buffer.byteLength(data), 18);
      header.writeUInt32LE(Buffer.byteLength(data), 22);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name), Buffer.from(data)]);
    }),
  );
}

async function* chunked(bytes: Buffer, size: number, pulled: { bytes: number }): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, at + size);
    pulled.bytes += chunk.length;
    yield chunk;
  }
}

describe("portfolio upload inspection", () => {
  it("recognises office documents from their first zip entries", () => {
    expect(sniffZip(zipOf([["mimetype", "application/vnd.oasis.opendocument.text"]]))).to.equal("odt");
    expect(
      sniffZip(
        zipOf([
          ["[Content_Types].xml", "<Types/>"],
          ["_rels/.rels", "<Relationships/>"],
          ["word/document.xml", "<w:document/>"],
        ]),
      ),
    ).to.equal("docx");
    expect(sniffZip(zipOf([["notes.txt", "hello"]]))).to.equal(null);
  });

  it("stops at the sniff window on a zip of endless empty entries (10 MB read no further than 1 MiB)", async () => {
    const bomb = zipOf(
      Array.from({ length: 300_000 }, (_, index): [string, string] => [`e${index % 10}`, ""]),
    );
    const pulled = { bytes: 0 };
    const inspected = await inspectUpload(chunked(bomb, 64 * 1024, pulled), 20 * 1024 * 1024);
    expect(inspected).to.deep.include({ ok: false, code: "FILE_TYPE_REFUSED" });
    expect(pulled.bytes).to.be.at.most(CONTAINER_SNIFF_BYTES + 64 * 1024);
  });

  it("checks text as it flows, a script split across chunks included", async () => {
    const text = Buffer.from(`${"Notes de séance. ".repeat(5000)}<scr` + `ipt>alert(1)</script>`);
    const split = text.indexOf("<scr") + 3;
    async function* twoChunks(): AsyncGenerator<Uint8Array> {
      yield text.subarray(0, split);
      yield text.subarray(split);
    }
    const inspected = await inspectUpload(twoChunks(), 1024 * 1024);
    expect(inspected.ok).to.equal(true);
    if (!inspected.ok) return;
    let refusal: unknown = null;
    try {
      for await (const _chunk of inspected.body) void _chunk;
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(UploadRefusal);
    expect(refusal).to.have.property("code", "FILE_TYPE_REFUSED");
  });

  it("refuses a stream that grows past the limit after the head", async () => {
    const pulled = { bytes: 0 };
    const inspected = await inspectUpload(chunked(Buffer.alloc(300_000, "a"), 16 * 1024, pulled), 100_000);
    if (!inspected.ok) throw new Error("the head alone is within the limit");
    let refusal: unknown = null;
    try {
      for await (const _chunk of inspected.body) void _chunk;
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.have.property("code", "FILE_TOO_LARGE");
    expect(pulled.bytes).to.be.below(100_000 + 16 * 1024 + 1);
  });
});

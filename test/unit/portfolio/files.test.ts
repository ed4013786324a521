import { expect } from "chai";
import { checkUpload, servedInline, storedFilename } from "../../../src/domain/portfolio/files.js";

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

// The fonts embedded in every PDF: DejaVu Sans (Bitstream Vera licence, DejaVu changes public domain),
// from the dejavu-fonts-ttf package — never a system font that a server or CI may lack. Read once.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
}

let loaded: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  loaded ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
    italic: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf")),
  };
  return loaded;
}

// The dossier as a PDF, made on the server without a browser (pdfkit; its fontkit shapes ligatures):
// a cover, a table of contents with page numbers, the competences, the tutor's synthesis, attendance,
// the chosen traces and the list of attachments; the learner's name and programme on every page.
import PDFDocument from "pdfkit";
import { pdfFonts } from "./fonts.js";
import type { DossierView } from "./view.js";

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 64, bottom: 64, left: 56, right: 56 };
const TOC_LINES_PER_PAGE = 36;

interface TocEntry {
  title: string;
  level: 0 | 1;
  page: number;
  destination: string;
}

/** Renders the whole document in memory (a dossier is a few MB at most) and returns its bytes. */
export function renderDossierPdf(view: DossierView, meta: { lang: string }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: meta.lang,
    displayTitle: true,
    info: { Title: `${view.title} — ${view.learnerName}`, Author: view.learnerName, Creator: "Carnet" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const fonts = pdfFonts();
  doc.registerFont("body", fonts.regular);
  doc.registerFont("bold", fonts.bold);
  doc.registerFont("italic", fonts.italic);
  cover(doc, view);
  const tocPages = reserveToc(doc, tocSize(view));
  const toc: TocEntry[] = [];
  body(doc, view, toc);
  writeToc(doc, view, toc, tocPages);
  frame(doc, view);
  doc.end();
  return done;
}

function cover(doc: Doc, view: DossierView): void {
  doc.font("bold").fontSize(24).text(view.title, { align: "left" }).moveDown(1.5);
  doc.font("bold").fontSize(16).text(view.learnerName).moveDown(0.3);
  doc.font("body").fontSize(13).text(view.programme).moveDown(0.3);
  if (view.framework) doc.fontSize(11).text(view.framework).moveDown(0.3);
  doc.font("italic").fontSize(10).text(view.generatedOn);
}

function tocSize(view: DossierView): number {
  return 5 + view.domains.length + view.traces.length;
}

function reserveToc(doc: Doc, entries: number): { first: number; count: number } {
  const count = Math.max(1, Math.ceil(entries / TOC_LINES_PER_PAGE));
  const first = doc.bufferedPageRange().count;
  for (let i = 0; i < count; i += 1) doc.addPage();
  return { first, count };
}

function currentPage(doc: Doc): number {
  const range = doc.bufferedPageRange();
  return range.start + range.count - 1;
}

function heading(doc: Doc, toc: TocEntry[], title: string, level: 0 | 1): void {
  if (level === 0) doc.addPage();
  else if (doc.y > doc.page.height - MARGIN.bottom - 90) doc.addPage();
  const destination = `d${toc.length}`;
  doc.addNamedDestination(destination);
  toc.push({ title, level, page: currentPage(doc), destination });
  if (level === 0) doc.outline.addItem(title);
  doc
    .font("bold")
    .fontSize(level === 0 ? 18 : 13)
    .text(title)
    .moveDown(level === 0 ? 0.8 : 0.4);
}

function paragraph(doc: Doc, text: string, options: { font?: string; size?: number } = {}): void {
  doc
    .font(options.font ?? "body")
    .fontSize(options.size ?? 10)
    .text(text, { lineGap: 1.5 })
    .moveDown(0.4);
}

function body(doc: Doc, view: DossierView, toc: TocEntry[]): void {
  heading(doc, toc, view.labels.competences ?? "", 0);
  if (view.domains.length === 0) paragraph(doc, view.labels.noFramework ?? "");
  for (const domain of view.domains) {
    heading(doc, toc, domain.title, 1);
    for (const line of domain.competences) competence(doc, view, line);
  }
  heading(doc, toc, view.labels.synthesis ?? "", 0);
  if (!view.synthesis) paragraph(doc, view.labels.noSynthesis ?? "");
  else {
    paragraph(doc, view.synthesis.meta, { font: "italic", size: 9 });
    for (const part of view.synthesis.parts) {
      doc.font("bold").fontSize(11).text(part.title).moveDown(0.2);
      for (const text of part.paragraphs) paragraph(doc, text);
    }
  }
  heading(doc, toc, view.labels.attendance ?? "", 0);
  if (view.attendance.length === 0) paragraph(doc, view.labels.noAttendance ?? "");
  else attendanceTable(doc, view);
  heading(doc, toc, view.labels.traces ?? "", 0);
  if (view.traces.length === 0) paragraph(doc, view.labels.noTraces ?? "");
  for (const trace of view.traces) traceBlock(doc, view, toc, trace);
  heading(doc, toc, view.labels.attachments ?? "", 0);
  if (view.attachments.length === 0) paragraph(doc, view.labels.noAttachments ?? "");
  else paragraph(doc, view.labels.inArchive ?? "", { font: "italic", size: 9 });
  for (const file of view.attachments) paragraph(doc, `${file.filename} (${file.size}) — ${file.trace}`);
}

/** Date, kind, title, attendance: four columns; the header again on each new page. */
function attendanceTable(doc: Doc, view: DossierView): void {
  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const columns = [0.22, 0.2, 0.4, 0.18].map((share) => share * width);
  const row = (cells: string[], font: string): void => {
    doc.font(font).fontSize(9);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i] ?? 0) - 6 }));
    const height = Math.max(...heights) + 4;
    if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x, top, { width: (columns[i] ?? 0) - 6 });
      x += columns[i] ?? 0;
    });
    doc.x = left;
    doc.y = top + height;
  };
  const { date = "", attendanceKind = "", attendanceTitle = "", attendanceMark = "" } = view.labels;
  row([date, attendanceKind, attendanceTitle, attendanceMark], "bold");
  for (const line of view.attendance) row([line.date, line.kind, line.title, line.mark], "body");
  doc.moveDown(0.5);
}

function competence(
  doc: Doc,
  view: DossierView,
  line: DossierView["domains"][number]["competences"][number],
): void {
  if (doc.y > doc.page.height - MARGIN.bottom - 50) doc.addPage();
  doc.font("bold").fontSize(10).text(`${line.code} — ${line.title}`, { lineGap: 1 });
  const facts = [
    `${view.labels.state}${view.labels.colon}${line.state}`,
    line.level ? `${view.labels.level}${view.labels.colon}${line.level}` : "",
    line.date ? `${view.labels.date}${view.labels.colon}${line.date}` : "",
  ].filter(Boolean);
  doc.font("body").fontSize(9).text(facts.join(" · "), { lineGap: 1 });
  if (line.validators)
    doc.text(`${view.labels.validators}${view.labels.colon}${line.validators}`, { lineGap: 1 });
  doc.moveDown(0.5);
}

function traceBlock(
  doc: Doc,
  view: DossierView,
  toc: TocEntry[],
  trace: DossierView["traces"][number],
): void {
  heading(doc, toc, trace.title, 1);
  paragraph(doc, trace.meta, { font: "italic", size: 9 });
  for (const section of trace.sections) {
    doc.font("bold").fontSize(10.5).text(section.title).moveDown(0.2);
    for (const text of section.paragraphs) paragraph(doc, text);
  }
  if (trace.competences)
    paragraph(doc, `${view.labels.tracedCompetences}${view.labels.colon}${trace.competences}`, { size: 9 });
  if (trace.attachments.length > 0)
    paragraph(
      doc,
      `${view.labels.attachedFiles}${view.labels.colon}${trace.attachments.map((file) => `${file.filename} (${file.size})`).join(", ")}`,
      { size: 9 },
    );
  doc.moveDown(0.6);
}

function writeToc(
  doc: Doc,
  view: DossierView,
  toc: TocEntry[],
  pages: { first: number; count: number },
): void {
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  toc.forEach((entry, index) => {
    const pageIndex = pages.first + Math.floor(index / TOC_LINES_PER_PAGE);
    const row = index % TOC_LINES_PER_PAGE;
    doc.switchToPage(pageIndex);
    let y = MARGIN.top + 20 * row;
    if (row === 0) {
      doc
        .font("bold")
        .fontSize(18)
        .text(view.labels.toc ?? "", MARGIN.left, MARGIN.top - 6);
    }
    y += 28;
    const indent = entry.level === 0 ? 0 : 16;
    const number = String(entry.page + 1);
    doc.font(entry.level === 0 ? "bold" : "body").fontSize(10);
    const numberWidth = doc.widthOfString(number);
    const title = fit(doc, entry.title, width - indent - numberWidth - 24);
    doc.text(title, MARGIN.left + indent, y, { lineBreak: false, goTo: entry.destination });
    doc.text(number, MARGIN.left + width - numberWidth, y, { lineBreak: false, goTo: entry.destination });
  });
}

/** Shortens a table-of-contents title to one line. */
function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The learner's name and programme on top of every page, "page n / total" at the bottom. */
function frame(doc: Doc, view: DossierView): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let index = range.start; index < range.start + total; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    // Writing inside the margins must not make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    const width = doc.page.width - MARGIN.left - MARGIN.right;
    doc.font("body").fontSize(8).fillColor("#444444");
    doc.text(view.running, MARGIN.left, 28, { width, lineBreak: false, ellipsis: true });
    doc.text(`${view.labels.page} ${index + 1} / ${total}`, MARGIN.left, doc.page.height - 40, {
      width,
      align: "center",
      lineBreak: false,
    });
    doc.fillColor("black");
    doc.page.margins.bottom = bottom;
  }
}

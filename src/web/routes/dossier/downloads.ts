// Sends a dossier as a PDF, a ZIP (streamed) or a print page; the same for a learner and a jury member.
import type { Response } from "express";
import type { DossierContent } from "../../../domain/dossier/dossier.js";
import { attachmentsOf } from "../../../domain/dossier/dossier.js";
import type { DossierService } from "../../../domain/dossier/service.js";
import type { Locale, Translate } from "../../../i18n/i18n.js";
import { presentDossier, sizeLabel } from "../../../presenters/dossier/view.js";
import { dossierArchive, safeEntryName } from "../../../presenters/dossier/zip.js";
import type { Logger } from "../../../logger.js";

export interface Reader {
  t: Translate;
  locale: Locale;
}

function fileName(content: DossierContent, extension: string): string {
  return `${safeEntryName(`dossier-${content.learnerName || content.subject.learnerId}`)}.${extension}`;
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function dossierPdf(content: DossierContent, reader: Reader): Promise<Buffer> {
  // pdfkit with fontkit and its decoders costs about 20 MB of memory: loaded with the first dossier
  // asked for, not by every process at start (docs/performance.md, "Memory").
  const { renderDossierPdf } = await import("../../../presenters/dossier/pdf.js");
  return renderDossierPdf(presentDossier(content, reader), { lang: reader.locale === "en" ? "en" : "fr-FR" });
}

export async function sendPdf(res: Response, content: DossierContent, reader: Reader): Promise<void> {
  const pdf = await dossierPdf(content, reader);
  res.status(200);
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Length", String(pdf.length));
  res.setHeader("Content-Disposition", disposition(fileName(content, "pdf")));
  res.setHeader("Cache-Control", "private, no-store");
  res.end(pdf);
}

/** Streams the ZIP; when it would be over the limit, sends nothing and says which attachments made it so. */
export async function sendZip(
  res: Response,
  content: DossierContent,
  reader: Reader,
  deps: { dossier: DossierService; logger: Pick<Logger, "error"> },
): Promise<TooBigModel | null> {
  const pdf = await dossierPdf(content, reader);
  const check = deps.dossier.checkArchive(content, pdf.length);
  if (!check.ok)
    return {
      title: reader.t("dossier:tooBig.title"),
      total: sizeLabel(check.total, reader.locale),
      limit: sizeLabel(check.limit, reader.locale),
      culprits: check.culprits.map((file) => ({
        filename: file.filename,
        size: sizeLabel(file.size, reader.locale),
      })),
    };
  const files = attachmentsOf(content).map((attachment) => ({
    attachment,
    open: () => deps.dossier.openAttachment(content, attachment),
  }));
  const archive = dossierArchive(
    pdf,
    files,
    {
      pdf: fileName(content, "pdf"),
      folder: safeEntryName(reader.t("dossier:zip.folder")),
      missing: reader.t("dossier:zip.missing"),
    },
    content.generatedAt,
  );
  res.status(200);
  res.setHeader("Content-Type", "application/zip");
  res.setHeader("Content-Disposition", disposition(fileName(content, "zip")));
  res.setHeader("Cache-Control", "private, no-store");
  archive.on("error", (error: unknown) => {
    deps.logger.error({ err: String(error) }, "dossier: archive failed");
    res.destroy();
  });
  archive.pipe(res);
  return null;
}

export interface TooBigModel {
  title: string;
  total: string;
  limit: string;
  culprits: { filename: string; size: string }[];
}

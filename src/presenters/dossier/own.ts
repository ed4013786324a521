// The learner's dossier page: what they chose, the links to the PDF, ZIP and print view, and the
// tutor's synthesis as they may read it (shared or final versions, never a draft).
import type { TraceChoice } from "../../domain/dossier/service.js";
import { SYNTHESIS_FIELDS, type SynthesisVersion } from "../../domain/dossier/synthesis.js";
import type { Locale, Translate } from "../../i18n/i18n.js";
import { dateTimeFormat } from "../../i18n/format.js";
import type { FormPageView } from "../typed-values.js";
import { sizeLabel } from "./view.js";

export interface SynthesisCard {
  version: number;
  status: string;
  date: string;
  parts: { title: string; text: string }[];
}

export function synthesisCard(version: SynthesisVersion, t: Translate, locale: Locale): SynthesisCard {
  const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: "Europe/Paris" });
  return {
    version: version.version,
    status: t(`dossier:synthesis.status.${version.status}`),
    date: day.format(version.finalAt ?? version.sharedAt ?? version.createdAt),
    parts: SYNTHESIS_FIELDS.map((field) => ({
      title: t(`dossier:synthesis.fields.${field}`),
      text: version[field],
    })),
  };
}

export function presentOwnDossier(
  input: { choices: TraceChoice[]; syntheses: SynthesisVersion[] },
  view: FormPageView & { saved?: boolean },
): Record<string, unknown> & { title: string } {
  const { t, locale, base } = view;
  const typed = view.values?.traces;
  const picked = typed === undefined ? null : new Set(Array.isArray(typed) ? typed : [typed]);
  const latest = input.syntheses[0];
  return {
    title: t("dossier:own.title"),
    saved: view.saved === true,
    errors: view.errors ?? {},
    action: `${base}/dossier`,
    printHref: `${base}/dossier/print`,
    pdfHref: `${base}/dossier/pdf`,
    zipHref: `${base}/dossier/zip`,
    traces: input.choices.map((choice) => ({
      id: choice.id,
      title: choice.title,
      date: choice.date,
      revision: choice.revision,
      chosen: picked ? picked.has(choice.id) : choice.chosen,
      attachments: choice.attachments
        .map((file) => `${file.filename} (${sizeLabel(file.size, locale)})`)
        .join(", "),
    })),
    chosenCount: input.choices.filter((choice) => choice.chosen).length,
    synthesis: latest ? synthesisCard(latest, t, locale) : null,
    acknowledge:
      latest && latest.status === "shared" && !latest.readAt
        ? { action: `${base}/dossier/synthesis/read` }
        : null,
    readAlready: Boolean(latest?.status === "shared" && latest.readAt),
  };
}

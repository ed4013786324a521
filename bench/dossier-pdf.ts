// The jury dossier's PDF (issue 13): a learner with 60 traces (four written sections, an attachment
// each) and 60 competences, from the assembled content to the PDF's bytes, as the download route does.
import { performance } from "node:perf_hooks";
import { translator } from "../src/i18n/i18n.js";
import { renderDossierPdf } from "../src/presenters/dossier/pdf.js";
import { presentDossier } from "../src/presenters/dossier/view.js";
import { buildDossierContent } from "../test/support/dossier-content.js";
import { round, summarize, type BenchResult } from "./lib/stats.js";

const TARGET_MS = 5000;

export async function benchDossierPdf(runs = 5): Promise<BenchResult[]> {
  const content = buildDossierContent({ competences: 60, traces: 60 });
  const reader = { t: translator("fr"), locale: "fr" as const };
  const samples: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const pdf = await renderDossierPdf(presentDossier(content, reader), { lang: "fr-FR" });
    samples.push(performance.now() - started);
    bytes = pdf.length;
  }
  const summary = summarize(samples);
  return [
    {
      name: "dossier PDF, 60 traces × 60 competences",
      value: round(summary.max, 0),
      unit: "ms",
      target: `≤ ${TARGET_MS} ms`,
      met: summary.max <= TARGET_MS,
      note: `slowest of ${runs} (median ${round(summary.p50, 0)} ms), ${round(bytes / 1024, 0)} KB, in process`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchDossierPdf()) {
    console.log(
      `- ${r.name}: ${r.value} ${r.unit} (target ${r.target}${r.met ? ", met" : ", MISSED"}) ${r.note ?? ""}`,
    );
  }
}

// The jury dossier's PDF (issue 13): a learner with 60 competences and 20, 60 and 180 traces (four
// written sections, an attachment each), from the assembled content to the PDF's bytes, as the download
// route does; each size's slowest run against the target, and the growth exponent over the three.
import { performance } from "node:perf_hooks";
import { translator } from "../src/i18n/i18n.js";
import { renderDossierPdf } from "../src/presenters/dossier/pdf.js";
import { presentDossier } from "../src/presenters/dossier/view.js";
import { buildDossierContent } from "../test/support/dossier-content.js";
import { growthExponent, round, summarize, type BenchResult } from "./lib/stats.js";

const TARGET_MS = 5000;
const TARGET_TRACES = 60;
const SIZES = [20, 60, 180];

export async function benchDossierPdf(runs = 3): Promise<BenchResult[]> {
  const reader = { t: translator("fr"), locale: "fr" as const };
  const results: BenchResult[] = [];
  const points: [number, number][] = [];
  for (const traces of SIZES) {
    const content = buildDossierContent({ competences: 60, traces });
    const samples: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const pdf = await renderDossierPdf(presentDossier(content, reader), { lang: "fr-FR" });
      samples.push(performance.now() - started);
      bytes = pdf.length;
    }
    const summary = summarize(samples);
    points.push([traces, summary.p50]);
    const targeted = traces === TARGET_TRACES;
    results.push({
      name: `dossier PDF, ${traces} traces × 60 competences`,
      value: round(summary.max, 0),
      unit: "ms",
      target: targeted ? `≤ ${TARGET_MS} ms` : "—",
      met: targeted ? summary.max <= TARGET_MS : null,
      note: `slowest of ${runs} (median ${round(summary.p50, 0)} ms), ${round(bytes / 1024, 0)} KB, in process`,
    });
  }
  const exponent = growthExponent(points);
  results.push({
    name: `dossier PDF: growth exponent of the median (${SIZES.join(" → ")} traces)`,
    value: round(exponent, 2),
    unit: "",
    target: "≤ 1.1",
    met: exponent <= 1.1,
  });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchDossierPdf()) {
    const verdict = r.met === null ? "" : r.met ? ", met" : ", MISSED";
    console.log(`- ${r.name}: ${r.value} ${r.unit} (target ${r.target}${verdict}) ${r.note ?? ""}`);
  }
}

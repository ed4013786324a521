// A dossier's archive has a size limit: when it is over, say which attachments made it too big (the
// largest ones, as many as it takes to fit), so the learner knows what to leave out.
import type { DossierAttachment } from "./dossier.js";

export type ArchiveCheck =
  { ok: true; total: number } | { ok: false; total: number; limit: number; culprits: DossierAttachment[] };

export function checkArchiveSize(
  pdfBytes: number,
  attachments: readonly DossierAttachment[],
  limit: number,
): ArchiveCheck {
  const total = pdfBytes + attachments.reduce((sum, file) => sum + file.size, 0);
  if (total <= limit) return { ok: true, total };
  const culprits: DossierAttachment[] = [];
  let remaining = total;
  for (const file of [...attachments].sort((a, b) => b.size - a.size)) {
    if (remaining <= limit) break;
    culprits.push(file);
    remaining -= file.size;
  }
  return { ok: false, total, limit, culprits };
}

// The learner's traces cited as evidence, read through the portfolio's store (validation's TraceCatalog).
import type { PortfolioStore } from "../domain/portfolio/ports.js";
import type { TraceCatalog, TraceSummary } from "../domain/validation/ports.js";

export class PortfolioTraceCatalog implements TraceCatalog {
  constructor(private readonly store: Pick<PortfolioStore, "taggedTraces">) {}

  /** The learner's 500 newest traces, their tags only (the home and competence pages count them). */
  listForLearner(platformId: string, learnerId: string): Promise<TraceSummary[]> {
    return this.store.taggedTraces(platformId, learnerId, 500);
  }

  /** Only the learner's own traces: evidence never cites someone else's work. */
  async byIds(platformId: string, learnerId: string, ids: readonly string[]): Promise<TraceSummary[]> {
    const wanted = new Set(ids);
    return (await this.listForLearner(platformId, learnerId)).filter((trace) => wanted.has(trace.id));
  }
}

// The warning signs Carnet raises itself, from facts: silence for N weeks, absence from the first
// session, "more evidence" asked again and again on one competence, an invalidated placement. Each
// sign has a key naming the fact, so that raising again finds it already there (idempotent).
import type { Clock } from "../../clock.js";
import type { SupportNotifier } from "./ports.js";
import type { Signal, SignalStore } from "./signals.js";
import { MACHINE_RULE_CATEGORY, type MachineRule } from "./vocabulary.js";

const WEEK_MS = 7 * 86_400_000;

/** "More evidence" on the same competence this many times is a sign. */
export const MORE_EVIDENCE_REPEATS = 2;

export interface LearnerFacts {
  platformId: string;
  learnerId: string;
  /** The last sign of life in Carnet (a trace, a request, a contact, a reply); null: none yet. */
  lastSignAt: Date | null;
  /** When Carnet first knew the learner: silence counts from there until a first sign. */
  knownSince: Date;
  /** The learner's programme's threshold (the tutoring settings' strictest). */
  silentAfterWeeks: number;
  /** The first session of a group the learner missed, if any (sessions area). */
  missedFirstSessionId: string | null;
  /** How many times "more evidence" was asked, per competence. */
  moreEvidence: readonly { competenceKey: string; count: number }[];
  /** Placements the learner's placement evaluations invalidated. */
  invalidatedPlacementIds: readonly string[];
}

export interface MachineSign {
  rule: MachineRule;
  key: string;
  facts: Record<string, number>;
}

/** The signs that hold for these facts now. */
export function machineSignsOf(facts: LearnerFacts, now: Date): MachineSign[] {
  const signs: MachineSign[] = [];
  const reference = facts.lastSignAt ?? facts.knownSince;
  const weeks = Math.floor((now.getTime() - reference.getTime()) / WEEK_MS);
  if (weeks >= facts.silentAfterWeeks)
    // Keyed by the silence's start: a learner who comes back and falls silent again is raised again.
    signs.push({ rule: "silence", key: `silence:${reference.toISOString()}`, facts: { weeks } });
  if (facts.missedFirstSessionId)
    signs.push({
      rule: "missed_first_session",
      key: `first_session:${facts.missedFirstSessionId}`,
      facts: {},
    });
  for (const { competenceKey, count } of facts.moreEvidence)
    if (count >= MORE_EVIDENCE_REPEATS)
      signs.push({ rule: "repeated_more_evidence", key: `more_evidence:${competenceKey}`, facts: { count } });
  for (const placementId of facts.invalidatedPlacementIds)
    signs.push({ rule: "placement_invalidated", key: `placement:${placementId}`, facts: {} });
  return signs;
}

/** Where the job reads the facts (persistence gathers them from the other areas). */
export interface LearnerFactsSource {
  /** Every learner Carnet knows, a page at a time; `next` resumes after this page (null: the end). */
  learners(after: string | null, limit: number): Promise<{ facts: LearnerFacts[]; next: string | null }>;
}

export interface MachineSignalDeps {
  facts: LearnerFactsSource;
  signals: Pick<SignalStore, "add">;
  notifier: SupportNotifier;
  circle: (platformId: string, learnerId: string) => Promise<string[]>;
  clock: Clock;
  newId: () => string;
}

const PAGE = 200;

/** The job: raises what holds, once. Returns how many signals were new. */
export class MachineSignals {
  constructor(private readonly deps: MachineSignalDeps) {}

  async run(): Promise<number> {
    const now = this.deps.clock.now();
    let raised = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.facts.learners(after, PAGE);
      for (const facts of page.facts) raised += await this.raise(facts, now);
      if (page.next === null) break;
      after = page.next;
    }
    return raised;
  }

  private async raise(facts: LearnerFacts, now: Date): Promise<number> {
    let raised = 0;
    for (const sign of machineSignsOf(facts, now)) {
      const signal: Signal = {
        id: this.deps.newId(),
        platformId: facts.platformId,
        learnerId: facts.learnerId,
        category: MACHINE_RULE_CATEGORY[sign.rule],
        note: "",
        source: { kind: "machine", rule: sign.rule, key: sign.key, facts: sign.facts },
        raisedAt: now,
        caseId: null,
      };
      if ((await this.deps.signals.add(signal)) === "added") raised += 1;
    }
    if (raised > 0) {
      const circle = await this.deps.circle(facts.platformId, facts.learnerId);
      await this.deps.notifier.newMessage(facts.platformId, circle, now);
    }
    return raised;
  }
}

// The tutor workspace's first screen: my tutees (and peer tutees) only, the most silent first, each with
// the facts of their last signs of life and the warning signs that hold. Nothing else of any course.
import type { Clock } from "../../clock.js";
import type { Actor } from "../actor.js";
import type { SynthesisProgress } from "../dossier/synthesis.js";
import { displayName, type PeopleDirectory } from "../people/people.js";
import type { TutoringGroup, TutoringKind, TutoringStore } from "./relations.js";
import type { TutoringSettings } from "./settings.js";
import {
  bySilence,
  DEFAULT_THRESHOLDS,
  lastSignOfLife,
  NO_SESSION_FACTS,
  warningSigns,
  type SignThresholds,
  type TuteeActivity,
  type TuteeSessionFacts,
  type WarningSign,
} from "./signs.js";

/** Where the workspace reads what tutees did (traces, requests, contacts, launches, comments). */
export interface TuteeActivitySource {
  activityOf(platformId: string, learnerIds: readonly string[]): Promise<Map<string, TuteeActivity>>;
}

/** What sessions know of tutees: the next one, the ones missed (the sessions area plugs in here). */
export interface TuteeSessionSource {
  factsOf(
    platformId: string,
    learnerIds: readonly string[],
    now: Date,
  ): Promise<Map<string, TuteeSessionFacts>>;
}

export const NO_SESSIONS: TuteeSessionSource = { factsOf: () => Promise.resolve(new Map()) };

/** Where each tutee's synthesis for the jury stands (the dossier area plugs in here). */
export interface TuteeSynthesisSource {
  progressOf(platformId: string, learnerIds: readonly string[]): Promise<Map<string, SynthesisProgress>>;
}

export const EMPTY_ACTIVITY: TuteeActivity = {
  lastLaunchAt: null,
  lastTraceAt: null,
  lastRequestAt: null,
  lastContactAt: null,
  pendingItems: 0,
  oldestWaitingAt: null,
  lastMessageToTuteeAt: null,
  lastReplyAt: null,
};

export interface TuteeRow {
  learnerId: string;
  name: string;
  kind: TutoringKind;
  group: string | null;
  since: Date;
  activity: TuteeActivity;
  sessions: TuteeSessionFacts;
  thresholds: SignThresholds;
  signs: WarningSign[];
  lastSign: Date | null;
  contactOverdue: boolean;
  /** The synthesis for the jury, for a tutor's tutees (a peer tutor writes none). */
  synthesis: SynthesisProgress | null;
}

export interface Workspace {
  tutees: TuteeRow[];
  /** Tutees past their programme's contact rhythm: shown first, and in the digest. */
  overdue: number;
}

export interface WorkspaceDeps {
  store: Pick<TutoringStore, "currentOfTutor" | "currentOfPerson" | "groupsById">;
  activity: TuteeActivitySource;
  sessions: TuteeSessionSource;
  /** None: the workspace shows no synthesis. */
  syntheses?: TuteeSynthesisSource;
  settings: Pick<TutoringSettings, "forLearners">;
  people: Pick<PeopleDirectory, "people">;
  clock: Clock;
}

export class TutorWorkspace {
  constructor(private readonly deps: WorkspaceDeps) {}

  /**
   * How many people the actor tutors, and how many tutor them, now: the navigation offers the workspace
   * to whoever has tutees and "my tutors" to whoever has tutors, whatever their role in the course.
   */
  async counts(actor: Actor): Promise<{ tutees: number; tutors: number }> {
    const { asTutor, asLearner } = await this.deps.store.currentOfPerson(actor.platformId, actor.userId);
    return {
      tutees: new Set(asTutor.map((relation) => relation.learnerId)).size,
      tutors: new Set(asLearner.map((relation) => relation.tutorId)).size,
    };
  }

  async of(actor: Actor): Promise<Workspace> {
    return this.forTutor(actor.platformId, actor.userId);
  }

  /** The workspace of one tutor (the digest reads it too). */
  async forTutor(platformId: string, tutorId: string): Promise<Workspace> {
    const now = this.deps.clock.now();
    const relations = (await this.deps.store.currentOfTutor(platformId, tutorId)).filter(
      (relation) => relation.learnerId !== tutorId,
    );
    const ids = [...new Set(relations.map((relation) => relation.learnerId))];
    if (ids.length === 0) return { tutees: [], overdue: 0 };
    const tutored = relations.filter((relation) => relation.kind !== "peer").map((r) => r.learnerId);
    const [activity, sessions, syntheses, thresholds, people, groups] = await Promise.all([
      this.deps.activity.activityOf(platformId, ids),
      this.deps.sessions.factsOf(platformId, ids, now),
      this.deps.syntheses?.progressOf(platformId, [...new Set(tutored)]) ?? Promise.resolve(new Map()),
      this.deps.settings.forLearners(platformId, ids),
      this.deps.people.people(platformId, ids),
      this.deps.store.groupsById(
        platformId,
        relations.flatMap((relation) => relation.groupId ?? []),
      ),
    ]);
    const groupName = (id: string | null): string | null =>
      groups.find((group: TutoringGroup) => group.id === id)?.name ?? null;
    const tutees = ids.map((learnerId): TuteeRow => {
      const relation = relations.find((candidate) => candidate.learnerId === learnerId);
      const since = relation?.from ?? now;
      const facts = activity.get(learnerId) ?? EMPTY_ACTIVITY;
      const sessionFacts = sessions.get(learnerId) ?? NO_SESSION_FACTS;
      const limits = thresholds.get(learnerId) ?? DEFAULT_THRESHOLDS;
      const signs = warningSigns(facts, sessionFacts, limits, now, since);
      const person = people.get(learnerId);
      return {
        learnerId,
        name: person ? displayName(person) : "",
        kind: relation?.kind ?? "tutor",
        group: groupName(relation?.groupId ?? null),
        since,
        activity: facts,
        sessions: sessionFacts,
        thresholds: limits,
        signs,
        lastSign: lastSignOfLife(facts),
        contactOverdue: signs.some((sign) => sign.code === "contact_overdue"),
        synthesis: relation?.kind === "peer" ? null : (syntheses.get(learnerId) ?? null),
      };
    });
    tutees.sort(bySilence);
    return { tutees, overdue: tutees.filter((row) => row.contactOverdue).length };
  }
}

// What group sessions tell the tutor workspace about each tutee: the next session they are convened
// to, how many they missed, and whether they missed their first one (a warning sign of its own).
import { hasStarted, isCancelled, markOf, type GroupSession } from "./group-session.js";
import type { GroupSessionStore } from "./ports.js";

export interface SessionFacts {
  nextSessionAt: Date | null;
  missedSessions: number;
  missedFirstSession: boolean;
}

/** The facts of each tutee from the sessions they were convened to (excused absences are not missed). */
export function sessionFactsOf(
  sessions: readonly GroupSession[],
  learnerIds: readonly string[],
  now: Date,
): Map<string, SessionFacts> {
  const facts = new Map<string, SessionFacts>();
  for (const learnerId of learnerIds) {
    const theirs = sessions
      .filter((session) => !isCancelled(session) && session.invitees.includes(learnerId))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const next = theirs.find((session) => !hasStarted(session, now));
    const held = theirs.filter((session) => hasStarted(session, now));
    const first = held[0];
    facts.set(learnerId, {
      nextSessionAt: next?.startsAt ?? null,
      missedSessions: held.filter((session) => markOf(session, learnerId) === "absent").length,
      missedFirstSession: first !== undefined && markOf(first, learnerId) === "absent",
    });
  }
  return facts;
}

/** The workspace's port (TuteeSessionSource), read from the sessions' store. */
export class SessionFactsSource {
  constructor(private readonly store: Pick<GroupSessionStore, "ofInvitees">) {}

  async factsOf(
    platformId: string,
    learnerIds: readonly string[],
    now: Date,
  ): Promise<Map<string, SessionFacts>> {
    if (learnerIds.length === 0) return new Map();
    return sessionFactsOf(await this.store.ofInvitees(platformId, learnerIds), learnerIds, now);
  }
}

// What the LMS ended with after a grade drain: every learner's latest score, each value accepted once,
// timestamps and scores only moving forward.
import type { SimulatedLms } from "../../test/support/sim-lms/index.js";

export interface GradebookCheck {
  accepted: number;
  /** Learners whose gradebook row is missing or not the latest score. */
  lost: number;
  /** Accepted scores carrying the same value as the learner's previous accepted score. */
  duplicated: number;
  /** Accepted scores stamped no later, or lower, than the learner's previous one. */
  outOfOrder: number;
  /** When the LMS accepted the last score (ms since the epoch), if it accepted any. */
  lastAcceptedAt: number | undefined;
}

interface ScoreBody {
  userId: string;
  timestamp: string;
  scoreGiven?: number;
  comment?: string;
  activityProgress?: string;
  gradingProgress?: string;
}

export function checkGradebook(
  lms: SimulatedLms,
  lineItemUrl: string,
  users: readonly { sub: string }[],
  expectedScore: number,
): GradebookCheck {
  const gradebook = lms.gradebook(lineItemUrl);
  let lost = 0;
  for (const user of users) {
    if (gradebook.get(user.sub)?.scoreGiven !== expectedScore) lost += 1;
  }
  const lineItemId = lms.lineItem(lineItemUrl)?.id;
  const last = new Map<string, { at: number; score: number; value: string }>();
  let accepted = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let lastAcceptedAt: number | undefined;
  for (const record of lms.scores) {
    if (record.lineItemId !== lineItemId || record.status !== 200) continue;
    accepted += 1;
    lastAcceptedAt = Math.max(lastAcceptedAt ?? 0, record.receivedAt);
    const body = record.body as ScoreBody;
    const current = {
      at: Date.parse(body.timestamp),
      score: body.scoreGiven ?? 0,
      value: JSON.stringify([body.scoreGiven, body.comment, body.activityProgress, body.gradingProgress]),
    };
    const previous = last.get(body.userId);
    if (previous && (current.at <= previous.at || current.score < previous.score)) outOfOrder += 1;
    if (previous && previous.value === current.value) duplicated += 1;
    last.set(body.userId, current);
  }
  return { accepted, lost, duplicated, outOfOrder, lastAcceptedAt };
}

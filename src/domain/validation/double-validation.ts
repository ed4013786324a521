// Double validation: a course may require two distinct validators per competence ("1/2" until the
// second approval). The settled level is the lower of the approved levels: the cautious reading.
import type { Approval } from "./records.js";
import type { ScaleLevel } from "./transition.js";

export function requiredApprovals(validationsRequired: number): number {
  return validationsRequired >= 2 ? 2 : 1;
}

/** The approvals with this one added, or null when this validator already approved. */
export function addApproval(approvals: readonly Approval[], approval: Approval): Approval[] | null {
  if (approvals.some((existing) => existing.validatorId === approval.validatorId)) return null;
  return [...approvals, approval];
}

export function settledLevel(approvals: readonly Approval[], scale: readonly ScaleLevel[]): string | null {
  let lowest: number | undefined;
  for (const approval of approvals) {
    const index = scale.findIndex((level) => level.code === approval.level);
    if (index >= 0 && (lowest === undefined || index < lowest)) lowest = index;
  }
  return lowest === undefined ? (approvals[0]?.level ?? null) : (scale[lowest]?.code ?? null);
}

/** "1/2" while a second validator is awaited; null when one validation suffices. */
export function approvalProgress(approvals: readonly Approval[], validationsRequired: number): string | null {
  const required = requiredApprovals(validationsRequired);
  return required > 1 ? `${Math.min(approvals.length, required)}/${required}` : null;
}

// The tutor workspace's first screen: one row per tutee, most silent first, with the facts a tutor
// reads in a glance (last trace, request, contact, next session) and the warning signs in words.
import type { TuteeRow, Workspace } from "../../domain/tutoring/workspace.js";
import type { WarningSign } from "../../domain/tutoring/signs.js";
import type { Translate } from "../../i18n/i18n.js";
import type { PresenterView } from "../validation-links.js";
import { stageBadge, synthesisHref } from "../dossier/tutor-synthesis.js";

export interface TuteeView {
  name: string;
  href: string;
  /** Team notes: a tutor's, never a peer tutor's. */
  notesHref: string | null;
  peer: boolean;
  group: string;
  since: Date;
  lastTrace: Date | null;
  lastRequest: Date | null;
  pending: number;
  lastContact: Date | null;
  nextSession: Date | null;
  signs: { text: string; serious: boolean }[];
  quiet: boolean;
  contactOverdue: boolean;
  /** The synthesis for the jury: its page and where it stands (a tutor's tutees only). */
  synthesis: { href: string; text: string; className: string } | null;
}

export function signText(sign: WarningSign, t: Translate): string {
  switch (sign.code) {
    case "never_launched":
      return t("tutoring:signs.neverLaunched");
    case "no_trace":
      return sign.weeks === null
        ? t("tutoring:signs.noTraceYet")
        : t("tutoring:signs.noTrace", { count: sign.weeks });
    case "unanswered":
      return t("tutoring:signs.unanswered", { count: sign.days });
    case "request_waiting":
      return t("tutoring:signs.requestWaiting", { count: sign.days });
    case "missed_session":
      return sign.first
        ? t("tutoring:signs.missedFirstSession")
        : t("tutoring:signs.missedSession", { count: sign.count });
    case "contact_overdue":
      return sign.weeks === null
        ? t("tutoring:signs.noContactYet")
        : t("tutoring:signs.contactOverdue", { count: sign.weeks });
  }
}

/** Absence from the first session and silence since launch are what the studies single out. */
function serious(sign: WarningSign): boolean {
  return (sign.code === "missed_session" && sign.first) || sign.code === "never_launched";
}

/** A tutor opens a tutee's file; a peer tutor, the traces the tutee shares with them. */
export function tuteeHref(base: string, row: Pick<TuteeRow, "learnerId" | "kind">): string {
  const id = encodeURIComponent(row.learnerId);
  return row.kind === "peer" ? `${base}/learners/${id}/traces` : `${base}/learners/${id}`;
}

export function presentTutee(row: TuteeRow, view: PresenterView): TuteeView {
  const { t, base } = view;
  return {
    name: row.name || t("validation:someone"),
    href: tuteeHref(base, row),
    notesHref:
      row.kind === "peer"
        ? null
        : `${base}/tutoring/learners/${encodeURIComponent(row.learnerId)}/team-notes`,
    peer: row.kind === "peer",
    group: row.group ?? "",
    since: row.since,
    lastTrace: row.activity.lastTraceAt,
    lastRequest: row.activity.lastRequestAt,
    pending: row.activity.pendingItems,
    lastContact: row.activity.lastContactAt,
    nextSession: row.sessions.nextSessionAt,
    signs: row.signs.map((sign) => ({ text: signText(sign, t), serious: serious(sign) })),
    quiet: row.signs.length > 0,
    contactOverdue: row.contactOverdue,
    synthesis: row.synthesis
      ? { href: synthesisHref(base, row.learnerId), ...stageBadge(row.synthesis, t) }
      : null,
  };
}

export interface WorkspaceView {
  tutees: TuteeView[];
  /** "My tutees' traces": what they shared with me, and who shared nothing. */
  reviewHref: string;
  count: number;
  overdue: number;
  overdueText: string;
}

export function presentWorkspace(workspace: Workspace, view: PresenterView): WorkspaceView {
  return {
    tutees: workspace.tutees.map((row) => presentTutee(row, view)),
    reviewHref: `${view.base}/traces/review`,
    count: workspace.tutees.length,
    overdue: workspace.overdue,
    overdueText: view.t("tutoring:workspace.overdue", { count: workspace.overdue }),
  };
}

// The header's navigation, by what the actor can do here; every area's entry point is listed once.
import type { Actor } from "../domain/actor.js";
import { hasRole, teachesHere } from "../domain/actor.js";
import type { Translate } from "../i18n/i18n.js";

export type NavKey =
  | "home"
  | "traces"
  | "competences"
  | "credentials"
  | "dossier"
  | "placements"
  | "juries"
  | "queue"
  | "cohort"
  | "tutoring"
  | "myTutors"
  | "grading"
  | "frameworks"
  | "settings"
  | "admin"
  | "sessions"
  | "notifications"
  | "support";

export interface NavItem {
  key: NavKey;
  href: string;
  label: string;
  current: boolean;
  badge?: number;
  badgeLabel?: string;
}

export interface NavBadges {
  notifications?: number;
  queue?: number;
  /** People the actor tutors now (the tutor workspace is theirs, whatever their LTI role here). */
  tutees?: number;
  /** People who tutor the actor now. */
  tutors?: number;
}

export function navigationFor(
  actor: Actor,
  t: Translate,
  current: NavKey,
  badges: NavBadges = {},
): NavItem[] {
  const base = `/l/${actor.launchId}`;
  const items: { key: NavKey; href: string }[] = [{ key: "home", href: `${base}/` }];
  const teaching = teachesHere(actor);
  if (!teaching || hasRole(actor, "learner")) {
    items.push(
      { key: "traces", href: `${base}/traces` },
      { key: "competences", href: `${base}/competences` },
    );
    if (actor.contextId !== null && hasRole(actor, "learner") && !teaching)
      items.push({ key: "credentials", href: `${base}/credentials` });
  }
  if (hasRole(actor, "learner") && actor.contextId) {
    items.push({ key: "dossier", href: `${base}/dossier` });
    items.push({ key: "placements", href: `${base}/placements` });
  }
  if (teaching) {
    items.push(
      { key: "queue", href: `${base}/validation/queue` },
      { key: "cohort", href: `${base}/cohort` },
      { key: "tutoring", href: `${base}/tutoring` },
      { key: "grading", href: `${base}/grading` },
      { key: "frameworks", href: `${base}/frameworks` },
      { key: "settings", href: `${base}/course/settings` },
      { key: "juries", href: `${base}/juries` },
    );
  }
  // A tutor reaches their tutees from any course they launch from, as a Mentor, a learner or a teacher.
  if (!teaching && ((badges.tutees ?? 0) > 0 || hasRole(actor, "mentor")))
    items.push({ key: "tutoring", href: `${base}/tutoring` });
  if ((badges.tutors ?? 0) > 0) items.push({ key: "myTutors", href: `${base}/my-tutors` });
  // Group sessions and interviews: whoever tutors or is tutored, and who convenes for the course.
  if (teaching || (badges.tutees ?? 0) > 0 || (badges.tutors ?? 0) > 0 || hasRole(actor, "mentor"))
    items.push({ key: "sessions", href: `${base}/sessions` });
  if (hasRole(actor, "admin")) items.push({ key: "admin", href: `${base}/admin` });
  items.push({ key: "support", href: `${base}/support` });
  items.push({ key: "notifications", href: `${base}/notifications` });
  return items.map((item) => {
    const badge =
      item.key === "notifications" ? badges.notifications : item.key === "queue" ? badges.queue : undefined;
    return {
      ...item,
      label: t(`common:nav.${item.key}`),
      current: item.key === current,
      ...(badge ? { badge, badgeLabel: t(`common:nav.badge.${item.key}`, { count: badge }) } : {}),
    };
  });
}

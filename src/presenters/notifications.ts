// Notification records → sentences in the reader's language, with people's names resolved in one query.
import type { Actor } from "../domain/actor.js";
import type { Notification } from "../domain/notifications/inbox.js";
import { namesOf, type PeopleDirectory } from "../domain/people/people.js";
import type { Translate } from "../i18n/i18n.js";

const PERSON_PARAMS = ["by", "learnerId", "tutorId"] as const;

export class NotificationRenderer {
  private constructor(
    private readonly names: Map<string, string>,
    private readonly t: Translate,
  ) {}

  static async for(
    people: Pick<PeopleDirectory, "people">,
    platformId: string,
    list: readonly Pick<Notification, "params">[],
    t: Translate,
  ): Promise<NotificationRenderer> {
    const ids = new Set<string>();
    for (const notification of list) {
      for (const key of PERSON_PARAMS) {
        const value = notification.params[key];
        if (typeof value === "string") ids.add(value);
      }
    }
    return new NotificationRenderer(await namesOf(people, platformId, ids), t);
  }

  text(notification: Pick<Notification, "kind" | "params">): string {
    const params: Record<string, unknown> = { ...notification.params };
    for (const key of PERSON_PARAMS) {
      const value = notification.params[key];
      if (typeof value === "string") params[key] = this.names.get(value) ?? this.t("validation:someone");
    }
    if (notification.kind === "decision") {
      const parts = (["validated", "approved", "moreEvidence", "commented"] as const)
        .filter((key) => Number(notification.params[key] ?? 0) > 0)
        .map((key) =>
          this.t(`validation:notifications.decisionParts.${key}`, {
            count: Number(notification.params[key]),
          }),
        );
      return this.t("validation:notifications.kinds.decision", { ...params, parts: parts.join(", ") });
    }
    if (notification.kind === "tutoring_assigned") {
      // Appointed outside a group (one by one, an import): the sentence names no group.
      const who = Number(notification.params.count ?? 0) > 0 ? "tutor" : "learner";
      const direct = notification.params.group === "" ? "_direct" : "";
      return this.t(`validation:notifications.kinds.tutoring_assigned_${who}${direct}`, params);
    }
    if (notification.kind === "proposal_answered") {
      return this.t(
        notification.params.accepted
          ? "validation:notifications.kinds.proposal_accepted"
          : "validation:notifications.kinds.proposal_declined",
        params,
      );
    }
    return this.t(`validation:notifications.kinds.${notification.kind}`, params);
  }
}

export interface NotificationsPage {
  title: string;
  items: { text: string; at: Date; unread: boolean; href: string; elsewhere: boolean }[];
  unread: number;
  action: string;
}

/** The inbox page: links only for notifications of the course the person launched from. */
export async function presentNotifications(
  actor: Actor,
  list: readonly Notification[],
  view: { t: Translate; base: string; people: Pick<PeopleDirectory, "people"> },
): Promise<NotificationsPage> {
  const renderer = await NotificationRenderer.for(view.people, actor.platformId, list, view.t);
  return {
    title: view.t("validation:notifications.title"),
    items: list.map((notification) => {
      const here =
        notification.contextId === actor.contextId && notification.deploymentId === actor.deploymentId;
      return {
        text: renderer.text(notification),
        at: notification.createdAt,
        unread: !notification.readAt,
        href: here && notification.path ? `${view.base}/${notification.path}` : "",
        elsewhere: !here && Boolean(notification.contextId),
      };
    }),
    unread: list.filter((notification) => !notification.readAt).length,
    action: `${view.base}/notifications/read`,
  };
}

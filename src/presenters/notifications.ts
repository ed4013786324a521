// Notification records → sentences in the reader's language, with people's names resolved in one query.
import type { Translate } from "../i18n/i18n.js";
import type { NotificationDoc } from "../persistence/models/validation-models.js";
import { displayName, type PeopleRepository } from "../persistence/people-repository.js";

const PERSON_PARAMS = ["by", "learnerId", "tutorId"] as const;

export class NotificationRenderer {
  private constructor(
    private readonly names: Map<string, string>,
    private readonly t: Translate,
  ) {}

  static async for(
    people: PeopleRepository,
    platformId: string,
    list: readonly NotificationDoc[],
    t: Translate,
  ): Promise<NotificationRenderer> {
    const ids = new Set<string>();
    for (const notification of list) {
      for (const key of PERSON_PARAMS) {
        const value = notification.params[key];
        if (typeof value === "string") ids.add(value);
      }
    }
    const found = await people.people(platformId, [...ids]);
    return new NotificationRenderer(new Map([...found].map(([id, person]) => [id, displayName(person)])), t);
  }

  text(notification: Pick<NotificationDoc, "kind" | "params">): string {
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
      return Number(notification.params.count ?? 0) > 0
        ? this.t("validation:notifications.kinds.tutoring_assigned_tutor", params)
        : this.t("validation:notifications.kinds.tutoring_assigned_learner", params);
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

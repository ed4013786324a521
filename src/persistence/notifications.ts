// In-app notifications (always), with an e-mail flag the hourly job reads when SMTP is configured.
import { randomUUID } from "node:crypto";
import type { Notification, NotificationStore } from "../domain/notifications/inbox.js";
import type {
  EmailOutbox,
  NewNotification,
  NotificationSink,
  QueuedEmail,
} from "../domain/validation/ports.js";
import type { NotificationDoc, ValidationModels } from "./models/validation-models.js";

export class NotificationRepository implements NotificationSink, NotificationStore, EmailOutbox {
  constructor(private readonly models: Pick<ValidationModels, "Notification">) {}

  async notify(notifications: NewNotification[], now: Date): Promise<void> {
    if (notifications.length === 0) return;
    await this.models.Notification.insertMany(
      notifications.map(({ email, ...notification }) => ({
        _id: randomUUID(),
        ...notification,
        createdAt: now,
        ...(email ? { email: { pending: true } } : {}),
      })),
    );
  }

  async list(platformId: string, userId: string, limit = 100): Promise<Notification[]> {
    const docs = await this.models.Notification.find({ platformId, userId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<NotificationDoc[]>();
    return docs.map(({ _id, platformId: _p, userId: _u, email: _e, ...rest }) => ({ id: _id, ...rest }));
  }

  async unreadCount(platformId: string, userId: string): Promise<number> {
    return this.models.Notification.countDocuments({ platformId, userId, readAt: { $exists: false } });
  }

  async markAllRead(platformId: string, userId: string, now: Date): Promise<void> {
    await this.models.Notification.updateMany(
      { platformId, userId, readAt: { $exists: false } },
      { $set: { readAt: now } },
    );
  }

  async pendingEmails(limit = 500): Promise<QueuedEmail[]> {
    const docs = await this.models.Notification.find({ "email.pending": true })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<NotificationDoc[]>();
    return docs.map((doc) => ({
      id: doc._id,
      platformId: doc.platformId,
      userId: doc.userId,
      kind: doc.kind,
      params: doc.params,
    }));
  }

  async markEmailed(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.models.Notification.updateMany(
      { _id: { $in: [...ids] } },
      { $set: { email: { pending: false, sentAt: now } } },
    );
  }

  /** No address or no SMTP: stop waiting for an e-mail that will not be sent. */
  async dropEmails(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.models.Notification.updateMany(
      { _id: { $in: [...ids] } },
      { $set: { email: { pending: false } } },
    );
  }
}

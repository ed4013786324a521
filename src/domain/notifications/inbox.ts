// A person's in-app notifications: only ever their own, in the tenant they launched from.
import type { Actor } from "../actor.js";
import type { Clock } from "../../clock.js";
import type { NotificationKind } from "../validation/ports.js";

export interface Notification {
  id: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  deploymentId?: string;
  contextId?: string;
  /** Path under /l/<launchId>/ of the page it is about. */
  path?: string;
  createdAt: Date;
  readAt?: Date;
}

export interface NotificationStore {
  list(platformId: string, userId: string, limit?: number): Promise<Notification[]>;
  unreadCount(platformId: string, userId: string): Promise<number>;
  markAllRead(platformId: string, userId: string, now: Date): Promise<void>;
}

export class NotificationInbox {
  constructor(
    private readonly store: NotificationStore,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor): Promise<Notification[]> {
    return this.store.list(actor.platformId, actor.userId);
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.store.unreadCount(actor.platformId, actor.userId);
  }

  markAllRead(actor: Actor): Promise<void> {
    return this.store.markAllRead(actor.platformId, actor.userId, this.clock.now());
  }
}

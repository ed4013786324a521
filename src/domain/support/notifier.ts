// "You have a new message in Carnet": the only words the support space lets out, in-app and by e-mail.
// No learner, no case, no category, no link into the space: others read inboxes and mail servers.
import type { NotificationSink } from "../validation/ports.js";
import type { SupportNotifier } from "./ports.js";

export class InboxSupportNotifier implements SupportNotifier {
  constructor(private readonly sink: NotificationSink) {}

  async newMessage(platformId: string, userIds: readonly string[], at: Date): Promise<void> {
    const recipients = [...new Set(userIds)];
    if (recipients.length === 0) return;
    await this.sink.notify(
      recipients.map((userId) => ({ platformId, userId, kind: "support_message", params: {}, email: true })),
      at,
    );
  }
}

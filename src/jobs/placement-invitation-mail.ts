// The placement invitation e-mail: each new invitation's link is sent once to the supervisor, in the
// inviter's language, while the link can still be opened for the first time. Without SMTP the link is
// only shown to the inviter (it always is), and the invitation leaves the queue.
import type { AccessLinks } from "../domain/dossier/access-links.js";
import { displayName, type PeopleDirectory } from "../domain/people/people.js";
import {
  invitationState,
  type PlacementInvitation,
  type PlacementInvitationStore,
} from "../domain/placements/invitation.js";
import type { MailMessage } from "../domain/validation/ports.js";
import { dateTimeFormat } from "../i18n/format.js";
import { DEFAULT_LOCALE, toSupportedLocale, translator } from "../i18n/i18n.js";
import type { LoopedJob, MailingJobDeps } from "./job-loop.js";

export const INVITATION_MAIL_INTERVAL_MS = 60_000;
const BATCH = 50;

export interface InvitationMailDeps extends MailingJobDeps {
  store: Pick<PlacementInvitationStore, "pendingMail" | "mailDone">;
  links: Pick<AccessLinks, "byId" | "tokenOf">;
  people: Pick<PeopleDirectory, "person">;
  /** Carnet's public address: the link opens outside any LMS. */
  baseUrl: string;
}

export class InvitationMailJob implements LoopedJob {
  /** Started by main.ts: every minute. */
  readonly loop = { name: "placement-invitation-mail", intervalMs: INVITATION_MAIL_INTERVAL_MS };

  constructor(private readonly deps: InvitationMailDeps) {}

  /** Sends what is due; returns how many e-mails left. */
  async run(): Promise<number> {
    let sent = 0;
    for (const invitation of await this.deps.store.pendingMail(BATCH)) {
      const link = await this.deps.links.byId(invitation.linkId);
      const state = invitationState(link, this.deps.clock.now());
      // Revoked, expired or already opened: the link would only lead to "no longer valid".
      if (!this.deps.mail || !link || state !== "not_opened") {
        await this.deps.store.mailDone(invitation.platformId, invitation.id, null);
        continue;
      }
      try {
        await this.deps.mail.send(await this.message(invitation, this.deps.links.tokenOf(link)));
        await this.deps.store.mailDone(invitation.platformId, invitation.id, this.deps.clock.now());
        sent += 1;
      } catch (error) {
        // Left pending: the next run tries again.
        this.deps.logger.warn(
          { job: "placement-invitation-mail", err: error instanceof Error ? error.message : String(error) },
          "invitation e-mail failed",
        );
      }
    }
    return sent;
  }

  private async message(invitation: PlacementInvitation, token: string): Promise<MailMessage> {
    const [learner, inviter] = await Promise.all([
      this.deps.people.person(invitation.platformId, invitation.learnerId),
      this.deps.people.person(invitation.platformId, invitation.createdBy),
    ]);
    const locale = toSupportedLocale(inviter?.locale) ?? DEFAULT_LOCALE;
    const t = translator(locale);
    const day = dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    const params = {
      name: invitation.supervisor.name,
      learner: learner ? displayName(learner) : "",
      inviter: inviter ? displayName(inviter) : "",
      placement: invitation.placement,
      dates: `${day.format(invitation.startsOn)} – ${day.format(invitation.endsOn)}`,
      url: `${this.deps.baseUrl}/stage/open/${token}`,
    };
    return {
      to: invitation.supervisor.email,
      subject: t("placements:mail.subject", params),
      text: [
        t("placements:mail.intro", params),
        "",
        params.url,
        "",
        t("placements:mail.personal"),
        t("placements:mail.outro", params),
      ].join("\n"),
    };
  }
}

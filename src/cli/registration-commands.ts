// `carnet registration …` (invitations, pending registrations) and `carnet audit list`.
import type { AuditEntry } from "../domain/audit/audit-log.js";
import { parseValidity } from "../lti/platform-admin.js";
import type { CliContext } from "./context.js";
import { CliUsageError, type ParsedArgs, printListing, printTable } from "./args.js";
import { registrationState } from "../persistence/platform-registry.js";
import { cliActor, required } from "./platform-commands.js";

export const REGISTRATION_USAGE = `carnet registration invite [--expires 7d] [--note TEXT] [--operator]
carnet registration list [--json]
carnet registration revoke <invitation-id>
carnet audit list [--platform ID] [--action PREFIX.] [--limit 50] [--json]`;

export async function registrationCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const admin = context.services.platformAdmin;
  const [command, ...rest] = args.positionals;
  switch (command) {
    case "invite": {
      const expires = args.option("expires") ?? "7d";
      const validForMs = parseValidity(expires);
      if (validForMs === undefined) {
        throw new CliUsageError(
          `--expires: ${expires} is not a duration such as 30m, 12h, 7d or 2w (at most 90 days)`,
        );
      }
      const { invitation, url } = await admin.invite(
        { validForMs, note: args.option("note"), operator: args.flag("operator") },
        cliActor(),
      );
      if (args.flag("json")) {
        console.log(JSON.stringify({ id: invitation._id, url, expiresAt: invitation.expiresAt }, null, 2));
        return;
      }
      console.log(`Registration URL (one use, until ${invitation.expiresAt.toISOString()}):\n\n  ${url}\n`);
      console.log("Paste it in the LMS's Dynamic Registration field (Moodle: Manage tools → Tool URL).");
      return;
    }
    case "list": {
      const invitations = await context.services.invitations.list();
      const pending = (await admin.list()).filter((p) => registrationState(p) === "pending");
      if (args.flag("json")) {
        console.log(JSON.stringify({ invitations, pending }, null, 2));
        return;
      }
      console.log("Invitations");
      printTable(
        ["id", "state", "expires", "created by", "note", "platform"],
        invitations.map((i) => [
          i._id,
          context.services.invitations.stateOf(i),
          i.expiresAt.toISOString(),
          i.createdBy,
          i.note ?? "",
          i.platformId ?? "",
        ]),
      );
      console.log("\nPending registrations (npm run carnet -- platform activate <id>)");
      printTable(
        ["id", "issuer", "client id", "from", "at"],
        pending.map((p) => [
          p._id,
          p.issuer,
          p.clientId,
          p.registration.sourceIp ?? "",
          p.registration.at.toISOString(),
        ]),
      );
      return;
    }
    case "revoke": {
      const id = required(rest[0], "invitation id");
      const revoked = await admin.revokeInvitation(id, cliActor());
      if (!revoked) throw new CliUsageError(`No open invitation ${id}`);
      console.log(`Revoked ${id}: its URL registers nothing any more`);
      return;
    }
    default:
      throw new CliUsageError(REGISTRATION_USAGE);
  }
}

export async function auditCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const [command] = args.positionals;
  if (command !== "list") throw new CliUsageError(REGISTRATION_USAGE);
  const limit = Number(args.option("limit") ?? "50");
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliUsageError("--limit: 1 to 500");
  const platform = args.option("platform");
  const entries = await context.services.audit.list({
    limit,
    ...(platform ? { platformIds: [platform] } : {}),
    ...(args.option("action") ? { action: args.option("action") } : {}),
  });
  printListing(
    args.flag("json"),
    entries,
    ["at", "action", "outcome", "actor", "target", "details"],
    entries.map(auditRow),
  );
}

function auditRow(entry: AuditEntry): string[] {
  const actor = [
    entry.actor.kind,
    entry.actor.label,
    entry.actor.platformId,
    entry.actor.userId,
    entry.actor.ip,
  ]
    .filter(Boolean)
    .join(" ");
  const details = Object.entries(entry.details ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(" ");
  return [
    entry.at.toISOString(),
    entry.action,
    entry.outcome,
    actor,
    entry.target ? `${entry.target.type} ${entry.target.id}` : "",
    details,
  ];
}

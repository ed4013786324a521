// `carnet credentials keys …`: the issuer keys that sign Open Badges credentials (rotate like the LTI keys).
import type { CliContext } from "./context.js";
import { CliUsageError, printTable, type ParsedArgs } from "./args.js";

export const CREDENTIALS_USAGE = `carnet credentials keys list
carnet credentials keys rotate              # signs with a new key; the old one stays published
carnet credentials keys retire <key-id>     # withdraws a rotated-out key: what it signed no longer verifies`;

export async function credentialsCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const keys = context.services.credentials.keys;
  const [group, command, target] = args.positionals;
  if (group !== "keys") throw new CliUsageError(CREDENTIALS_USAGE);
  switch (command) {
    case "list":
      printTable(
        ["key id", "status", "created"],
        (await keys.list()).map((key) => [key.kid, key.status, key.createdAt.toISOString()]),
      );
      return;
    case "rotate":
      console.log(`New signing key ${await keys.rotate()}; the previous one stays published.`);
      return;
    case "retire":
      if (!target) throw new CliUsageError(CREDENTIALS_USAGE);
      if (!(await keys.retire(target)))
        throw new CliUsageError(
          `No rotated-out key ${target} (the active key cannot be retired: rotate first)`,
        );
      console.log(`Retired ${target}.`);
      return;
    default:
      throw new CliUsageError(CREDENTIALS_USAGE);
  }
}

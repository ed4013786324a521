// The `carnet` command: npm run carnet -- <group> <command> [options]
import { ConfigError } from "../config/config.js";
import { CliUsageError, parseCliArgs } from "./args.js";
import { openCliContext } from "./context.js";
import { CREDENTIALS_USAGE, credentialsCommand } from "./credential-commands.js";
import { FRAMEWORK_USAGE, frameworkCommand } from "./framework-commands.js";
import { keysCommand, platformCommand, PLATFORM_USAGE } from "./platform-commands.js";
import { personCommand, PERSON_USAGE } from "./person-commands.js";
import { auditCommand, registrationCommand, REGISTRATION_USAGE } from "./registration-commands.js";

const USAGE = `Usage: npm run carnet -- <command>

${PLATFORM_USAGE}
${REGISTRATION_USAGE}
${FRAMEWORK_USAGE}
${CREDENTIALS_USAGE}
${PERSON_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (!group || group === "help" || group === "--help") {
    console.log(USAGE);
    return group ? 0 : 2;
  }
  const handlers: Record<string, typeof platformCommand> = {
    platform: platformCommand,
    keys: keysCommand,
    registration: registrationCommand,
    audit: auditCommand,
    framework: frameworkCommand,
    credentials: credentialsCommand,
    person: personCommand,
  };
  const handler = handlers[group];
  if (!handler) {
    console.error(`Unknown command "${group}"\n\n${USAGE}`);
    return 2;
  }
  const args = parseCliArgs(rest);
  const context = await openCliContext();
  try {
    await handler(context, args);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof CliUsageError) console.error(error.message);
    else if (error instanceof ConfigError)
      console.error(`Invalid configuration: ${error.problems.join("; ")}`);
    else console.error(`carnet: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof CliUsageError ? 2 : 1);
  });

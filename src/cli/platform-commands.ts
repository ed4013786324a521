// `carnet platform …` and `carnet keys …`: manual registration and key management.
import { PlatformAdmin } from "../lti/platform-admin.js";
import { ValidationError } from "../errors.js";
import type { CliContext } from "./context.js";
import { CliUsageError, type ParsedArgs, printTable } from "./args.js";

export const PLATFORM_USAGE = `carnet platform add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL --deployment ID [--deployment ID…] [--name NAME] [--auth-server URL]
carnet platform list [--json]
carnet platform remove <platform-id>
carnet platform activate|deactivate <platform-id>
carnet platform deployment-add|deployment-remove <platform-id> <deployment-id>
carnet keys list [--json]
carnet keys rotate <platform-id>
carnet keys retire <kid>`;

export async function platformCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const admin = new PlatformAdmin(context.services.platforms, context.services.keys);
  const [command, ...rest] = args.positionals;
  switch (command) {
    case "add": {
      try {
        const platform = await admin.add(
          {
            issuer: args.option("issuer"),
            clientId: args.option("client-id"),
            name: args.option("name"),
            authUrl: args.option("auth-url"),
            tokenUrl: args.option("token-url"),
            jwksUrl: args.option("jwks-url"),
            authServer: args.option("auth-server"),
            deploymentIds: args.options("deployment"),
          },
          "cli",
        );
        if (args.flag("json")) console.log(JSON.stringify(platform, null, 2));
        else
          console.log(
            `Registered ${platform.issuer} (client ${platform.clientId}) as ${platform._id}; deployments: ${platform.deploymentIds.join(", ")}`,
          );
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new CliUsageError(
            Object.entries(error.fields)
              .map(([field, message]) => `--${toOption(field)}: ${message}`)
              .join("\n"),
          );
        }
        throw error;
      }
      return;
    }
    case "list": {
      const platforms = await admin.list();
      if (args.flag("json")) {
        console.log(JSON.stringify(platforms, null, 2));
        return;
      }
      printTable(
        ["id", "issuer", "client id", "deployments", "active", "registered"],
        platforms.map((p) => [
          p._id,
          p.issuer,
          p.clientId,
          p.deploymentIds.join(","),
          p.active ? "yes" : "no",
          p.registration.method,
        ]),
      );
      return;
    }
    case "remove": {
      const id = required(rest[0], "platform id");
      const removed = await admin.remove(id);
      if (!removed) throw new CliUsageError(`No platform ${id}`);
      console.log(
        `Removed ${removed.issuer} (client ${removed.clientId}). Its people, portfolios and validations are kept.`,
      );
      return;
    }
    case "activate":
    case "deactivate": {
      const id = required(rest[0], "platform id");
      const platform = await context.services.platforms.findById(id);
      if (!platform) throw new CliUsageError(`No platform ${id}`);
      await context.services.platforms.setActive(id, command === "activate");
      console.log(`${command === "activate" ? "Activated" : "Deactivated"} ${platform.issuer}`);
      return;
    }
    case "deployment-add":
    case "deployment-remove": {
      const id = required(rest[0], "platform id");
      const deployment = required(rest[1], "deployment id");
      if (!(await context.services.platforms.findById(id))) throw new CliUsageError(`No platform ${id}`);
      if (command === "deployment-add") await context.services.platforms.addDeployment(id, deployment);
      else await context.services.platforms.removeDeployment(id, deployment);
      console.log(`${command === "deployment-add" ? "Added" : "Removed"} deployment ${deployment}`);
      return;
    }
    default:
      throw new CliUsageError(PLATFORM_USAGE);
  }
}

export async function keysCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const admin = new PlatformAdmin(context.services.platforms, context.services.keys);
  const [command, ...rest] = args.positionals;
  switch (command) {
    case "list": {
      const keys = await context.services.keys.listKeys();
      if (args.flag("json")) console.log(JSON.stringify(keys, null, 2));
      else
        printTable(
          ["kid", "platform", "client id", "signing"],
          keys.map((k) => [k.kid, k.platformUrl, k.clientId, k.current ? "yes" : "published only"]),
        );
      return;
    }
    case "rotate": {
      const id = required(rest[0], "platform id");
      const rotated = await admin.rotateKey(id);
      if (!rotated) throw new CliUsageError(`No platform ${id}`);
      console.log(
        `Now signing with ${rotated.newKid}. ${rotated.oldKid} stays published until you run: npm run carnet -- keys retire ${rotated.oldKid}`,
      );
      return;
    }
    case "retire": {
      const kid = required(rest[0], "kid");
      const result = await context.services.keys.retire(kid);
      if (result === "in-use")
        throw new CliUsageError(`${kid} is the key a platform signs with now: rotate first`);
      if (result === "unknown") throw new CliUsageError(`No key ${kid}`);
      console.log(`Retired ${kid}: it is no longer published at /lti/keys`);
      return;
    }
    default:
      throw new CliUsageError(PLATFORM_USAGE);
  }
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new CliUsageError(`Missing ${what}\n\n${PLATFORM_USAGE}`);
  return value;
}

function toOption(field: string): string {
  const map: Record<string, string> = {
    clientId: "client-id",
    authUrl: "auth-url",
    tokenUrl: "token-url",
    jwksUrl: "jwks-url",
    authServer: "auth-server",
    deploymentIds: "deployment",
  };
  return map[field] ?? field;
}

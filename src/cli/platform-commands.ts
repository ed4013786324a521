// `carnet platform …` and `carnet keys …`: registrations by hand, their life cycle, and the tool's keys.
import { userInfo } from "node:os";
import type { AuditActor } from "../domain/audit/audit-log.js";
import { ValidationError } from "../errors.js";
import { registrationState, type PlatformRecord } from "../persistence/platform-registry.js";
import type { CliContext } from "./context.js";
import { CliUsageError, type ParsedArgs, printListing } from "./args.js";

export const PLATFORM_USAGE = `carnet platform add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL --deployment ID [--deployment ID…] [--name NAME] [--auth-server URL] [--origin URL…] [--operator]
carnet platform update <platform-id> [--name NAME] [--auth-url URL] [--token-url URL] [--jwks-url URL] [--auth-server URL] [--origin URL…]
carnet platform list [--json]
carnet platform remove <platform-id>
carnet platform activate|deactivate <platform-id>
carnet platform operator <platform-id> on|off
carnet platform deployment-add|deployment-remove <platform-id> <deployment-id>
carnet keys list [--json]
carnet keys rotate <platform-id>
carnet keys retire <kid>`;

/** The operator at the terminal, as the audit log names them. */
export function cliActor(): AuditActor {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the command still runs.
  }
  return { kind: "operator", label: `cli:${user}` };
}

export async function platformCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const admin = context.services.platformAdmin;
  const by = cliActor();
  const [command, ...rest] = args.positionals;
  switch (command) {
    case "add":
      return addPlatform(context, args);
    case "update":
      return updatePlatform(context, args, required(rest[0], "platform id"));
    case "list":
      return listPlatforms(await admin.list(), args.flag("json"));
    case "remove": {
      const id = required(rest[0], "platform id");
      const removed = await admin.remove(id, by);
      if (!removed) throw new CliUsageError(`No platform ${id}`);
      console.log(
        `Removed ${removed.issuer} (client ${removed.clientId}). Its people, portfolios and validations are kept.`,
      );
      return;
    }
    case "activate":
    case "deactivate": {
      const id = required(rest[0], "platform id");
      const platform = command === "activate" ? await admin.activate(id, by) : await admin.deactivate(id, by);
      if (!platform) throw new CliUsageError(`No platform ${id}`);
      console.log(`${command === "activate" ? "Activated" : "Deactivated"} ${platform.issuer}`);
      return;
    }
    case "operator": {
      const id = required(rest[0], "platform id");
      const on = required(rest[1], "on or off");
      if (on !== "on" && on !== "off") throw new CliUsageError(`Say on or off\n\n${PLATFORM_USAGE}`);
      const platform = await admin.setOperator(id, on === "on", by);
      if (!platform) throw new CliUsageError(`No platform ${id}`);
      console.log(
        on === "on"
          ? `Administrators of ${platform.issuer} now manage every registration from the admin page`
          : `${platform.issuer} is no longer an operator platform`,
      );
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

async function addPlatform(context: CliContext, args: ParsedArgs): Promise<void> {
  const platform = await withFieldErrors(() =>
    context.services.platformAdmin.add(
      {
        issuer: args.option("issuer"),
        clientId: args.option("client-id"),
        name: args.option("name"),
        authUrl: args.option("auth-url"),
        tokenUrl: args.option("token-url"),
        jwksUrl: args.option("jwks-url"),
        authServer: args.option("auth-server"),
        deploymentIds: args.options("deployment"),
        ...(args.options("origin").length > 0 ? { origins: args.options("origin") } : {}),
        ...(args.flag("operator") ? { operator: true } : {}),
      },
      "cli",
      cliActor(),
    ),
  );
  if (args.flag("json")) console.log(JSON.stringify(platform, null, 2));
  else
    console.log(
      `Registered ${platform.issuer} (client ${platform.clientId}) as ${platform._id}; deployments: ${platform.deploymentIds.join(", ")}`,
    );
}

async function updatePlatform(context: CliContext, args: ParsedArgs, id: string): Promise<void> {
  const changes = Object.fromEntries(
    Object.entries({
      name: args.option("name"),
      authUrl: args.option("auth-url"),
      tokenUrl: args.option("token-url"),
      jwksUrl: args.option("jwks-url"),
      authServer: args.option("auth-server"),
      origins: args.options("origin").length > 0 ? args.options("origin") : undefined,
    }).filter(([, value]) => value !== undefined),
  );
  const updated = await withFieldErrors(() => context.services.platformAdmin.update(id, changes, cliActor()));
  if (!updated) throw new CliUsageError(`No platform ${id}`);
  console.log(`Updated ${updated.issuer} (${Object.keys(changes).join(", ") || "nothing"})`);
}

function listPlatforms(platforms: PlatformRecord[], json: boolean): void {
  printListing(
    json,
    platforms,
    ["id", "issuer", "client id", "deployments", "state", "operator", "registered"],
    platforms.map((p) => [
      p._id,
      p.issuer,
      p.clientId,
      p.deploymentIds.join(","),
      registrationState(p),
      p.operator ? "yes" : "",
      p.registration.method + (p.registration.admittedBy ? ` (${p.registration.admittedBy})` : ""),
    ]),
  );
}

export async function keysCommand(context: CliContext, args: ParsedArgs): Promise<void> {
  const admin = context.services.platformAdmin;
  const [command, ...rest] = args.positionals;
  switch (command) {
    case "list": {
      const keys = await context.services.keys.listKeys();
      printListing(
        args.flag("json"),
        keys,
        ["kid", "platform", "client id", "signing"],
        keys.map((k) => [k.kid, k.platformUrl, k.clientId, k.current ? "yes" : "published only"]),
      );
      return;
    }
    case "rotate": {
      const id = required(rest[0], "platform id");
      const rotated = await admin.rotateKey(id, cliActor());
      if (!rotated) throw new CliUsageError(`No active platform ${id}`);
      console.log(
        `Now signing with ${rotated.newKid}. ${rotated.oldKid} stays published until you run: npm run carnet -- keys retire ${rotated.oldKid}`,
      );
      return;
    }
    case "retire": {
      const kid = required(rest[0], "kid");
      const result = await admin.retireKey(kid, cliActor());
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

async function withFieldErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new CliUsageError(
        Object.entries(error.fields)
          .map(([field, code]) => `--${toOption(field)}: ${FIELD_MESSAGES[code] ?? "invalid"}`)
          .join("\n"),
      );
    }
    if (error instanceof Error && "code" in error && error.code === "PLATFORM_EXISTS") {
      throw new CliUsageError(
        "This issuer and client id are already registered: change it with `platform update <platform-id>`",
      );
    }
    throw error;
  }
}

const FIELD_MESSAGES: Record<string, string> = {
  REQUIRED: "required",
  NOT_HTTPS_URL: "must be an https URL (http only for this machine, outside production)",
  NOT_AN_ORIGIN: "must be an origin such as https://lms.example.edu",
};

export function required(value: string | undefined, what: string): string {
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
  const [head = field] = field.split(".");
  return head === "origins" ? "origin" : (map[head] ?? head);
}

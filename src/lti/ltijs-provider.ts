// ltijs, set up once per process: Carnet uses it for the tool's key pairs only (ToolKeyStore).
import ltijs, { type LtijsProvider } from "ltijs";
import type { Logger } from "../logger.js";
import type { DatabaseTimeouts } from "../persistence/connection.js";
import {
  defaultConnectionListeners,
  detachLtijsRecovery,
  ltijsConnectionOptions,
} from "../persistence/ltijs-connection.js";

// Kept on globalThis: ltijs is one per process even if a loader instantiates this module twice.
const PROVIDER = Symbol.for("carnet.ltijs.provider");
type ProviderHolder = { [PROVIDER]?: Promise<LtijsProvider> };

/** ltijs is a process-wide singleton: set it up and connect it once, on mongoose's default connection. */
export function startLtijs(
  encryptionKey: string,
  mongoUri: string,
  routes: { baseUrl: string },
  database: { logger?: Logger; timeouts?: Partial<DatabaseTimeouts> } = {},
): Promise<LtijsProvider> {
  const holder = globalThis as ProviderHolder;
  holder[PROVIDER] ??= setupLtijs(encryptionKey, mongoUri, routes, database);
  return holder[PROVIDER];
}

async function setupLtijs(
  encryptionKey: string,
  mongoUri: string,
  routes: { baseUrl: string },
  database: { logger?: Logger; timeouts?: Partial<DatabaseTimeouts> },
): Promise<LtijsProvider> {
  const lti = ltijs.Provider;
  const listenersBefore = defaultConnectionListeners();
  lti.setup(
    encryptionKey,
    { url: mongoUri, connection: ltijsConnectionOptions(database.timeouts) },
    {
      appRoute: "/lti/launch",
      loginRoute: "/lti/login",
      keysetRoute: "/lti/keys",
      dynRegRoute: "/lti/register",
      cors: false,
      devMode: false,
      tokenMaxAge: 90,
      cookies: { secure: routes.baseUrl.startsWith("https://"), sameSite: "None" },
    },
  );
  await lti.deploy({ serverless: true, silent: true });
  // ltijs must not close and reopen connections on errors (Carnet crashed when the database came back).
  detachLtijsRecovery(listenersBefore, database.logger);
  return lti;
}

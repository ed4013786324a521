// A narrow declaration of the parts of ltijs 5.9 Carnet uses (@types/ltijs lags the library).
declare module "ltijs" {
  import type { Express, Request, Response } from "express";

  interface LtijsDatabase {
    Get(
      encryptionKey: string | false,
      collection: string,
      query?: Record<string, unknown>,
    ): Promise<unknown[] | false>;
    Insert(
      encryptionKey: string | false,
      collection: string,
      item: Record<string, unknown>,
      index?: Record<string, unknown>,
    ): Promise<boolean>;
    Replace(
      encryptionKey: string | false,
      collection: string,
      query: Record<string, unknown>,
      item: Record<string, unknown>,
      index?: Record<string, unknown>,
    ): Promise<boolean>;
    Modify(
      encryptionKey: string | false,
      collection: string,
      query: Record<string, unknown>,
      modification: Record<string, unknown>,
    ): Promise<boolean>;
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  }

  interface LtijsPlatform {
    platformId(): Promise<string>;
    platformKid(): Promise<string>;
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    platformPublicKey(): Promise<string>;
  }

  interface LtijsPlatformRegistration {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: "JWK_SET" | "JWK_KEY" | "RSA_KEY"; key: string };
  }

  interface LtijsDeepLinkingIdToken {
    iss: string;
    clientId: string;
    deploymentId: string;
    platformContext: { deepLinkingSettings: Record<string, unknown> };
  }

  interface LtijsProvider {
    Database: LtijsDatabase;
    DeepLinking: {
      createDeepLinkingMessage(
        idtoken: LtijsDeepLinkingIdToken,
        contentItems: Record<string, unknown>[],
        options?: { message?: string; log?: string },
      ): Promise<string>;
    };
    setup(
      encryptionKey: string,
      database: { url: string; connection?: Record<string, unknown> },
      options: Record<string, unknown>,
    ): LtijsProvider;
    deploy(options: { serverless?: boolean; silent?: boolean; port?: number }): Promise<boolean>;
    /** ltijs's own Express app (only the benchmark baseline mounts it). */
    app: Express;
    onConnect(callback: (token: unknown, req: Request, res: Response) => void): boolean;
    whitelist(...routes: (string | { route: string; method: string })[]): unknown;
    registerPlatform(platform: LtijsPlatformRegistration): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
  }

  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
  export type { LtijsProvider, LtijsPlatform, LtijsDatabase, LtijsPlatformRegistration };
}

declare module "ltijs/dist/Utils/Keyset.js" {
  import type { LtijsDatabase } from "ltijs";
  const Keyset: {
    build(database: LtijsDatabase, encryptionKey: string): Promise<{ keys: Record<string, unknown>[] }>;
  };
  export default Keyset;
}

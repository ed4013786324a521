// A narrow declaration of the public API of ltijs 5.9 that Carnet uses: set-up, and platform records
// as holders of the tool's key pairs (@types/ltijs lags the library). See docs/architecture.md, "ltijs".
declare module "ltijs" {
  import type { Express, Request, Response } from "express";

  interface LtijsPlatform {
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

  interface LtijsProvider {
    setup(
      encryptionKey: string,
      database: { url: string; connection?: Record<string, unknown> },
      options: Record<string, unknown>,
    ): LtijsProvider;
    deploy(options: { serverless?: boolean; silent?: boolean; port?: number }): Promise<boolean>;
    registerPlatform(platform: LtijsPlatformRegistration): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    /** ltijs's "platform id" is the kid of the platform record's key pair. */
    getPlatformById(platformId: string): Promise<LtijsPlatform | false>;
    getAllPlatforms(): Promise<LtijsPlatform[]>;
    deletePlatformById(platformId: string): Promise<boolean>;
    // Used by the benchmark's bare ltijs baseline only (bench/baseline-ltijs.ts), never by Carnet.
    app: Express;
    onConnect(callback: (token: unknown, req: Request, res: Response) => void): boolean;
    whitelist(...routes: (string | { route: string; method: string })[]): unknown;
  }

  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
  export type { LtijsProvider, LtijsPlatform, LtijsPlatformRegistration };
}

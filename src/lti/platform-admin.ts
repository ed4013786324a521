// Registering, listing and removing platforms by hand (CLI and admin page), for LMSs without
// Dynamic Registration; and the tool's key rotation.
import { z } from "zod";
import { ValidationError } from "../errors.js";
import type { PlatformRecord, PlatformRegistry } from "../persistence/platform-registry.js";
import type { ToolKeys } from "./tool-keys.js";

export const ManualPlatformSchema = z.object({
  issuer: z.string().url(),
  clientId: z.string().min(1).max(500),
  name: z.string().min(1).max(200).optional(),
  authUrl: z.string().url(),
  tokenUrl: z.string().url(),
  jwksUrl: z.string().url(),
  authServer: z.string().url().optional(),
  deploymentIds: z.array(z.string().min(1).max(255)).min(1),
});
export type ManualPlatform = z.infer<typeof ManualPlatformSchema>;

export class PlatformAdmin {
  constructor(
    private readonly platforms: PlatformRegistry,
    private readonly keys: ToolKeys,
  ) {}

  async add(input: unknown, method: "cli" | "admin-page"): Promise<PlatformRecord> {
    const parsed = ManualPlatformSchema.safeParse(input);
    if (!parsed.success) {
      const fields = Object.fromEntries(
        parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]),
      );
      throw new ValidationError("PLATFORM_INVALID", {}, fields);
    }
    const data = parsed.data;
    const platform = await this.platforms.upsert({
      issuer: data.issuer,
      clientId: data.clientId,
      name: data.name ?? new URL(data.issuer).host,
      authUrl: data.authUrl,
      tokenUrl: data.tokenUrl,
      jwksUrl: data.jwksUrl,
      authServer: data.authServer,
      deploymentIds: data.deploymentIds,
      active: true,
      registration: { method, at: new Date() },
    });
    await this.keys.ensurePlatform({ ...data, name: platform.name });
    return platform;
  }

  list(): Promise<PlatformRecord[]> {
    return this.platforms.list();
  }

  async remove(id: string): Promise<PlatformRecord | null> {
    const removed = await this.platforms.remove(id);
    if (removed) await this.keys.removePlatform(removed.issuer, removed.clientId);
    return removed;
  }

  async rotateKey(id: string): Promise<{ oldKid: string; newKid: string } | null> {
    const platform = await this.platforms.findById(id);
    if (!platform) return null;
    return this.keys.rotate(platform.issuer, platform.clientId);
  }
}

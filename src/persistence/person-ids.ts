// A person's id derived from their natural key (platform, LMS user id): a launch knows it before the
// person is stored, so the person, their membership and their session are written at once.
import { createHash } from "node:crypto";

/**
 * A UUID-shaped id (version 5 layout) from a SHA-256 of the platform and the LMS user id. Ids are
 * not secrets: every read is authorized by policy, never by knowing an id. People stored before kept
 * the random id they had; the launch learns it from the person's upsert (launch-acceptance.ts).
 */
export function personIdFor(platformId: string, sub: string): string {
  const hex = createHash("sha256").update(`carnet-person\n${platformId}\n${sub}`).digest("hex");
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

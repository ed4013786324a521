// W3C Bitstring Status List v1.0: one bit per issued credential, set when it is revoked; published
// GZIP-compressed and base64url-encoded (multibase "u") inside a status list credential.
import { gunzipSync, gzipSync } from "node:zlib";

/** The specification's minimum length (16 KB): small lists would tell who was revoked by their size. */
export const STATUS_LIST_BITS = 131_072;

export function encodeStatusList(revoked: Iterable<number>, bits = STATUS_LIST_BITS): string {
  const bytes = Buffer.alloc(Math.ceil(bits / 8));
  for (const index of revoked) {
    if (!Number.isInteger(index) || index < 0 || index >= bits) throw new RangeError(`status index ${index}`);
    // Index 0 is the left-most bit of the first byte.
    bytes[index >> 3] = (bytes[index >> 3] ?? 0) | (0x80 >> (index & 7));
  }
  return `u${gzipSync(bytes).toString("base64url")}`;
}

/** Whether the bit at `index` is set in an encoded list; undefined when the list cannot be read. */
export function statusBit(encodedList: string, index: number): boolean | undefined {
  if (!encodedList.startsWith("u") || !Number.isInteger(index) || index < 0) return undefined;
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  } catch {
    return undefined;
  }
  const byte = bytes[index >> 3];
  return byte === undefined ? undefined : (byte & (0x80 >> (index & 7))) !== 0;
}

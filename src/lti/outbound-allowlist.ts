// OUTBOUND_ALLOWLIST: the hosts and address ranges an outbound call may reach although they are not
// public (an LMS on the campus network; the simulated LMS on 127.0.0.1 in development and tests).
import { BlockList, isIP } from "node:net";

export interface OutboundAllowlist {
  /** The URL's host (and port) is trusted as named: its addresses are not checked. */
  allowsHost(hostname: string, port: string): boolean;
  /** A resolved address inside an allowlisted range. */
  allowsAddress(address: string): boolean;
}

interface HostRule {
  host: string;
  port?: string;
}

const HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

/**
 * Entries: `campus-lms.example.edu`, `lms.example.edu:8443`, `http://127.0.0.1:3100` (host and port),
 * `10.20.0.0/16`, `127.0.0.1`, `::1`. Throws with the entries it could not read.
 */
export function parseOutboundAllowlist(entries: readonly string[]): OutboundAllowlist {
  const hosts: HostRule[] = [];
  const ranges = { v4: new BlockList(), v6: new BlockList() };
  const problems: string[] = [];
  for (const raw of entries.map((entry) => entry.trim().toLowerCase()).filter(Boolean)) {
    const rule = readEntry(raw, ranges);
    if (rule === "range") continue;
    if (rule) hosts.push(rule);
    else problems.push(raw);
  }
  if (problems.length > 0) throw new Error(`cannot read ${problems.join(", ")}`);
  return {
    allowsHost: (hostname, port) => {
      const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
      return hosts.some((rule) => rule.host === host && (rule.port === undefined || rule.port === port));
    },
    allowsAddress: (address) => {
      const family = isIP(address);
      if (family === 4) return ranges.v4.check(address, "ipv4");
      return family === 6 && ranges.v6.check(address, "ipv6");
    },
  };
}

function readEntry(raw: string, ranges: { v4: BlockList; v6: BlockList }): HostRule | "range" | undefined {
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(raw);
  if (cidr) {
    const [, network = "", prefixText = ""] = cidr;
    const family = isIP(network);
    const prefix = Number(prefixText);
    if (family === 4 && prefix <= 32) ranges.v4.addSubnet(network, prefix, "ipv4");
    else if (family === 6 && prefix <= 128) ranges.v6.addSubnet(network, prefix, "ipv6");
    else return undefined;
    return "range";
  }
  const family = isIP(raw);
  if (family === 4) ranges.v4.addAddress(raw, "ipv4");
  if (family === 6) ranges.v6.addAddress(raw, "ipv6");
  if (family !== 0) return { host: raw };
  if (/^https?:\/\//.test(raw)) {
    try {
      const url = new URL(raw);
      const port = url.port || (url.protocol === "https:" ? "443" : "80");
      return { host: url.hostname.replace(/^\[|\]$/g, ""), port };
    } catch {
      return undefined;
    }
  }
  const withPort = /^(.+):(\d{1,5})$/.exec(raw);
  if (withPort && isIP(withPort[1] ?? "") !== 6) {
    const [, host = "", port = ""] = withPort;
    return HOST.test(host) || isIP(host) === 4 ? { host, port } : undefined;
  }
  return HOST.test(raw) ? { host: raw } : undefined;
}

/** What development and tests allow by default: the machine itself (the simulated LMS). */
export const LOOPBACK_ALLOWLIST = ["localhost", "127.0.0.0/8", "::1"];

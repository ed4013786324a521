// Which IP addresses an outbound call to a platform may reach: public unicast only. Private, loopback,
// link-local (cloud metadata), unique-local, multicast, reserved and documentation ranges are refused,
// and so is every IPv6 form that carries an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
import { BlockList, isIP } from "node:net";

const IPV4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

const IPV6_BLOCKED: [string, number][] = [
  ["::", 96], // unspecified, loopback and IPv4-compatible
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32], // Teredo: the IPv4 it tunnels to is obfuscated
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];

// Two lists: a BlockList holding IPv6 rules also matches IPv4 addresses against ::/96.
const blockedV4 = new BlockList();
for (const [network, prefix] of IPV4_BLOCKED) blockedV4.addSubnet(network, prefix, "ipv4");
const blockedV6 = new BlockList();
for (const [network, prefix] of IPV6_BLOCKED) blockedV6.addSubnet(network, prefix, "ipv6");

/** True for anything but a public unicast address (unparsable input included). */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return blockedV4.check(bare, "ipv4");
  if (family !== 6) return true;
  return blockedV6.check(bare, "ipv6");
}

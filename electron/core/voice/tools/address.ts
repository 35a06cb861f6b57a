/**
 * Which network addresses an agent's HTTP tool may reach: public ones only. A caller can talk the
 * model into anything, and a tool URL an operator typed may name a host that resolves inside the
 * office network, so every resolved address is checked, not the host name. Ranges from IANA's
 * special-purpose address registries (RFC 6890 and its updates).
 */
import { BlockList, isIPv4 } from 'node:net';

const PRIVATE_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const PRIVATE_V6: readonly (readonly [string, number])[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of PRIVATE_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of PRIVATE_V6) blocked.addSubnet(net, prefix, 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The family BlockList should read an address as (it reads IPv4-mapped IPv6, ::ffff:10.0.0.1, as the IPv4 address it is). */
const family = (address: string): 'ipv4' | 'ipv6' => (isIPv4(address) ? 'ipv4' : 'ipv6');

/** Whether an address is loopback (127.0.0.0/8, ::1). */
export function isLoopback(address: string): boolean {
  return loopback.check(address, family(address));
}

/** Whether an address is public: none of loopback, private, link-local, shared, documentation, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  return !blocked.check(address, family(address));
}

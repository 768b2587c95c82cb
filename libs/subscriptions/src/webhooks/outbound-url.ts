import { lookup as dnsLookup } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Why a webhook URL is refused, in words for the `url` field of a 400. */
export class OutboundUrlError extends Error {
  override readonly name = 'OutboundUrlError';
}

/**
 * Addresses a webhook must not reach unless private destinations are allowed: loopback, RFC 1918,
 * CGNAT, link-local (cloud metadata at 169.254.169.254), unique-local, multicast, reserved.
 * Otherwise anyone allowed to register a webhook could make the ledger POST into its own network.
 * IPv4-mapped IPv6 addresses are checked against the IPv4 ranges by BlockList itself.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // unspecified and loopback
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A webhook URL as the ledger will call it: http or https, no credentials (they would be shown
 * by `GET /v1/webhooks/{id}` and written to logs; the signature authenticates the ledger), and,
 * unless private destinations are allowed, no internal host literally named. Names that resolve
 * to internal addresses are caught again at delivery (`guardedLookup`), since DNS can change.
 */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlError('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundUrlError('must use the http or https scheme');
  if (url.username !== '' || url.password !== '') throw new OutboundUrlError('must not carry credentials');
  if (url.hash !== '') throw new OutboundUrlError('must not have a fragment');
  if (!allowPrivate) {
    const host = hostOf(url);
    if (isInternalAddress(host) || host === 'localhost' || host.endsWith('.localhost')) {
      throw new OutboundUrlError('must not point at a loopback, private or link-local address');
    }
  }
  return url;
}

/** The URL's host as the resolver sees it: IPv6 literals lose their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * A `lookup` for http.request that refuses internal addresses after resolution, so a name that
 * pointed outside at registration cannot be turned inward later (DNS rebinding). Every resolved
 * address is checked, because the socket may try any of them.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '');
      return;
    }
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal) {
      const refusal: NodeJS.ErrnoException = new OutboundUrlError(`${hostname} resolves to an internal address (${internal.address})`);
      refusal.code = 'EINTERNAL';
      callback(refusal, '');
      return;
    }
    const first = addresses[0];
    if (options.all || !first) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
};

/**
 * At registration, a name that already resolves to an internal address is refused at once
 * rather than failing every delivery. A name that does not resolve (yet) is accepted: the
 * delivery guard checks the addresses again on every connection, and reports what it finds.
 */
export async function refuseInternalResolution(url: URL): Promise<void> {
  const host = hostOf(url);
  if (isIP(host) !== 0) return;
  const addresses = await lookupAll(host, { all: true }).catch(() => []);
  const internal = addresses.find((a) => isInternalAddress(a.address));
  if (internal) throw new OutboundUrlError(`must not point at an internal address (${host} resolves to ${internal.address})`);
}

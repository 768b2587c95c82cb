import type { LedgerConfig } from '@ledger/platform';

/**
 * The console's one-click login mints an officer token for whoever asks, so it exists only where
 * anyone who can reach it could mint one anyway: a development ledger whose secret it generated
 * into its own data folder (readable by `npm run cli -- token`), asked from the same machine.
 */
export function devLoginAllowed(config: LedgerConfig, request: { readonly socket: { readonly remoteAddress?: string } }): boolean {
  return !config.production && config.jwtSecretGenerated && isLoopback(request.socket.remoteAddress);
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address?.startsWith('127.') === true || address?.startsWith('::ffff:127.') === true;
}

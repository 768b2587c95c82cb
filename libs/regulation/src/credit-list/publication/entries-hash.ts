import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/integrity/jcs';
import type { PublishedEntry } from './events';

/**
 * Hex SHA-256 of the UTF-8 bytes of JCS(entries) (RFC 8785, the canonical JSON the integrity proofs
 * use): anyone holding a copy of the entries recomputes it with any JCS library.
 */
export function publishedEntriesHash(entries: readonly PublishedEntry[]): string {
  return createHash('sha256').update(canonicalJson(entries), 'utf8').digest('hex');
}

import { toEventJson, type RecordedEvent } from '@ledger/event-store';
import { canonicalBytes } from './jcs';
import { hashLeaf } from './merkle';

/** SHA-256(0x00 ‖ JCS(event JSON)): the event exactly as every channel carries it (docs/http-contract.md). */
export function eventLeafHash(event: RecordedEvent): Buffer {
  return hashLeaf(canonicalBytes(toEventJson(event)));
}

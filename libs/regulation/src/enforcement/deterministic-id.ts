/*
 * A UUID-shaped id derived from names, so a process manager that runs again (replay, retry,
 * redelivery) addresses the same stream instead of creating a second one. docs/http-contract.md types credit-list
 * entry ids as UUIDs, so the id is a UUIDv8 (RFC 9562 §5.8, the layout for custom ids) over
 * FNV-1a 128 of the names. FNV is not cryptographic: fine here, where ids only need to be stable and
 * not collide by accident; nobody gains by forging one, as the names come from officers' decisions.
 */
const FNV_128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV_128_PRIME = 0x0000000001000000000000000000013bn;
const MASK_128 = (1n << 128n) - 1n;

export function fnv1a128(text: string): bigint {
  let hash = FNV_128_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_128_PRIME) & MASK_128;
  }
  return hash;
}

/** NUL separates the names, so ('a-b', 'c') and ('a', 'b-c') give different ids. */
export function deterministicUuid(...names: readonly string[]): string {
  const hex = fnv1a128(names.join('\u0000')).toString(16).padStart(32, '0').split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

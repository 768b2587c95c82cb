import { createHash, randomUUID } from 'node:crypto';
import { usccCheckCharacter } from '@ledger/regulation/shared';

/** The event every contender appends: an EnterpriseRegistered with the metadata the ledger records. */
export interface BenchEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    actor: string;
    roles: string[];
    org: string | null;
    documentNo: string | null;
    legalBasis: string[];
    correlationId: string;
    causationId: string | null;
    idempotencyKey: string;
  };
}

const PROVINCES = ['110000', '310000', '330000', '440000', '510000'];

/** A valid GB 32100 code, distinct for each `n` below 10^9 within one `prefix` (two digits). */
export function uscc(prefix: string, n: number): string {
  const first17 = `913301${prefix}${String(n).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17)!;
}

export function benchEvent(n: number): BenchEvent {
  return {
    type: 'BenchEnterpriseRegistered',
    data: {
      uscc: uscc('00', n % 1_000_000_000),
      name: `杭州某某呼叫中心有限公司${n}`,
      province: PROVINCES[n % PROVINCES.length],
      address: '浙江省杭州市西湖区文三路 90 号',
    },
    metadata: {
      actor: 'officer-bench',
      roles: ['officer'],
      org: null,
      documentNo: null,
      legalBasis: ['电信业务经营许可管理办法'],
      correlationId: randomUUID(),
      causationId: null,
      idempotencyKey: randomUUID(),
    },
  };
}

export function benchEvents(count: number, seed: number): BenchEvent[] {
  return Array.from({ length: count }, (_, i) => benchEvent(seed + i));
}

/** What the command path stores as the request's hash, so a replayed key can be checked. */
export function requestHash(streamId: string, events: readonly BenchEvent[]): string {
  return createHash('sha256')
    .update(streamId)
    .update(JSON.stringify(events.map((e) => e.data)))
    .digest('hex');
}

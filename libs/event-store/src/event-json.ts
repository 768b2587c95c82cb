import type { RecordedEvent } from './event-store';

/**
 * The event as every channel carries it (docs/http-contract.md, "The event JSON"): the HTTP log, the feed,
 * webhooks, NATS, and the integrity leaves. Metadata is cut to the contract's fields so that
 * internal keys (the idempotency key) never leave the ledger. The data is as stored, in the shape
 * of its schema version, which is stated only above 1: an event written before the field existed
 * must hash to the same integrity leaf as it always did.
 */
export interface EventJson {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly effectiveAt: string;
  readonly schemaVersion?: number;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    readonly actor: string;
    readonly roles: readonly string[];
    readonly org: string | null;
    readonly documentNo: string | null;
    readonly legalBasis: readonly string[];
    readonly correlationId: string;
    readonly causationId: string | null;
  };
}

export function toEventJson(event: RecordedEvent): EventJson {
  const m = event.metadata;
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    recordedAt: event.recordedAt,
    effectiveAt: event.effectiveAt,
    ...(event.schemaVersion > 1 ? { schemaVersion: event.schemaVersion } : {}),
    data: event.data,
    metadata: {
      actor: m.actor,
      roles: m.roles ?? [],
      org: m.org ?? null,
      documentNo: m.documentNo ?? null,
      legalBasis: m.legalBasis ?? [],
      correlationId: m.correlationId,
      causationId: m.causationId ?? null,
    },
  };
}

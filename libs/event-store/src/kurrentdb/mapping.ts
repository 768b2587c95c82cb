import {
  ANY,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, EventToAppend, ExpectedVersion, ReadStreamOptions, RecordedEvent } from '../event-store';

/*
 * The pure half of the KurrentDB adapter: how the port's versions, positions, times and metadata
 * map onto KurrentDB's, with no I/O, so every rule here is unit-tested without a server.
 */

/**
 * Streams the adapter keeps for itself (idempotency claims, reserved event ids). Ledger stream
 * ids never start with `ledger.`, and KurrentDB's own streams start with `$`; readers skip both.
 */
export const RESERVED_PREFIX = 'ledger.';

export function isLedgerStream(streamId: string): boolean {
  return !streamId.startsWith('$') && !streamId.startsWith(RESERVED_PREFIX);
}

/**
 * Our versions count from 1 (0 = no stream); KurrentDB revisions count from 0. An exact version
 * n therefore expects revision n - 1, and version 0 is KurrentDB's NO_STREAM.
 */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`Invalid expected version ${expected}`);
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

export function versionOf(revision: bigint): number {
  return Number(revision) + 1;
}

/** The stream's version as a WrongExpectedVersionError reports it: no stream is version 0. */
export function actualVersionOf(state: CurrentStreamState): number {
  return state === NO_STREAM ? 0 : versionOf(state);
}

/** Forwards: the revision of `fromVersion`; backwards: the revision of the last version to read. */
export function readRevisionOf(options: Pick<ReadStreamOptions, 'direction' | 'fromVersion'>): ReadRevision {
  if (options.fromVersion === undefined) return options.direction === 'backwards' ? END : START;
  if (!Number.isSafeInteger(options.fromVersion)) throw new RangeError(`Invalid fromVersion ${options.fromVersion}`);
  return BigInt(Math.max(options.fromVersion, 1) - 1);
}

/**
 * The ledger's `position` is the event's log position in KurrentDB's transaction file: a byte
 * offset, so increasing in $all order but not dense. Every event appended through the gRPC API is
 * a self-committed prepare whose commit and prepare positions are both that offset, so one number
 * is the whole $all position. An event whose two differ was written by a legacy explicit
 * transaction (TCP API), which this adapter never writes: such a log is refused rather than
 * misread. Offsets stay exact as JavaScript numbers up to 2^53 bytes (8 PiB) of log.
 */
export function positionOf(position: Position | undefined): number {
  if (!position) {
    throw new Error('KurrentDB returned an event without its log position: the adapter needs KurrentDB, or EventStoreDB 22.6 or later.');
  }
  const commit = BigInt(position.commit);
  const prepare = BigInt(position.prepare);
  if (commit !== prepare) {
    throw new Error(
      `An event at commit ${commit} / prepare ${prepare} was written by an explicit transaction; this log was not written by the ledger alone.`,
    );
  }
  if (prepare > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Log position ${prepare} is beyond 2^53.`);
  return Number(prepare);
}

/**
 * The $all position of the event at `position` (0: the start of the log). KurrentDB reads
 * forwards from a position inclusively and subscribes exclusively, so readers drop anything at or
 * before it. The number must be 0 or a position the adapter handed out: KurrentDB refuses one
 * that is not the start of a record.
 */
export function logPosition(position: number): ReadPosition {
  if (position <= 0) return START;
  const at = BigInt(position);
  return { commit: at, prepare: at };
}

/**
 * The server-side filter for a read of the ledger: by event type when the reader names types,
 * else by stream name, leaving out KurrentDB's `$` streams and the adapter's own. Regexes run on
 * the server (.NET syntax); isLedgerStream is applied again to what comes back.
 */
export function ledgerFilter(types: readonly string[] | undefined): Filter {
  if (types && types.length > 0) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  return streamNameFilter({ regex: `^(?!\\$|${escapeRegex(RESERVED_PREFIX)})` });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/*
 * KurrentDB stores its own fields beside an event (id, type, stream, revision, `created`), and
 * anything else in the event's metadata. The ledger's metadata goes there as is, with the keys
 * below added; `$correlationId` and `$causationId` are the names KurrentDB's own projections
 * ($by_correlation_id) read, the other two are the adapter's.
 */
const EFFECTIVE_AT = '$effectiveAt';
const SCHEMA_VERSION = '$schemaVersion';
const CORRELATION_ID = '$correlationId';
const CAUSATION_ID = '$causationId';
const ADDED_KEYS = new Set([EFFECTIVE_AT, SCHEMA_VERSION, CORRELATION_ID, CAUSATION_ID]);

export function toEventData(event: EventToAppend, eventId: string, schemaVersion: number): EventData {
  const metadata: Record<string, unknown> = {
    ...event.metadata,
    [SCHEMA_VERSION]: schemaVersion,
    [CORRELATION_ID]: event.metadata.correlationId,
  };
  if (event.metadata.causationId) metadata[CAUSATION_ID] = event.metadata.causationId;
  // Without a valid time the recorded time stands in for it, which only the server knows.
  if (event.effectiveAt !== undefined) metadata[EFFECTIVE_AT] = isoInstant(event.effectiveAt);
  return jsonEvent({ id: eventId, type: event.type, data: event.data as JSONType, metadata });
}

export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  if (!event.isJson) throw new Error(`Event ${event.id} in ${event.streamId} is not JSON: it was not written by the ledger.`);
  const stored = (event.metadata ?? {}) as Record<string, unknown>;
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) if (!ADDED_KEYS.has(key)) metadata[key] = value;
  const recordedAt = event.created.toISOString();
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    version: versionOf(event.revision),
    position: positionOf(event.position),
    schemaVersion: typeof stored[SCHEMA_VERSION] === 'number' ? stored[SCHEMA_VERSION] : 1,
    recordedAt,
    effectiveAt: typeof stored[EFFECTIVE_AT] === 'string' ? stored[EFFECTIVE_AT] : recordedAt,
    data: event.data as Record<string, unknown>,
    metadata: metadata as EventMetadata,
  };
}

function isoInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid effectiveAt ${value}`);
  return new Date(ms).toISOString();
}

export type TimeBounds = Pick<ReadStreamOptions, 'recordedAtOrBefore' | 'effectiveAtOrBefore'>;

/**
 * KurrentDB cannot bound a read by time on the server, so bounded reads are filtered here. Both
 * sides are compared as instants, whatever offset the bound was written with.
 */
export function timeFilter(bounds: TimeBounds): ((event: RecordedEvent) => boolean) | null {
  const recorded = bounds.recordedAtOrBefore === undefined ? null : instant(bounds.recordedAtOrBefore, 'recordedAtOrBefore');
  const effective = bounds.effectiveAtOrBefore === undefined ? null : instant(bounds.effectiveAtOrBefore, 'effectiveAtOrBefore');
  if (recorded === null && effective === null) return null;
  return (event) =>
    (recorded === null || Date.parse(event.recordedAt) <= recorded) && (effective === null || Date.parse(event.effectiveAt) <= effective);
}

function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid ${name} ${value}`);
  return ms;
}

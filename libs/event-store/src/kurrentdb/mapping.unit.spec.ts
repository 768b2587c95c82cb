import { ANY, END, NO_STREAM, START, STREAM_EXISTS, type RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import type { EventToAppend, RecordedEvent } from '../event-store';
import { CLAIMED, RECORDED, RELEASED, claimStreamId, foldClaim } from './idempotency-claims';
import {
  actualVersionOf,
  isLedgerStream,
  ledgerFilter,
  logPosition,
  positionOf,
  readRevisionOf,
  timeFilter,
  toEventData,
  toRecordedEvent,
  toStreamState,
  versionOf,
} from './mapping';

describe('KurrentDB mapping: versions and revisions', () => {
  it('maps each expected version to a stream state, version n to revision n - 1', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no-stream')).toBe(NO_STREAM);
    expect(toStreamState('exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0)).toBe(NO_STREAM);
    expect(toStreamState(1)).toBe(0n);
    expect(toStreamState(42)).toBe(41n);
    expect(() => toStreamState(-1)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(RangeError);
  });

  it('reads revisions back as 1-based versions, and a missing stream as version 0', () => {
    expect(versionOf(0n)).toBe(1);
    expect(versionOf(41n)).toBe(42);
    expect(actualVersionOf(NO_STREAM)).toBe(0);
    expect(actualVersionOf(1n)).toBe(2);
  });

  it('starts a stream read at the revision of fromVersion, or at either end', () => {
    expect(readRevisionOf({})).toBe(START);
    expect(readRevisionOf({ direction: 'backwards' })).toBe(END);
    expect(readRevisionOf({ fromVersion: 3 })).toBe(2n);
    expect(readRevisionOf({ direction: 'backwards', fromVersion: 2 })).toBe(1n);
    expect(readRevisionOf({ fromVersion: 0 })).toBe(0n);
  });
});

describe('KurrentDB mapping: positions', () => {
  it('takes the log offset of a self-committed event as its position', () => {
    expect(positionOf({ commit: 4096n, prepare: 4096n })).toBe(4096);
  });

  it('refuses what it cannot map faithfully', () => {
    expect(() => positionOf(undefined)).toThrow(/22\.6/);
    expect(() => positionOf({ commit: 5000n, prepare: 4096n })).toThrow(/explicit transaction/);
    expect(() => positionOf({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
    expect(positionOf({ commit: 2n ** 53n - 1n, prepare: 2n ** 53n - 1n })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads $all from the event at a position, or from the start', () => {
    expect(logPosition(0)).toBe(START);
    expect(logPosition(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(positionOf(logPosition(123_456) as { commit: bigint; prepare: bigint })).toBe(123_456);
  });
});

describe('KurrentDB mapping: streams and filters', () => {
  it('keeps KurrentDB’s $ streams and the adapter’s own out of the ledger', () => {
    expect(isLedgerStream('enterprise-91330100716105852F')).toBe(true);
    expect(isLedgerStream('$stats-127.0.0.1:2113')).toBe(false);
    expect(isLedgerStream('$$enterprise-1')).toBe(false);
    expect(isLedgerStream(claimStreamId('officer-1', 'k'))).toBe(false);
  });

  it('filters by stream name without types, and by exact event types with them', () => {
    const streams = ledgerFilter(undefined);
    expect(streams.filterOn).toBe('streamName');
    const byName = new RegExp((streams as { regex: string }).regex);
    expect(byName.test('case-1')).toBe(true);
    expect(byName.test('$stats-node')).toBe(false);
    expect(byName.test('ledger.idempotency-ab')).toBe(false);
    expect(byName.test('ledgerish-1')).toBe(true);

    const types = ledgerFilter(['PenaltyImposed', 'A.B']);
    expect(types.filterOn).toBe('eventType');
    const byType = new RegExp((types as { regex: string }).regex);
    expect(byType.test('PenaltyImposed')).toBe(true);
    expect(byType.test('PenaltyImposedLater')).toBe(false);
    expect(byType.test('A.B')).toBe(true);
    expect(byType.test('AxB')).toBe(false);
  });
});

describe('KurrentDB mapping: metadata and times', () => {
  const metadata = {
    actor: 'officer-1',
    roles: ['officer'],
    org: null,
    documentNo: '工信部信管〔2020〕81号',
    legalBasis: ['电信条例'],
    correlationId: 'c-1',
    causationId: 'e-0',
    idempotencyKey: 'k-1',
    extra: { nested: true },
  };

  function stored(event: EventToAppend, created: Date, overrides: Partial<KurrentRecordedEvent> = {}): KurrentRecordedEvent {
    const data = toEventData(event, 'id-1', event.schemaVersion ?? 1);
    return {
      streamId: 'enterprise-1',
      id: data.id,
      isJson: true,
      revision: 0n,
      type: data.type,
      created,
      data: data.data,
      metadata: JSON.parse(JSON.stringify(data.metadata)),
      position: { commit: 100n, prepare: 100n },
      ...overrides,
    } as KurrentRecordedEvent;
  }

  it('round-trips the ledger’s metadata, with the valid time and schema version beside it', () => {
    const event: EventToAppend = {
      type: 'LicenceGranted',
      schemaVersion: 2,
      data: { no: 'B2-1' },
      metadata,
      effectiveAt: '2020-09-20T00:00:00+08:00',
    };
    const data = toEventData(event, 'id-1', 2);
    expect(data).toMatchObject({ id: 'id-1', type: 'LicenceGranted', contentType: 'application/json', data: { no: 'B2-1' } });
    expect(data.metadata).toMatchObject({
      $effectiveAt: '2020-09-19T16:00:00.000Z',
      $schemaVersion: 2,
      $correlationId: 'c-1',
      $causationId: 'e-0',
    });

    const read = toRecordedEvent(stored(event, new Date('2024-05-01T02:03:04.005Z')));
    expect(read).toEqual({
      eventId: 'id-1',
      type: 'LicenceGranted',
      streamId: 'enterprise-1',
      version: 1,
      position: 100,
      schemaVersion: 2,
      recordedAt: '2024-05-01T02:03:04.005Z',
      effectiveAt: '2020-09-19T16:00:00.000Z',
      data: { no: 'B2-1' },
      metadata,
    });
  });

  it('takes the recorded time as the valid time when the event has none', () => {
    const read = toRecordedEvent(
      stored({ type: 'A', data: {}, metadata: { ...metadata, causationId: null } }, new Date('2024-05-01T00:00:00.000Z')),
    );
    expect(read.effectiveAt).toBe('2024-05-01T00:00:00.000Z');
    expect(read.schemaVersion).toBe(1);
    expect(read.metadata.causationId).toBeNull();
  });

  it('refuses an invalid valid time, and events the ledger did not write', () => {
    expect(() => toEventData({ type: 'A', data: {}, metadata, effectiveAt: 'soon' }, 'x', 1)).toThrow(RangeError);
    expect(() =>
      toRecordedEvent(stored({ type: 'A', data: {}, metadata }, new Date(), { isJson: false } as Partial<KurrentRecordedEvent>)),
    ).toThrow(/not JSON/);
  });

  it('bounds a read by recorded and by valid time, compared as instants', () => {
    const at = (recordedAt: string, effectiveAt: string) => ({ recordedAt, effectiveAt }) as RecordedEvent;
    expect(timeFilter({})).toBeNull();
    const asOf = timeFilter({ recordedAtOrBefore: '2024-01-01T08:00:00+08:00' })!;
    expect(asOf(at('2024-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z'))).toBe(true);
    expect(asOf(at('2024-01-01T00:00:00.001Z', '2000-01-01T00:00:00.000Z'))).toBe(false);
    const both = timeFilter({ recordedAtOrBefore: '2024-01-01T00:00:00.000Z', effectiveAtOrBefore: '2021-06-01T00:00:00.000Z' })!;
    expect(both(at('2023-01-01T00:00:00.000Z', '2021-06-01T00:00:00.000Z'))).toBe(true);
    expect(both(at('2023-01-01T00:00:00.000Z', '2021-06-01T00:00:00.001Z'))).toBe(false);
    expect(() => timeFilter({ effectiveAtOrBefore: 'yesterday' })).toThrow(RangeError);
  });
});

describe('KurrentDB idempotency claims', () => {
  const claim = { actor: 'officer-1', key: 'k', requestHash: 'h', streamId: 'case-1', eventIds: ['e1'] };

  it('names a key’s stream by a hash of actor and key', () => {
    expect(claimStreamId('officer-1', 'k')).toMatch(/^ledger\.idempotency-[0-9a-f]{64}$/);
    expect(claimStreamId('officer-1', 'k')).not.toBe(claimStreamId('officer-2', 'k'));
    expect(claimStreamId('a\nb', 'c')).not.toBe(claimStreamId('a', 'b\nc'));
  });

  it('folds claim, record and release into who holds the key', () => {
    expect(foldClaim([])).toEqual({ status: 'free', expected: NO_STREAM });
    const claimed = { type: CLAIMED, revision: 0n, data: claim };
    expect(foldClaim([claimed])).toEqual({ status: 'pending', revision: 0n, claim });
    expect(foldClaim([claimed, { type: RECORDED, revision: 1n, data: { firstPosition: 5, lastPosition: 9 } }])).toEqual({
      status: 'recorded',
      claim,
      recorded: { firstPosition: 5, lastPosition: 9 },
    });
    const released = { type: RELEASED, revision: 1n, data: {} };
    expect(foldClaim([claimed, released])).toEqual({ status: 'free', expected: 1n });
    expect(foldClaim([claimed, released, { type: CLAIMED, revision: 2n, data: claim }])).toEqual({
      status: 'pending',
      revision: 2n,
      claim,
    });
  });
});

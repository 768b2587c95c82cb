import { ReadAs, type EventSchemas } from '@ledger/regulation/shared';
import { UnreadableSchemaVersion } from './errors';
import { EventSchemaRegistry, LEDGER_SCHEMAS } from './event-schema-registry';
import type { RecordedEvent } from './event-store';

/*
 * A test-local history of one event type: version 1 named the covered provinces `provinces`,
 * version 2 renamed it `coverage`, version 3 added the approval path (告知承诺 came in 2019).
 */
const SCHEMAS: EventSchemas = {
  ApplicationSubmitted: {
    version: 3,
    upcasters: {
      1: ({ provinces, ...rest }) => ({ ...rest, coverage: provinces }),
      2: (v2) => ({ ...v2, approvalPath: 'standard' }),
    },
  },
};

const recorded = (type: string, schemaVersion: number, data: Record<string, unknown>): RecordedEvent => ({
  eventId: 'e-1',
  type,
  streamId: 's-1',
  version: 1,
  position: 1,
  schemaVersion,
  recordedAt: '2020-01-01T00:00:00.000Z',
  effectiveAt: '2020-01-01T00:00:00.000Z',
  data,
  metadata: { actor: 'officer-1', roles: ['officer'], correlationId: 'c' },
});

const given = (schemas: EventSchemas) => ({
  whenRead: (event: RecordedEvent) => {
    const read = () => new EventSchemaRegistry(schemas).toDomainEvent(event);
    return {
      then: (expected: { type: string; data: object }) => expect(read()).toEqual(expected),
      thenRefuses: (message: RegExp) => {
        expect(read).toThrow(UnreadableSchemaVersion);
        expect(read).toThrow(message);
      },
    };
  },
});

describe('the upcaster registry', () => {
  it('reads version 1 through the whole chain, one version at a time', () => {
    given(SCHEMAS)
      .whenRead(recorded('ApplicationSubmitted', 1, { uscc: 'U', provinces: ['11'] }))
      .then({ type: 'ApplicationSubmitted', data: { uscc: 'U', coverage: ['11'], approvalPath: 'standard' } });
  });

  it('reads a middle version through the rest of the chain only', () => {
    given(SCHEMAS)
      .whenRead(recorded('ApplicationSubmitted', 2, { uscc: 'U', coverage: ['31'] }))
      .then({ type: 'ApplicationSubmitted', data: { uscc: 'U', coverage: ['31'], approvalPath: 'standard' } });
  });

  it('reads the current version as stored', () => {
    const data = { uscc: 'U', coverage: ['44'], approvalPath: 'commitment' };
    given(SCHEMAS)
      .whenRead(recorded('ApplicationSubmitted', 3, data))
      .then({ type: 'ApplicationSubmitted', data });
  });

  it('reads a type it does not name as version 1, as stored', () => {
    given(SCHEMAS)
      .whenRead(recorded('LicenceGranted', 1, { licenceNumber: 'B2-1' }))
      .then({ type: 'LicenceGranted', data: { licenceNumber: 'B2-1' } });
  });

  it('leaves the stored data as it was', () => {
    const event = recorded('ApplicationSubmitted', 1, { uscc: 'U', provinces: ['11'] });
    new EventSchemaRegistry(SCHEMAS).toDomainEvent(event);
    expect(event.data).toEqual({ uscc: 'U', provinces: ['11'] });
  });

  it('refuses a version with no path to the current one, naming the type and the version', () => {
    const gap: EventSchemas = { ApplicationSubmitted: { version: 3, upcasters: { 2: (v2) => v2 } } };
    given(gap)
      .whenRead(recorded('ApplicationSubmitted', 1, {}))
      .thenRefuses(/^ApplicationSubmitted events of schema version 1 cannot be read: no upcaster reads version 1/);
  });

  it('refuses a version a later release wrote', () => {
    given(SCHEMAS)
      .whenRead(recorded('ApplicationSubmitted', 4, {}))
      .thenRefuses(
        /^ApplicationSubmitted events of schema version 4 cannot be read: this release reads ApplicationSubmitted up to version 3/,
      );
    given(SCHEMAS)
      .whenRead(recorded('LicenceGranted', 2, {}))
      .thenRefuses(/^LicenceGranted events of schema version 2 cannot be read/);
  });

  it('writes new events with their type’s current version, unless one is named', () => {
    const registry = new EventSchemaRegistry(SCHEMAS);
    expect(registry.versionToWrite({ type: 'ApplicationSubmitted' })).toBe(3);
    expect(registry.versionToWrite({ type: 'ApplicationSubmitted', schemaVersion: 1 })).toBe(1);
    expect(registry.versionToWrite({ type: 'LicenceGranted' })).toBe(1);
  });

  it('refuses to be built with a version that is not a whole number from 1', () => {
    expect(() => new EventSchemaRegistry({ A: { version: 0, upcasters: {} } })).toThrow(/A must be a whole number from 1, not 0/);
    expect(() => new EventSchemaRegistry({ A: { version: 1.5, upcasters: {} } })).toThrow(RangeError);
  });
});

/*
 * A test-local retyping: version 1 of `Closed` also recorded what is now a `Withdrawn` (reason
 * `undone`); `Withdrawn` itself was later renamed `on` to `withdrawnOn` (its version 2).
 */
const RETYPING: EventSchemas = {
  Closed: {
    version: 2,
    readAs: ['Withdrawn'],
    upcasters: {
      1: ({ reason, closedOn, ...rest }) =>
        reason === 'undone' ? new ReadAs('Withdrawn', 1, { ...rest, on: closedOn }) : { ...rest, reason, closedOn },
    },
  },
  Withdrawn: { version: 2, upcasters: { 1: ({ on, ...rest }) => ({ ...rest, withdrawnOn: on }) } },
};

describe('the upcaster registry reading an old event as another type', () => {
  it('reads it as the other type, through that type’s own chain', () => {
    given(RETYPING)
      .whenRead(recorded('Closed', 1, { id: 'x', reason: 'undone', closedOn: '2020-01-01' }))
      .then({ type: 'Withdrawn', data: { id: 'x', withdrawnOn: '2020-01-01' } });
  });

  it('keeps the stored type when the upcaster keeps it', () => {
    given(RETYPING)
      .whenRead(recorded('Closed', 1, { id: 'x', reason: 'penalty', closedOn: '2020-01-01' }))
      .then({ type: 'Closed', data: { id: 'x', reason: 'penalty', closedOn: '2020-01-01' } });
  });

  it('reads events of the current version as stored, whatever they say', () => {
    const data = { id: 'x', reason: 'undone', closedOn: '2020-01-01' };
    given(RETYPING)
      .whenRead(recorded('Closed', 2, data))
      .then({ type: 'Closed', data });
  });

  it('leaves the stored event as it was, type included', () => {
    const event = recorded('Closed', 1, { id: 'x', reason: 'undone', closedOn: '2020-01-01' });
    new EventSchemaRegistry(RETYPING).toDomainEvent(event);
    expect(event).toMatchObject({ type: 'Closed', schemaVersion: 1, data: { id: 'x', reason: 'undone', closedOn: '2020-01-01' } });
  });

  it('refuses a retyping the schema does not declare', () => {
    const undeclared: EventSchemas = { ...RETYPING, Closed: { ...RETYPING.Closed!, readAs: [] } };
    given(undeclared)
      .whenRead(recorded('Closed', 1, { reason: 'undone' }))
      .thenRefuses(
        /^Closed events of schema version 1 cannot be read: the upcaster of version 1 reads it as Withdrawn, which the schema of Closed does not declare/,
      );
  });

  it('tells a reader filtering by type which stored types to ask for', () => {
    const registry = new EventSchemaRegistry(RETYPING);
    expect(registry.storedTypes(['Withdrawn']).sort()).toEqual(['Closed', 'Withdrawn']);
    expect(registry.storedTypes(['Closed', 'Withdrawn']).sort()).toEqual(['Closed', 'Withdrawn']);
    expect(registry.storedTypes(['Granted'])).toEqual(['Granted']);
  });

  it('refuses to be built with a retyping to itself or to a type read as another in turn', () => {
    expect(() => new EventSchemaRegistry({ A: { version: 2, readAs: ['A'], upcasters: {} } })).toThrow(/A may be read as A/);
    expect(
      () => new EventSchemaRegistry({ A: { version: 2, readAs: ['B'], upcasters: {} }, B: { version: 2, readAs: ['C'], upcasters: {} } }),
    ).toThrow(RangeError);
  });
});

describe('the ledger’s schemas', () => {
  const revoked = (ground: string) => ({
    applicationId: 'app-1',
    uscc: '91330100716105852F',
    licenceNumber: 'B2-20201234',
    revokedOn: '2020-10-10',
    reason: 'commitments not met',
    ground,
    penaltyId: null,
    caseId: null,
  });

  it('read a revocation (吊销) an older release recorded for a failed 告知承诺 verification as a withdrawal (撤销)', () => {
    expect(LEDGER_SCHEMAS.toDomainEvent(recorded('LicenceRevoked', 1, revoked('commitment-verification-failed')))).toEqual({
      type: 'LicenceWithdrawn',
      data: {
        applicationId: 'app-1',
        uscc: '91330100716105852F',
        licenceNumber: 'B2-20201234',
        withdrawnOn: '2020-10-10',
        reason: 'commitments not met',
        ground: 'commitment-verification-failed',
        fraud: false,
      },
    });
  });

  it('read an older revocation on a penalty as the revocation it was', () => {
    expect(LEDGER_SCHEMAS.toDomainEvent(recorded('LicenceRevoked', 1, revoked('penalty')))).toEqual({
      type: 'LicenceRevoked',
      data: revoked('penalty'),
    });
  });

  it('send readers of withdrawals to the stored revocations too', () => {
    expect(LEDGER_SCHEMAS.storedTypes(['LicenceWithdrawn'])).toContain('LicenceRevoked');
    expect(LEDGER_SCHEMAS.versionToWrite({ type: 'LicenceRevoked' })).toBe(3);
  });
});

import type { EventSchemas } from '@ledger/regulation/shared';
import { UnreadableSchemaVersion } from './errors';
import { EventSchemaRegistry } from './event-schema-registry';
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
    given(SCHEMAS).whenRead(recorded('ApplicationSubmitted', 3, data)).then({ type: 'ApplicationSubmitted', data });
  });

  it('reads a type it does not name as version 1, as stored', () => {
    given(SCHEMAS).whenRead(recorded('LicenceGranted', 1, { licenceNumber: 'B2-1' })).then({ type: 'LicenceGranted', data: { licenceNumber: 'B2-1' } });
  });

  it('leaves the stored data as it was', () => {
    const event = recorded('ApplicationSubmitted', 1, { uscc: 'U', provinces: ['11'] });
    new EventSchemaRegistry(SCHEMAS).toDomainEvent(event);
    expect(event.data).toEqual({ uscc: 'U', provinces: ['11'] });
  });

  it('refuses a version with no path to the current one, naming the type and the version', () => {
    const gap: EventSchemas = { ApplicationSubmitted: { version: 3, upcasters: { 2: (v2) => v2 } } };
    given(gap).whenRead(recorded('ApplicationSubmitted', 1, {})).thenRefuses(/^ApplicationSubmitted events of schema version 1 cannot be read: no upcaster reads version 1/);
  });

  it('refuses a version a later release wrote', () => {
    given(SCHEMAS).whenRead(recorded('ApplicationSubmitted', 4, {})).thenRefuses(/^ApplicationSubmitted events of schema version 4 cannot be read: this release reads ApplicationSubmitted up to version 3/);
    given(SCHEMAS).whenRead(recorded('LicenceGranted', 2, {})).thenRefuses(/^LicenceGranted events of schema version 2 cannot be read/);
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

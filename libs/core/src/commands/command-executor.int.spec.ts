import { PostgresEventStore } from '@ledger/event-store';
import type { LedgerMetrics } from '@ledger/platform';
import type { Decider } from '@ledger/regulation/shared';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { CommandEnvelope } from './command-envelope';
import { CommandExecutor, type Decision } from './command-executor';
import { VersionConflict } from './command-errors';

type Cmd = { type: 'Open'; data: object } | { type: 'Touch'; data: object };
type Evt = { type: 'Opened' | 'Touched'; data: object };

/** A record that must be opened before it is touched, and is opened once. */
const decider: Decider<Cmd, Evt, number> = {
  opens: ['Open'],
  initialState: () => 0,
  evolve: (state) => state + 1,
  decide: (command, state) => {
    if (command.type === 'Open') {
      if (state > 0) throw new Error('already open');
      return [{ type: 'Opened', data: {} }];
    }
    if (state === 0) throw new Error('not open');
    return [{ type: 'Touched', data: {} }];
  },
};

/** The same record, opened only for an owner that is registered: a fact that once true stays true. */
const owned: Decider<Cmd, Evt, number, { ownerRegistered: boolean }> = {
  ...decider,
  decide: (command, state, context) => {
    if (command.type === 'Open' && !context.ownerRegistered) throw new Error('owner not registered');
    return decider.decide(command, state, {});
  },
};

const envelope = (ifMatch: number | null): CommandEnvelope => ({
  actor: { sub: 'officer-1', roles: ['officer'], org: 'MIIT' },
  correlationId: 'c',
  causationId: null,
  documentNo: null,
  legalBasis: [],
  idempotencyKey: null,
  requestHash: null,
  ifMatch,
  effectiveAt: null,
  receivedAt: '2021-01-01T00:00:00.000Z',
});

describe('CommandExecutor: a command that opens its stream (Decider.opens)', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let executor: CommandExecutor;
  const calls: string[] = [];
  let conflicts = 0;

  beforeAll(async () => {
    test = await createTestDatabase('command_executor_openings');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: null });
    // What the executor asks of the real store, in order.
    const aggregateStream = store.aggregateStream.bind(store);
    const append = store.append.bind(store);
    store.aggregateStream = ((streamId: string, ...rest: unknown[]) => {
      calls.push(`read ${streamId}`);
      return (aggregateStream as (...args: unknown[]) => unknown)(streamId, ...rest);
    }) as typeof store.aggregateStream;
    store.append = (streamId, expected, ...rest) => {
      calls.push(`append ${streamId} ${expected}`);
      return append(streamId, expected, ...rest);
    };
    const metrics = { appends: { inc: () => undefined }, conflicts: { inc: () => conflicts++ } } as unknown as LedgerMetrics;
    executor = new CommandExecutor(store, metrics);
  });
  afterAll(async () => {
    await store?.close();
    await test?.drop();
  });
  beforeEach(() => {
    calls.length = 0;
    conflicts = 0;
  });

  const decision = (streamId: string, type: Cmd['type'], ifMatch: number | null = null): Decision<Cmd, Evt, number, object> => ({
    streamId,
    decider,
    command: { type, data: {} },
    envelope: envelope(ifMatch),
    effectiveAt: '2021-01-01T00:00:00.000Z',
    context: () => ({}),
  });

  it('appends it as the stream’s first events without reading the stream', async () => {
    await expect(executor.execute(decision('record-1', 'Open'))).resolves.toMatchObject({
      status: 201,
      body: { streamId: 'record-1', version: 1 },
    });
    expect(calls).toEqual(['append record-1 no-stream']);
  });

  it('decides it on the stream as read when the stream exists, answering as before and counting no conflict', async () => {
    await executor.execute(decision('record-2', 'Open'));
    calls.length = 0;
    await expect(executor.execute(decision('record-2', 'Open'))).rejects.toThrow('already open');
    expect(calls).toEqual(['append record-2 no-stream', 'read record-2']);
    expect(conflicts).toBe(0);
    expect((await store.readStream('record-2')).map((e) => e.type)).toEqual(['Opened']);
  });

  it('reads the stream first for every other command', async () => {
    await executor.execute(decision('record-3', 'Open'));
    calls.length = 0;
    await executor.execute(decision('record-3', 'Touch'));
    expect(calls).toEqual(['read record-3', 'append record-3 1']);
    await expect(executor.execute(decision('record-4', 'Touch'))).rejects.toThrow('not open');
  });

  it('assumes a fact that stays true once true, has the append require it, and decides on the fact as read when it does not hold', async () => {
    const facts: string[] = [];
    const opening = (streamId: string, owner: string): Decision<Cmd, Evt, number, { ownerRegistered: boolean }> => ({
      ...decision(streamId, 'Open'),
      decider: owned,
      context: async () => {
        facts.push(`read ${owner}`);
        return { ownerRegistered: (await store.readStream(owner, { maxCount: 1 })).length > 0 };
      },
      assumed: () => ({ context: { ownerRegistered: true }, requires: [owner] }),
    });
    await expect(executor.execute(opening('record-6', 'owner-6'))).rejects.toThrow('owner not registered');
    expect([...calls, ...facts]).toEqual(['append record-6 no-stream', 'read record-6', 'read owner-6']);
    expect(await store.readStream('record-6')).toEqual([]);

    await store.append('owner-6', 'no-stream', [
      { type: 'Registered', data: {}, metadata: { actor: 'officer-1', roles: ['officer'], correlationId: 'c' } },
    ]);
    calls.length = 0;
    facts.length = 0;
    await expect(executor.execute(opening('record-6', 'owner-6'))).resolves.toMatchObject({ status: 201, body: { version: 1 } });
    expect([...calls, ...facts]).toEqual(['append record-6 no-stream']);
    expect(conflicts).toBe(0);
  });

  it('keeps If-Match: an opening expected at a version is read first, one expected new is refused when the stream exists', async () => {
    await executor.execute(decision('record-5', 'Open'));
    calls.length = 0;
    await expect(executor.execute(decision('record-5', 'Open', 1))).rejects.toThrow('already open');
    expect(calls).toEqual(['read record-5']);
    await expect(executor.execute(decision('record-5', 'Open', 0))).rejects.toBeInstanceOf(VersionConflict);
  });
});

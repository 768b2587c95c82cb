import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Checkpoints } from '@ledger/consumers';
import { PostgresEventStore, toEventJson, type EventToAppend, type RecordedEvent } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { untilLogVisible } from '../../../../test/support/visibility';
import { NatsRelay } from './nats-relay';
import { subjectOf } from './subjects';

/** Needs a NATS server with JetStream; without NATS_URL this suite is reported as skipped, never as passed. */
const NATS_URL = process.env.NATS_URL;
const describeWithNats = NATS_URL ? describe : describe.skip;

const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
const event = (type: string): EventToAppend => ({ type, data: { n: randomUUID() }, metadata });

class SimulatedCrash extends Error {}

describeWithNats('NatsRelay', () => {
  const run = randomBytes(4).toString('hex');
  const stream = `LEDGER_TEST_${run}`;
  const subjectPrefix = `ledgertest_${run}`;
  let test: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: Checkpoints;
  let nc: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    test = await createTestDatabase('nats_relay');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    checkpoints = new Checkpoints(test.database.pool);
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc?.close();
    await store?.close();
    await test?.drop();
  });

  async function appendMixed(count: number): Promise<void> {
    const streams = [
      `enterprise-${randomUUID()}`,
      `case-${randomUUID()}`,
      `credit-entry-${randomUUID()}`,
      `licence-application-${randomUUID()}`,
    ];
    const types = ['EnterpriseRegistered', 'PenaltyImposed', 'CreditListEntryAdded', 'LicenceApplied'];
    for (let i = 0; i < count; i++) await store.append(streams[i % 4]!, 'any', [event(types[i % 4]!)]);
  }

  async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Every message in the stream, read with an ordered consumer from the start. */
  async function readStream(): Promise<JsMsg[]> {
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    const consumer = await jetstream(nc).consumers.get(stream);
    const messages: JsMsg[] = [];
    while (messages.length < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 100, expires: 2000 });
      for await (const message of batch) messages.push(message);
    }
    return messages;
  }

  it('publishes every event exactly once across a crash in the middle of a batch, in log order', async () => {
    await appendMixed(25);
    await untilLogVisible(store);
    let published = 0;
    let crashed = false;
    const crashing = new NatsRelay(store, checkpoints, {
      url: NATS_URL!,
      stream,
      subjectPrefix,
      batchSize: 10,
      afterPublish: () => {
        // The first batch is checkpointed; the process dies after half of the second is acknowledged.
        if (++published >= 15) {
          crashed = true;
          throw new SimulatedCrash('the process died before writing its checkpoint');
        }
      },
    });
    crashing.start();
    await until('the crash', async () => crashed);
    await crashing.stop();
    expect(await checkpoints.load(`nats:${stream}`)).toBe((await store.readAll({ limit: 10 }))[9]!.position);
    expect((await (await jetstreamManager(nc)).streams.info(stream)).state.messages).toBe(15);

    const relay = new NatsRelay(store, checkpoints, { url: NATS_URL!, stream, subjectPrefix, batchSize: 10 });
    relay.start();
    await appendMixed(7);
    const head = await store.committedHead();
    await until('the relay to reach the head', async () => (await checkpoints.load(`nats:${stream}`)) >= head);
    await relay.stop();

    const log: RecordedEvent[] = await store.readAll({ limit: 1000 });
    const messages = await readStream();
    expect(messages.map((m) => m.headers?.get('Nats-Msg-Id'))).toEqual(log.map((e) => e.eventId));
    expect(messages.map((m) => m.subject)).toEqual(log.map((e) => subjectOf(subjectPrefix, e)));
    expect(messages.map((m) => m.json())).toEqual(log.map((e) => JSON.parse(JSON.stringify(toEventJson(e)))));
    expect(messages[0]!.subject).toBe(`${subjectPrefix}.enterprises.EnterpriseRegistered`);
    expect(messages[1]!.subject).toBe(`${subjectPrefix}.enforcement.PenaltyImposed`);
  });

  it('resumes from its checkpoint, not from the start of the log', async () => {
    const before = (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
    const relay = new NatsRelay(store, checkpoints, { url: NATS_URL!, stream, subjectPrefix });
    relay.start();
    await appendMixed(3);
    const head = await store.committedHead();
    await until('the new events', async () => (await checkpoints.load(`nats:${stream}`)) >= head);
    await relay.stop();
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    expect(info.state.messages).toBe(before + 3);
  });
});

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Checkpoints } from '@ledger/consumers';
import { PostgresEventStore } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { until } from '../../../../test/support/until';
import { untilLogVisible } from '../../../../test/support/visibility';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookRegistry } from './webhook-registry';

const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
const OPTIONS = { allowPrivate: true, maxAttempts: 3, timeoutMs: 5_000, backoffMs: 20, rescanMs: 50 };

describe('WebhookDispatcher', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let registry: WebhookRegistry;
  let checkpoints: Checkpoints;
  let server: Server;
  let url: string;
  /** What the receiver has taken in, by X-Ledger-Event-Id: a receiver that knows event ids drops a repeat. */
  const received = new Map<string, number>();
  /** Called for each request before it is answered; returns false to leave it unanswered. */
  let answer: (eventId: string) => boolean = () => true;

  beforeAll(async () => {
    test = await createTestDatabase('webhook_dispatcher');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    registry = new WebhookRegistry(test.database.pool);
    checkpoints = new Checkpoints(test.database.pool);
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const eventId = String(request.headers['x-ledger-event-id']);
        received.set(eventId, (received.get(eventId) ?? 0) + 1);
        if (answer(eventId)) response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
    await test?.drop();
  });

  it('stopped after the receiver took an event but before its position was stored, delivers that event again after a restart, and no other', async () => {
    const from = await store.headPosition();
    const webhookId = randomUUID();
    await registry.create({
      webhookId,
      owner: 'downstream',
      url,
      types: ['EnterpriseRegistered'],
      secret: 'whsec-0123456789abcdef',
      position: from,
    });
    const appended = await store.append(
      `enterprise-${randomUUID()}`,
      'no-stream',
      Array.from({ length: 8 }, (_, i) => ({ type: 'EnterpriseRegistered', data: { i }, metadata })),
    );
    await untilLogVisible(store);
    const [fourth] = appended.events.slice(3);

    const first = new WebhookDispatcher(store, registry, checkpoints, OPTIONS);
    let stopping: Promise<void> | null = null;
    // The receiver has the fourth event and is about to answer 2xx when the ledger's process stops.
    answer = (eventId) => {
      if (eventId !== fourth!.eventId || stopping) return true;
      stopping = first.stop();
      return false;
    };
    first.start();
    await until('the stop', () => stopping !== null);
    await stopping;
    const third = appended.events[2]!.position;
    expect(await checkpoints.load(`webhook:${webhookId}`)).toBe(third);
    expect((await registry.get(webhookId))!.position).toBe(third);

    const restarted = new WebhookDispatcher(store, registry, checkpoints, OPTIONS);
    restarted.start();
    try {
      await until('every event', async () => (await registry.get(webhookId))!.position >= appended.position);
    } finally {
      await restarted.stop();
    }
    expect([...received.keys()].sort()).toEqual(appended.events.map((e) => e.eventId).sort());
    expect([...received].filter(([, times]) => times > 1)).toEqual([[fourth!.eventId, 2]]);
  });

  it('removes a deleted webhook’s position with it', async () => {
    const webhookId = randomUUID();
    await registry.create({
      webhookId,
      owner: 'downstream',
      url,
      types: ['EnterpriseRegistered'],
      secret: 'whsec-0123456789abcdef',
      position: 7,
    });
    expect(await checkpoints.load(`webhook:${webhookId}`)).toBe(7);
    expect(await registry.remove(webhookId)).toBe(true);
    expect(await checkpoints.read([`webhook:${webhookId}`])).toEqual([]);
  });
});

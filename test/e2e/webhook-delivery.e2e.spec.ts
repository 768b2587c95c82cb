import { randomUUID } from 'node:crypto';
import { startTestLedger, type TestLedger } from '../support/test-ledger';
import { hasValidSignature, WebhookReceiver } from '../support/webhook-receiver';

/** A small retry budget and short waits, so failing and recovering take milliseconds. */
const FAST = {
  LEDGER_WEBHOOK_MAX_ATTEMPTS: '3',
  LEDGER_WEBHOOK_BACKOFF_MS: '20',
  LEDGER_WEBHOOK_RESCAN_MS: '50',
  LEDGER_WEBHOOK_TIMEOUT_MS: '2000',
};
const SECRET = 'whsec-0123456789abcdef';
const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };

describe('webhook delivery', () => {
  let ledger: TestLedger;
  let receiver: WebhookReceiver;
  let serial = 0;

  beforeAll(async () => {
    ledger = await startTestLedger('webhook_delivery', FAST);
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver?.close());
  afterAll(() => ledger?.close());

  const subscriber = () => ({ Authorization: `Bearer ${ledger.token('subscriber')}` });

  async function registered(): Promise<number> {
    const uscc = `9133010071610${String(++serial).padStart(5, '0')}`;
    const result = await ledger.runtime.store.append(`enterprise-${uscc}`, 'no-stream', [
      { type: 'EnterpriseRegistered', data: { uscc, name: `企业${serial}`, province: '330000', address: null }, metadata },
    ]);
    return result.position;
  }

  /** An event the webhooks below do not ask for. */
  async function unrelated(): Promise<number> {
    return (await ledger.runtime.store.append(`case-${randomUUID()}`, 'no-stream', [{ type: 'CaseOpened', data: {}, metadata }])).position;
  }

  async function register(fromPosition: number): Promise<string> {
    const response = await ledger
      .http()
      .post('/v1/webhooks')
      .set(subscriber())
      .send({ url: receiver.url, types: ['EnterpriseRegistered'], secret: SECRET, fromPosition });
    expect(response.status).toBe(201);
    return response.body.webhookId;
  }

  const status = async (webhookId: string) => (await ledger.http().get(`/v1/webhooks/${webhookId}`).set(subscriber())).body;

  /** The receiver sees a delivery just before the ledger stores its position: wait for the store. */
  async function webhookWhere(webhookId: string, condition: (body: { status: string; position: number }) => boolean) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const body = await status(webhookId);
      if (condition(body)) return body;
      if (Date.now() > deadline) throw new Error(`webhook stayed ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('delivers every matching event, in log order and signed, through an outage, and resumes after a restart where it was', async () => {
    receiver.respond = (ordinal) => (ordinal <= 2 ? 500 : 200);
    const from = await ledger.runtime.store.headPosition();
    const expected = [await registered()];
    await unrelated();
    expected.push(await registered());
    const webhookId = await register(from);
    expected.push(await registered());
    await unrelated();
    expected.push(await registered());

    await receiver.waitFor('every matching event', () => receiver.acceptedPositions().length >= expected.length);
    expect(receiver.acceptedPositions()).toEqual(expected);
    const attempted = receiver.deliveries.map((d) => Number(d.headers['x-ledger-position']));
    expect(attempted).toEqual([...attempted].sort((a, b) => a - b));
    expect(receiver.deliveries.slice(0, 3).map((d) => d.status)).toEqual([500, 500, 200]);
    for (const delivery of receiver.deliveries) {
      expect(hasValidSignature(delivery, SECRET)).toBe(true);
      const event = JSON.parse(delivery.body);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-ledger-event-id']).toBe(event.eventId);
      expect(delivery.headers['x-ledger-position']).toBe(String(event.position));
      expect(event).toMatchObject({ type: 'EnterpriseRegistered', metadata: { actor: 'officer-1', documentNo: null } });
      expect(event.metadata).not.toHaveProperty('idempotencyKey');
    }
    const seen = await webhookWhere(webhookId, (w) => w.position >= expected[expected.length - 1]!);
    expect(seen).toMatchObject({ status: 'active', attempts: 0, lastError: 'HTTP 500 Internal Server Error' });
    expect(seen).not.toHaveProperty('secret');

    await ledger.restart();
    expect((await status(webhookId)).position).toBe(seen.position);
    const afterRestart = await registered();
    await receiver.waitFor('the event after the restart', () => receiver.acceptedPositions().includes(afterRestart));
    expect(receiver.acceptedPositions()).toEqual([...expected, afterRestart]);
  });

  it('turns failing after the retry budget, keeps its position across a restart, and delivers from it when resumed', async () => {
    receiver.respond = () => 503;
    const from = await ledger.runtime.store.headPosition();
    const webhookId = await register(from);
    const first = await registered();

    const failing = await webhookWhere(webhookId, (w) => w.status === 'failing');
    expect(failing).toMatchObject({ position: from, attempts: 3, lastError: 'HTTP 503 Service Unavailable' });
    expect(receiver.deliveries.map((d) => Number(d.headers['x-ledger-position']))).toEqual([first, first, first]);

    const whileFailing = await registered();
    await ledger.restart();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.deliveries).toHaveLength(3);
    expect(await status(webhookId)).toMatchObject({ status: 'failing', position: from });

    receiver.respond = () => 204;
    const resumed = await ledger.http().post(`/v1/webhooks/${webhookId}/resume`).set(subscriber());
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', attempts: 0, position: from });
    await receiver.waitFor('the kept events', () => receiver.acceptedPositions().length === 2);
    expect(receiver.acceptedPositions()).toEqual([first, whileFailing]);
    expect(await webhookWhere(webhookId, (w) => w.position >= whileFailing)).toMatchObject({ status: 'active', attempts: 0 });
  });

  it('stops delivering to a deleted webhook', async () => {
    const webhookId = await register(await ledger.runtime.store.headPosition());
    const delivered = await registered();
    await receiver.waitFor('the first event', () => receiver.acceptedPositions().includes(delivered));
    expect((await ledger.http().delete(`/v1/webhooks/${webhookId}`).set(subscriber())).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await registered();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.acceptedPositions()).toEqual([delivered]);
  });
});

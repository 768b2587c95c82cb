import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedEvent } from '@ledger/event-store';
import { hasValidSignature, WebhookReceiver } from '../../../../test/support/webhook-receiver';
import { deliver } from './webhook-delivery';

const event: RecordedEvent = {
  eventId: '6f1c0d3e-0000-4000-8000-000000000001',
  type: 'PenaltyImposed',
  streamId: 'case-1',
  version: 3,
  position: 17,
  schemaVersion: 1,
  recordedAt: '2026-01-05T02:00:00.000Z',
  effectiveAt: '2026-01-05T02:00:00.000Z',
  data: { amount: 30000 },
  metadata: { actor: 'officer-1', roles: ['officer'], correlationId: 'c', idempotencyKey: 'k-1' },
};
const target = (url: string) => ({ webhookId: '6f1c0d3e-0000-4000-8000-0000000000aa', url, secret: 'whsec-0123456789abcdef' });
const options = (allowPrivate: boolean, timeoutMs = 2000) => ({ allowPrivate, timeoutMs, signal: new AbortController().signal });

describe('one webhook delivery over a real socket', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(() => receiver.close());

  it('POSTs the event JSON with its id, position and a signature of the raw body', async () => {
    expect(await deliver(target(receiver.url), event, options(true))).toEqual({ ok: true });
    const [delivery] = receiver.deliveries;
    expect(hasValidSignature(delivery!, 'whsec-0123456789abcdef')).toBe(true);
    expect(delivery!.headers).toMatchObject({
      'x-ledger-event-id': event.eventId,
      'x-ledger-position': '17',
      'content-type': 'application/json',
    });
    expect(JSON.parse(delivery!.body)).toEqual({
      eventId: event.eventId,
      type: 'PenaltyImposed',
      streamId: 'case-1',
      version: 3,
      position: 17,
      recordedAt: event.recordedAt,
      effectiveAt: event.effectiveAt,
      data: { amount: 30000 },
      metadata: {
        actor: 'officer-1',
        roles: ['officer'],
        org: null,
        documentNo: null,
        legalBasis: [],
        correlationId: 'c',
        causationId: null,
      },
    });
  });

  it('counts only a 2xx, and does not follow redirects', async () => {
    receiver.respond = () => 302;
    expect(await deliver(target(receiver.url), event, options(true))).toEqual({ ok: false, error: 'HTTP 302 Found' });
  });

  it('refuses internal destinations after DNS when private ones are not allowed', async () => {
    const viaName = receiver.url.replace('127.0.0.1', 'localhost');
    const outcome = await deliver(target(viaName), event, options(false));
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining('resolves to an internal address') });
    expect(await deliver(target(receiver.url), event, options(false))).toEqual({
      ok: false,
      error: 'the URL points at an internal address',
    });
    expect(receiver.deliveries).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      expect(await deliver(target(url), event, options(true, 200))).toEqual({ ok: false, error: 'timed out' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

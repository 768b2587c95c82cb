import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

const valid = {
  url: 'http://127.0.0.1:9/ledger-events',
  types: ['PenaltyImposed', 'CreditListEntryAdded'],
  secret: 'whsec-0123456789abcdef',
};

describe('webhook endpoints', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger('webhooks');
  });
  afterAll(() => ledger?.close());

  const as = (sub: string, role: 'subscriber' | 'admin' = 'subscriber') => ({ Authorization: `Bearer ${ledger.token(role, { sub })}` });
  const fields = (body: { violations?: Array<{ field: string }> }) => [...new Set((body.violations ?? []).map((v) => v.field))].sort();

  it('registers a webhook for its owner and never shows the secret', async () => {
    const response = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ ...valid, types: ['PenaltyImposed', 'PenaltyImposed'] });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      url: valid.url,
      types: ['PenaltyImposed'],
      owner: 'downstream-a',
      position: 0,
      status: 'active',
      attempts: 0,
      lastError: null,
    });
    expect(response.body.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.location).toBe(`/v1/webhooks/${response.body.webhookId}`);
    expect(JSON.stringify(response.body)).not.toContain(valid.secret);

    const read = await ledger.http().get(`/v1/webhooks/${response.body.webhookId}`).set(as('downstream-a'));
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
  });

  it('takes a client-chosen id once, and a fromPosition', async () => {
    const webhookId = randomUUID();
    const first = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ ...valid, webhookId, fromPosition: 42 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ webhookId, position: 42 });
    const again = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ ...valid, webhookId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_EXISTS');
  });

  it('names every invalid field', async () => {
    const response = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ webhookId: 'nope', url: 'ftp://receiver.example/x', types: [], secret: 'short', fromPosition: -1, colour: 'red' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(fields(response.body)).toEqual(['colour', 'fromPosition', 'secret', 'types', 'url', 'webhookId']);
    expect(response.body.violations).toContainEqual({ field: 'url', message: 'url must use the http or https scheme' });

    const empty = await ledger.http().post('/v1/webhooks').set(as('downstream-a')).send({});
    expect(fields(empty.body)).toEqual(['secret', 'types', 'url']);
    const credentials = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ ...valid, url: 'https://user:pw@receiver.example/' });
    expect(credentials.body.violations).toEqual([{ field: 'url', message: 'url must not carry credentials' }]);
    const badType = await ledger
      .http()
      .post('/v1/webhooks')
      .set(as('downstream-a'))
      .send({ ...valid, types: ['ok', 'not a type'] });
    expect(fields(badType.body)).toEqual(['types']);
  });

  it('keeps each subscriber to its own webhooks, and lets an admin see and manage all', async () => {
    const mine = (await ledger.http().post('/v1/webhooks').set(as('downstream-b')).send(valid)).body.webhookId as string;
    for (const request of [
      ledger.http().get(`/v1/webhooks/${mine}`),
      ledger.http().post(`/v1/webhooks/${mine}/resume`),
      ledger.http().delete(`/v1/webhooks/${mine}`),
    ]) {
      const refused = await request.set(as('downstream-c'));
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    }

    const ownList = await ledger.http().get('/v1/webhooks').set(as('downstream-b'));
    expect(ownList.body.items.map((w: { webhookId: string }) => w.webhookId)).toEqual([mine]);
    expect((await ledger.http().get('/v1/webhooks').set(as('downstream-c'))).body).toEqual({ items: [], nextCursor: null });

    const admin = as('ops', 'admin');
    expect((await ledger.http().get(`/v1/webhooks/${mine}`).set(admin)).status).toBe(200);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Response = await ledger
        .http()
        .get('/v1/webhooks')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin);
      expect(page.status).toBe(200);
      all.push(...page.body.items.map((w: { webhookId: string }) => w.webhookId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toContain(mine);
    expect(all.length).toBeGreaterThanOrEqual(3);

    const resumed = await ledger.http().post(`/v1/webhooks/${mine}/resume`).set(as('downstream-b'));
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');
    expect((await ledger.http().delete(`/v1/webhooks/${mine}`).set(admin)).status).toBe(204);
    expect((await ledger.http().get(`/v1/webhooks/${mine}`).set(as('downstream-b'))).status).toBe(404);
  });

  it('answers 404 for an unknown webhook and 400 for an id that cannot be one', async () => {
    const unknown = randomUUID();
    for (const request of [
      ledger.http().get(`/v1/webhooks/${unknown}`),
      ledger.http().post(`/v1/webhooks/${unknown}/resume`),
      ledger.http().delete(`/v1/webhooks/${unknown}`),
    ]) {
      const response = await request.set(as('downstream-a'));
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('NOT_FOUND');
    }
    const malformed = await ledger.http().get('/v1/webhooks/not-a-uuid').set(as('downstream-a'));
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(['id']);
    expect((await ledger.http().get('/v1/webhooks').query({ cursor: 'garbage' }).set(as('downstream-a'))).status).toBe(400);
  });

  it('is closed to callers without a token and to other roles', async () => {
    expect((await ledger.http().get('/v1/webhooks')).status).toBe(401);
    for (const role of ['officer', 'auditor'] as const) {
      const response = await ledger
        .http()
        .post('/v1/webhooks')
        .set('Authorization', `Bearer ${ledger.token(role)}`)
        .send(valid);
      expect(response.status).toBe(403);
    }
  });
});

describe('webhook URLs where private destinations are not allowed', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger('webhooks_public', { LEDGER_WEBHOOK_ALLOW_PRIVATE: 'false' });
  });
  afterAll(() => ledger?.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://192.168.1.10/hook',
  ])('refuses %s', async (url) => {
    const response = await ledger
      .http()
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${ledger.token('subscriber')}`)
      .send({ ...valid, url });
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ field: 'url', message: expect.stringContaining('must not point at') }]);
  });
});

import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { mintToken } from '@ledger/auth';
import { loadConfig, openDatabase, type Database } from '@ledger/platform';
import { startRuntime, type LedgerRuntime } from '@ledger/runtime';
import { createApp } from '@ledger/http';
import { serveProbes } from '../../apps/ledger-worker/src/probes';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database';
import { TEST_SECRET } from '../support/test-ledger';
import { WebhookReceiver } from '../support/webhook-receiver';

const env = {
  LEDGER_JWT_SECRET: TEST_SECRET,
  LEDGER_LEADER_POLL_MS: '100',
  LEDGER_WEBHOOK_RESCAN_MS: '100',
  LEDGER_WEBHOOK_ALLOW_PRIVATE: 'true',
};

function usccs(count: number): string[] {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  return Array.from({ length: count }, (_, i) => {
    const body = `91110000MA00${String(i).padStart(5, '0')}`;
    const sum = [...body].reduce((acc, c, k) => acc + alphabet.indexOf(c) * weights[k]!, 0);
    return body + alphabet[(31 - (sum % 31)) % 31];
  });
}

/**
 * Two workers on one database (LEDGER_ROLE=worker) and an API process (LEDGER_ROLE=api): one
 * worker holds the leader lease and does the work; when it is killed the other takes over.
 * Server mode only: embedded PGlite is one process by construction.
 */
(serverUrl() ? describe : describe.skip)('two workers and an API process on one database', () => {
  let db: TestDatabase;
  let api: LedgerRuntime;
  let app: INestApplication;
  const workers: Array<{ runtime: LedgerRuntime; database: Database }> = [];
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await createTestDatabase('workers', 'server');
    api = await startRuntime(loadConfig({ ...env, LEDGER_ROLE: 'api' }), { database: db.database });
    app = await createApp(api, { logger: false });
    await app.init();
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ url: db.url, poolSize: 5 });
      workers.push({ runtime: await startRuntime(loadConfig({ ...env, LEDGER_ROLE: 'worker' }), { database }), database });
    }
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    for (const w of workers) {
      await w.runtime.close();
      await w.database.close();
    }
    await app?.close();
    await api?.close();
    await db?.drop();
  });

  const officer = () => ({ Authorization: `Bearer ${mintToken({ sub: 'officer-1', roles: ['officer'], org: 'MIIT' }, TEST_SECRET)}` });
  const register = (uscc: string) =>
    request(app.getHttpServer())
      .post('/v1/enterprises')
      .set(officer())
      .send({ uscc, name: `企业${uscc.slice(-4)}`, province: '110000' })
      .expect(201);
  const eventIds = () => receiver.deliveries.filter((d) => d.status === 200).map((d) => String(d.headers['x-ledger-event-id']));

  it('answers health probes and /metrics from each worker, which says whether it leads', async () => {
    const probes = await Promise.all(workers.map((w) => serveProbes(w.runtime, 0)));
    try {
      for (const [i, { port }] of probes.entries()) {
        const worker = request(`http://127.0.0.1:${port}`);
        const leads = workers[i]!.runtime.isLeading();
        await worker.get('/health/live').expect(200, { status: 'ok' });
        const ready = await worker.get('/health/ready').expect(200);
        expect(ready.body).toEqual({
          status: 'ok',
          checks: { database: 'ok', projections: 'ok' },
          lease: leads ? 'leading' : 'standing by',
          lag: { committedHead: expect.any(Number), projectionsBehind: expect.any(Number), oldestInFlightAppendSeconds: 0 },
        });
        const metrics = await worker.get('/metrics').expect(200);
        expect(metrics.text).toContain(`ledger_leader ${leads ? 1 : 0}`);
        expect(metrics.text).toContain(`ledger_projection_lag_events{projection="licences",state="${leads ? 'live' : 'following'}"} 0`);
        expect(metrics.text).not.toMatch(/^ledger_nats_relay_lag_events/m); // no NATS_URL here
        const unknown = await worker.get('/v1/licences').expect(404);
        expect(unknown.headers['content-type']).toBe('application/problem+json');
        await worker.post('/metrics').expect(405);
      }
      const apiMetrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(apiMetrics.text).toContain('ledger_leader 0');
    } finally {
      await Promise.all(probes.map(({ server }) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('lets exactly one worker lead, delivers and projects each event once, and fails over when the leader is killed', async () => {
    expect(workers.filter((w) => w.runtime.isLeading())).toHaveLength(1);
    expect(api.isLeading()).toBe(false);
    const subscriber = { Authorization: `Bearer ${mintToken({ sub: 'sub-1', roles: ['subscriber'] }, TEST_SECRET)}` };
    await request(app.getHttpServer())
      .post('/v1/webhooks')
      .set(subscriber)
      .send({ url: receiver.url, types: ['EnterpriseRegistered'], secret: 'webhook-secret-0123456789' })
      .expect(201);

    const [first, second] = [usccs(8).slice(0, 5), usccs(8).slice(5)];
    let last = 0;
    for (const uscc of first!) last = (await register(uscc)).body.position;
    // The API process reads its own writes from projections driven by the leader, in another process.
    const summary = await request(app.getHttpServer()).get(`/v1/enterprises/${first![4]}?minPosition=${last}`).set(officer());
    expect(summary.status).toBe(200);
    await receiver.waitFor('five deliveries', () => eventIds().length >= 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(eventIds()).toHaveLength(5);
    expect(new Set(eventIds()).size).toBe(5);

    const leader = workers.find((w) => w.runtime.isLeading())!;
    const standby = workers.find((w) => !w.runtime.isLeading())!;
    // A crash: the leader's session dies with it (the server ends it), and so does its work.
    const pid = await leader.runtime.lease!.backendPid();
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    await leader.runtime.close();
    workers.splice(workers.indexOf(leader), 1);
    await leader.database.close();

    const deadline = Date.now() + 10_000;
    while (!standby.runtime.isLeading() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(standby.runtime.isLeading()).toBe(true);

    for (const uscc of second!) last = (await register(uscc)).body.position;
    await receiver.waitFor('all eight events', () => new Set(eventIds()).size >= 8);
    const after = await request(app.getHttpServer()).get(`/v1/enterprises/${second![2]}?minPosition=${last}`).set(officer());
    expect(after.status).toBe(200);
    const projections = await request(app.getHttpServer()).get('/v1/projections').set(officer());
    expect(projections.body.items.every((p: { lag: number }) => p.lag === 0)).toBe(true);
  });
});

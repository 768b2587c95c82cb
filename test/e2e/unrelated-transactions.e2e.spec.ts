import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SseClient } from '../support/sse-client';
import { serverUrl } from '../support/test-database';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 16, item 2: a write transaction held open elsewhere on the cluster — another database, or
 * another table of the ledger's own — must not hold back the feed, `minPosition` reads or the
 * commands that check facts. Everything below happens while both transactions are still open.
 */
(serverUrl() ? describe : describe.skip)('write transactions that are not the ledger’s', () => {
  let ledger: TestLedger;
  let sessions: Client[] = [];

  beforeAll(async () => {
    ledger = await startTestLedger('unrelated-transactions');
  });
  afterAll(async () => {
    for (const session of sessions) await session.end().catch(() => undefined);
    await ledger?.close();
  });

  it('hold back neither the feed, nor reads with minPosition, nor commands that check facts', async () => {
    sessions = [serverUrl()!, ledger.db.url].map((url) => new Client({ connectionString: url }));
    for (const session of sessions) {
      await session.connect();
      await session.query('begin');
      await session.query(`create temporary table unrelated (x integer)`);
      await session.query(`insert into unrelated values (1)`);
    }
    const officer = `Bearer ${ledger.token('officer')}`;
    const base = await ledger.listen();
    const feed = await SseClient.connect(`${base}/v1/feed?types=EnterpriseRegistered,CaseOpened&fromPosition=0`, {
      Authorization: `Bearer ${ledger.token('subscriber')}`,
    });

    const registered = await ledger
      .http()
      .post('/v1/enterprises')
      .set('Authorization', officer)
      .send({ uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000' });
    expect(registered.status).toBe(201);
    const read = await ledger.http().get(`/v1/enterprises/${USCC_A}?minPosition=${registered.body.position}`).set('Authorization', officer);
    expect(read.status).toBe(200);
    // Opening a case checks the fact that the enterprise is registered, in a read model.
    const opened = await ledger
      .http()
      .post('/v1/cases')
      .set('Authorization', officer)
      .send({ uscc: USCC_A, origin: 'complaint', summary: '投诉' });
    expect(opened.status).toBe(201);
    const delivered = await feed.take(2);
    feed.disconnect();
    expect(delivered.map((m) => Number(m.id))).toEqual([registered.body.position, opened.body.position]);

    const open = await Promise.all(sessions.map((s) => s.query(`select pg_current_xact_id_if_assigned() is not null as open`)));
    expect(open.map((r) => r.rows[0].open)).toEqual([true, true]);
    for (const session of sessions) await session.query('rollback');
  });

  it('an append of the ledger’s own left in flight does hold readers back, and health and /v1/projections say so', async () => {
    const officer = `Bearer ${ledger.token('officer')}`;
    const held = new Client({ connectionString: ledger.db.url });
    sessions.push(held);
    await held.connect();
    await held.query('begin');
    await held.query(`select * from ledger.append_events($1, 0, $2::jsonb, null)`, [
      `test-held-${randomUUID()}`,
      JSON.stringify([{ eventId: randomUUID(), type: 'HeldForTheTest', schemaVersion: 1, data: {}, metadata: {} }]),
    ]);
    const registered = await ledger
      .http()
      .post('/v1/enterprises')
      .set('Authorization', officer)
      .send({ uscc: USCC_B, name: '深圳某某呼叫中心有限公司', province: '440000' });
    expect(registered.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const projections = await ledger.http().get('/v1/projections').set('Authorization', officer).expect(200);
    expect(projections.body.committedHead).toBeGreaterThanOrEqual(registered.body.position);
    expect(projections.body.head).toBeLessThan(registered.body.position);
    expect(projections.body.oldestInFlightAppendSeconds).toBeGreaterThanOrEqual(1);
    for (const item of projections.body.items) expect(item.lag).toBeGreaterThanOrEqual(1);
    const ready = await ledger.http().get('/health/ready').expect(200);
    expect(ready.body.lag).toMatchObject({ committedHead: projections.body.committedHead });
    expect(ready.body.lag.projectionsBehind).toBeGreaterThanOrEqual(1);
    expect(ready.body.lag.oldestInFlightAppendSeconds).toBeGreaterThanOrEqual(1);

    await held.query('rollback');
    const read = await ledger.http().get(`/v1/enterprises/${USCC_B}?minPosition=${registered.body.position}`).set('Authorization', officer);
    expect(read.status).toBe(200);
    const after = await ledger.http().get('/health/ready').expect(200);
    expect(after.body.lag.oldestInFlightAppendSeconds).toBe(0);
  });
});

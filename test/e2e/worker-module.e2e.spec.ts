import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { mintToken } from '@ledger/auth';
import { loadConfig } from '@ledger/platform';
import { startRuntime, type LedgerRuntime } from '@ledger/runtime';
import { createApp } from '@ledger/http';
import { WorkerModule } from '../../apps/ledger-worker/src/worker.module';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_SECRET, TEST_SIGNING_KEY, USCC_A } from '../support/test-ledger';
import { until } from '../support/until';

/** Every controller Nest instantiated for a context, whichever module declared it. */
function controllersOf(context: INestApplicationContext): string[] {
  return [...context.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.keys()].map((token) => String((token as { name?: string }).name ?? token)),
  );
}

/**
 * The worker builds its own module graph (WorkerModule), not the API's: no controller is made in
 * it, and it still carries a penalty's consequences, here with an API process (LEDGER_ROLE=api)
 * taking the commands and the worker leading.
 */
describe('the worker module', () => {
  const config = loadConfig({ LEDGER_JWT_SECRET: TEST_SECRET, LEDGER_SIGNING_KEY: TEST_SIGNING_KEY, LEDGER_LEADER_POLL_MS: '100' });
  let db: TestDatabase;
  let api: LedgerRuntime;
  let app: INestApplication;
  let worker: LedgerRuntime;
  let context: INestApplicationContext;

  beforeAll(async () => {
    db = await createTestDatabase('worker_module');
    api = await startRuntime(config, { database: db.database, role: 'api' });
    app = await createApp(api, { logger: false });
    await app.init();
    worker = await startRuntime(config, { database: db.database, role: 'worker' });
    context = await NestFactory.createApplicationContext(WorkerModule.forRuntime(worker), { logger: false });
  });
  afterAll(async () => {
    await context?.close();
    await worker?.close();
    await app?.close();
    await api?.close();
    await db?.drop();
  });

  it('holds no controller, where the API app holds them all', () => {
    expect(controllersOf(context)).toEqual([]);
    expect(controllersOf(app)).toEqual(expect.arrayContaining(['EnforcementController', 'CreditListController', 'FeedController']));
  });

  it('runs the penalty process manager: a penalty imposed through the API lists the enterprise', async () => {
    await until('the worker leads', () => worker.isLeading());
    const officer = { Authorization: `Bearer ${mintToken({ sub: 'officer-1', roles: ['officer'], org: 'MIIT' }, TEST_SECRET)}` };
    const carrier = { Authorization: `Bearer ${mintToken({ sub: 'ct-desk', roles: ['carrier'], org: 'CT' }, TEST_SECRET)}` };
    const http = () => request(app.getHttpServer());
    await http()
      .post('/v1/enterprises')
      .set(officer)
      .send({ uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2024-01-02' })
      .expect(201);
    const caseId = randomUUID();
    await http()
      .post('/v1/cases')
      .set(officer)
      .send({ caseId, uscc: USCC_A, origin: 'complaint', violation: 'harassment-calls', summary: '骚扰电话', effectiveAt: '2025-01-05' })
      .expect(201);
    const penaltyId = randomUUID();
    await http()
      .post(`/v1/cases/${caseId}/penalties`)
      .set(officer)
      .send({
        penaltyId,
        decidedOn: '2025-03-01',
        documentNo: '工信罚〔2025〕1号',
        legalBasis: ['电信条例 第六十九条'],
        measures: [{ type: 'fine', amountCny: 10000 }],
        authority: '工业和信息化部',
      })
      .expect(201);

    let check: request.Response | undefined;
    await until('the enterprise is listed', async () => {
      check = await http().get(`/v1/credit-list/check/${USCC_A}`).set(carrier);
      return check.body.listed === true;
    });
    expect(check!.body).toMatchObject({ listed: true, lists: ['bad'] });
    expect(check!.body.entries[0]).toMatchObject({ listedOn: '2025-03-01', penaltyId, caseId });
    const listings = await worker.store.readAll({ types: ['CreditListEntryAdded'], limit: 10 });
    expect(listings.map((e) => e.metadata.actor)).toEqual(['system:penalty-process-manager']);
  });
});

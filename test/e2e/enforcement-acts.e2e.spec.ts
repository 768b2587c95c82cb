import { randomUUID } from 'node:crypto';
import { EventSchemaRegistry, PostgresEventStore } from '@ledger/event-store';
import { nonPerformanceListingEntryId, penaltyListingEntryId } from '@ledger/regulation/enforcement';
import { grantLicence } from '../support/licences';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 17 item 2 ("penalties as the law types them") and item 7's first bullet: exposures and
 * rectification orders are acts of their own, a penalty carries art. 9 penalty types, its
 * performance or non-performance is recorded (the latter lists on the dishonest list), a
 * business suspension suspends the licence for its period, and version 1 penalties that were
 * only a rectification order or an exposure are no penalty any more.
 */
describe('enforcement acts: exposures, rectification orders, penalty types, performance', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  const LICENCE = 'B2-20240077';
  const caseA = randomUUID();
  const caseB = randomUUID();

  beforeAll(async () => {
    ledger = await startTestLedger('enforcement_acts');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  const send = (path: string, body: object) => ledger.http().post(path).set('Authorization', officer).send(body);
  async function post(path: string, body: object, expected = 201) {
    const response = await send(path, body);
    if (response.status !== expected) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  async function refused(path: string, body: object, status: number, code: string) {
    const response = await send(path, body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    return response.body;
  }
  const get = async (path: string) => {
    const response = await ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', officer);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('opens cases with the violation they are about, other when not given', async () => {
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2020-01-02' });
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000', effectiveAt: '2020-01-02' });
    await grantLicence((path, body) => ledger.http().post(path).set('Authorization', officer).send(body), USCC_A, LICENCE, ['nationwide']);
    await post('/v1/cases', {
      caseId: caseA,
      uscc: USCC_A,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2024-01-05',
    });
    await post('/v1/cases', { caseId: caseB, uscc: USCC_B, origin: 'monitoring', summary: '监测发现', effectiveAt: '2024-01-05' });
    expect(await get(`/v1/cases/${caseA}`)).toMatchObject({ violation: 'harassment-calls', overview: { violation: 'harassment-calls' } });
    expect(await get(`/v1/cases/${caseB}`)).toMatchObject({ violation: 'other' });
    await refused('/v1/cases', { uscc: USCC_B, origin: 'complaint', violation: 'spam', summary: 'x' }, 400, 'VALIDATION_FAILED');
  });

  it('records an exposure (曝光) as an act of its own, which lists nobody', async () => {
    const made = await post(`/v1/cases/${caseB}/exposures`, {
      exposedOn: '2024-01-20',
      channel: '工业和信息化部网站',
      summary: '骚扰电话典型案例曝光',
      documentNo: '曝光〔2024〕1号',
    });
    expect(made.events).toEqual([expect.objectContaining({ type: 'ExposureMade' })]);
    const view = await get(`/v1/cases/${caseB}`);
    expect(view.exposures).toEqual([
      {
        caseId: caseB,
        uscc: USCC_B,
        carrier: null,
        exposedOn: '2024-01-20',
        channel: '工业和信息化部网站',
        summary: '骚扰电话典型案例曝光',
        documentNo: '曝光〔2024〕1号',
      },
    ]);
    expect(view.overview).toMatchObject({ exposures: 1, penaltiesInForce: 0 });
    await refused(`/v1/cases/${caseB}/exposures`, { exposedOn: '2024-01-20', summary: 'x' }, 400, 'VALIDATION_FAILED');
    await refused(`/v1/cases/${randomUUID()}/exposures`, { exposedOn: '2024-01-20', channel: 'web', summary: 'x' }, 404, 'NOT_FOUND');
  });

  it('orders rectification (责令改正) with a deadline; overdue is derived, and verification records the result', async () => {
    const orderId = randomUUID();
    const path = `/v1/cases/${caseB}/rectification-orders`;
    const ordered = await post(path, {
      orderId,
      orderedOn: '2024-02-01',
      deadline: '2024-03-01',
      requirements: ['停止营销外呼', '建立外呼审批'],
    });
    expect(ordered.events).toEqual([expect.objectContaining({ type: 'RectificationOrdered' })]);
    await refused(path, { orderId, orderedOn: '2024-02-01', deadline: '2024-03-01', requirements: ['x'] }, 409, 'ALREADY_EXISTS');
    await refused(path, { orderedOn: '2024-02-01', deadline: '2024-01-31', requirements: ['x'] }, 422, 'INVALID_DATE');

    const statusOn = async (validAt?: string) =>
      (await get(`/v1/cases/${caseB}${validAt ? `?validAt=${validAt}` : ''}`)).rectificationOrders.map((o: { status: string }) => o.status);
    expect(await statusOn('2024-02-15')).toEqual(['pending']);
    expect(await statusOn()).toEqual(['overdue']);

    await post(`${path}/${orderId}/verification`, { verifiedOn: '2024-03-02', result: 'not-done', findings: ['仍有营销外呼'] });
    await post(`${path}/${orderId}/verification`, { verifiedOn: '2024-03-20', result: 'done' });
    await refused(`${path}/${orderId}/verification`, { verifiedOn: '2024-03-21', result: 'done' }, 422, 'INVALID_TRANSITION');
    await refused(`${path}/${randomUUID()}/verification`, { verifiedOn: '2024-03-21', result: 'done' }, 404, 'NOT_FOUND');
    await refused(`${path}/${orderId}/verification`, { verifiedOn: '2024-03-21', result: 'maybe' }, 400, 'VALIDATION_FAILED');

    const view = await get(`/v1/cases/${caseB}`);
    expect(view.rectificationOrders).toEqual([
      expect.objectContaining({
        orderId,
        deadline: '2024-03-01',
        status: 'done',
        overdue: false,
        verifications: [
          { verifiedOn: '2024-03-02', result: 'not-done', findings: ['仍有营销外呼'] },
          { verifiedOn: '2024-03-20', result: 'done', findings: [] },
        ],
      }),
    ]);
    expect(await statusOn('2024-03-10')).toEqual(['overdue']);
    // Neither the order nor the exposure listed the enterprise.
    expect(await get(`/v1/credit-list/check/${USCC_B}`)).toMatchObject({ listed: false });
  });

  it('refuses a rectification order or an exposure sent as a penalty measure: NOT_A_PENALTY, pointing to its endpoint', async () => {
    const penalty = (measures: object[]) => ({
      decidedOn: '2024-04-01',
      documentNo: '浙通管罚〔2024〕1号',
      legalBasis: ['电信条例'],
      measures,
    });
    const order = await refused(
      `/v1/cases/${caseA}/penalties`,
      penalty([{ type: 'warning' }, { type: 'rectification-order' }]),
      422,
      'NOT_A_PENALTY',
    );
    expect(order.detail).toContain('/rectification-orders');
    const exposure = await refused(`/v1/cases/${caseA}/penalties`, penalty([{ type: 'exposure' }]), 422, 'NOT_A_PENALTY');
    expect(exposure.detail).toContain('/exposures');
    // Number reclamation is attached to a penalty; alone it is none.
    await refused(`/v1/cases/${caseA}/penalties`, penalty([{ type: 'number-reclamation', numberId: '95077' }]), 422, 'INVALID_TRANSITION');
    const unnamed = await refused(
      `/v1/cases/${caseA}/penalties`,
      penalty([{ type: 'licence-revocation' }, { type: 'number-reclamation' }]),
      400,
      'VALIDATION_FAILED',
    );
    expect([...new Set(unnamed.violations.map((v: { field: string }) => v.field))].sort()).toEqual([
      'measures.0.licenceNumber',
      'measures.1.numberId',
    ]);
    const noPeriod = await refused(
      `/v1/cases/${caseA}/penalties`,
      penalty([{ type: 'business-suspension', from: '2024-04-01' }]),
      400,
      'VALIDATION_FAILED',
    );
    expect(noPeriod.violations).toEqual([expect.objectContaining({ field: 'measures.0.until' })]);
    await refused(
      `/v1/cases/${caseA}/penalties`,
      penalty([{ type: 'business-suspension', from: '2024-05-01', until: '2024-04-30' }]),
      422,
      'INVALID_DATE',
    );
    await refused(`/v1/cases/${caseA}/penalties`, penalty([{ type: 'fine' }]), 422, 'INVALID_TRANSITION');
  });

  const penaltyId = randomUUID();
  let notPerformedEventId: string;

  it('imposes a fine with a suspension of business: bad list, and the licence suspended for the period', async () => {
    const imposed = await post(`/v1/cases/${caseA}/penalties`, {
      penaltyId,
      decidedOn: '2024-04-01',
      documentNo: '浙通管罚〔2024〕2号',
      legalBasis: ['电信条例 第七十条'],
      measures: [
        { type: 'fine', amountCny: 50000 },
        { type: 'circulated-criticism' },
        { type: 'business-suspension', from: '2024-04-10', until: '2024-06-30' },
      ],
      performanceDeadline: '2024-04-16',
    });
    const penaltyEventId = imposed.events[0].eventId;
    const check = await until(
      () => get(`/v1/credit-list/check/${USCC_A}?validAt=2024-05-01`),
      (c) => c.listed,
    );
    expect(check.entries).toEqual([
      expect.objectContaining({ entryId: penaltyListingEntryId(caseA, penaltyId), list: 'bad', listedOn: '2024-04-01' }),
    ]);

    const events = await until(
      () => ledger.runtime.store.readAll({ limit: 10_000 }),
      (all) => all.some((e) => e.type === 'LicenceSuspended'),
    );
    const suspended = events.find((e) => e.type === 'LicenceSuspended');
    // Recorded as decided, with its period: it begins and ends by itself.
    expect(suspended!.data).toMatchObject({ licenceNumber: LICENCE, suspendedOn: '2024-04-01', from: '2024-04-10', until: '2024-06-30' });
    expect(suspended!.metadata).toMatchObject({ causationId: penaltyEventId, actor: 'system:penalty-process-manager' });
    expect(new Date(suspended!.effectiveAt).toISOString()).toBe('2024-03-31T16:00:00.000Z');
    last = Math.max(last, suspended!.position);
    expect((await get(`/v1/licences/${LICENCE}?validAt=2024-05-01`)).status).toBe('suspended');
    expect((await get(`/v1/licences/${LICENCE}?validAt=2024-04-05`)).status).toBe('valid');
  });

  it('records non-performance (逾期不履行) after the deadline, which lists on the dishonest list with it as the basis', async () => {
    const base = `/v1/cases/${caseA}/penalties/${penaltyId}`;
    await refused(`${base}/non-performance`, { recordedOn: '2024-04-16' }, 422, 'INVALID_DATE');
    await refused(`/v1/cases/${caseA}/penalties/${randomUUID()}/non-performance`, { recordedOn: '2024-04-20' }, 404, 'NOT_FOUND');
    const recorded = await post(`${base}/non-performance`, { recordedOn: '2024-04-20' });
    notPerformedEventId = recorded.events[0].eventId;
    expect(recorded.events).toEqual([expect.objectContaining({ type: 'PenaltyNotPerformed' })]);
    await refused(`${base}/non-performance`, { recordedOn: '2024-04-21' }, 422, 'INVALID_TRANSITION');

    const check = await until(
      () => get(`/v1/credit-list/check/${USCC_A}?validAt=2024-05-01`),
      (c) => c.lists.includes('dishonest'),
    );
    expect(check.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entryId: nonPerformanceListingEntryId(caseA, penaltyId),
          list: 'dishonest',
          listedOn: '2024-04-20',
          expiresOn: '2029-04-20',
          basis: { kind: 'non-performance', eventId: notPerformedEventId, documentNo: '浙通管罚〔2024〕2号', caseId: caseA, penaltyId },
        }),
      ]),
    );
  });

  it('records a late performance (履行), and shows both on the case and the enforcement view', async () => {
    const base = `/v1/cases/${caseA}/penalties/${penaltyId}`;
    await refused(`${base}/performance`, { performedOn: '2024-03-01' }, 422, 'INVALID_DATE');
    await post(`${base}/performance`, { performedOn: '2024-05-10', evidence: ['缴款书 No.2024-88'] });
    await refused(`${base}/performance`, { performedOn: '2024-05-11' }, 422, 'INVALID_TRANSITION');
    const view = await get(`/v1/cases/${caseA}`);
    expect(view.penalties).toEqual([
      expect.objectContaining({
        penaltyId,
        isPenalty: true,
        performanceDeadline: '2024-04-16',
        performance: { performedOn: '2024-05-10', evidence: ['缴款书 No.2024-88'] },
        nonPerformance: { recordedOn: '2024-04-20' },
        separateActs: [],
      }),
    ]);
    const enforcement = await get(`/v1/enterprises/${USCC_A}/enforcement`);
    expect(enforcement.items[0].overview.penalties).toEqual([
      expect.objectContaining({
        penaltyId,
        measures: ['fine', 'circulated-criticism', 'business-suspension'],
        fineTotalCny: 50000,
        performedOn: '2024-05-10',
        notPerformedOn: '2024-04-20',
      }),
    ]);
  });

  it('lifts both the penalty listing and the non-performance listing when the penalty is annulled', async () => {
    await post(`/v1/cases/${caseA}/penalties/${penaltyId}/annulment`, { reason: '行政诉讼撤销', decidedOn: '2024-07-01' });
    await until(
      () => get(`/v1/credit-list/check/${USCC_A}?validAt=2024-07-02`),
      (c) => !c.listed,
    );
    const june = await get(`/v1/credit-list/check/${USCC_A}?validAt=2024-06-01`);
    expect(june.lists.sort()).toEqual(['bad', 'dishonest']);
  });

  it('reads a version 1 penalty of only a rectification order and an exposure as no penalty, and lifts its listing from its date', async () => {
    // As the previous release wrote them: schema version 1 throughout, the automatic listing included.
    const release1 = await PostgresEventStore.create(ledger.db.database.pool, { listenUrl: null, schemas: new EventSchemaRegistry({}) });
    const caseId = randomUUID();
    const oldPenaltyId = randomUUID();
    const entryId = penaltyListingEntryId(caseId, oldPenaltyId);
    const metadata = () => ({ actor: 'officer-1', roles: ['officer'], correlationId: randomUUID() });
    const v1Measure = (type: string, deadline: string | null = null) => ({
      type,
      amountCny: null,
      deadline,
      licenceNumber: null,
      numberId: null,
    });
    await release1.append(`case-${caseId}`, 'no-stream', [
      {
        type: 'CaseOpened',
        data: { caseId, uscc: USCC_B, origin: 'complaint', summary: '旧案件', numbers: [], openedOn: '2022-01-05' },
        metadata: metadata(),
      },
    ]);
    await release1.append(`credit-entry-${entryId}`, 'no-stream', [
      {
        type: 'CreditListEntryAdded',
        data: {
          entryId,
          uscc: USCC_B,
          list: 'bad',
          reason: '旧自动列入',
          listedOn: '2022-03-01',
          expiresOn: '2025-03-01',
          caseId,
          penaltyId: oldPenaltyId,
          authority: null,
          licenceNumber: null,
          enterpriseName: null,
        },
        metadata: metadata(),
      },
    ]);
    const written = await release1.append(`case-${caseId}`, 1, [
      {
        type: 'PenaltyImposed',
        data: {
          caseId,
          uscc: USCC_B,
          penaltyId: oldPenaltyId,
          decidedOn: '2022-03-01',
          documentNo: '粤通管罚〔2022〕5号',
          legalBasis: ['电信条例'],
          measures: [v1Measure('rectification-order', '2022-04-01'), v1Measure('exposure')],
          authority: null,
          caseNumbers: [],
        },
        metadata: metadata(),
      },
    ]);
    await release1.close();
    const { rows } = await ledger.db.database.pool.query(`select schema_version from ledger.events where position = $1`, [
      written.position,
    ]);
    expect(rows[0].schema_version).toBe(1);
    last = written.position;

    const view = await get(`/v1/cases/${caseId}`);
    expect(view.violation).toBe('other');
    expect(view.penalties).toEqual([
      expect.objectContaining({
        penaltyId: oldPenaltyId,
        isPenalty: false,
        measures: [],
        separateActs: [
          { type: 'rectification-order', deadline: '2022-04-01' },
          { type: 'exposure', deadline: null },
        ],
      }),
    ]);
    expect(view.rectificationOrders).toEqual([
      expect.objectContaining({ fromPenaltyId: oldPenaltyId, orderedOn: '2022-03-01', deadline: '2022-04-01' }),
    ]);
    expect(view.exposures).toEqual([
      expect.objectContaining({ fromPenaltyId: oldPenaltyId, exposedOn: '2022-03-01', documentNo: '粤通管罚〔2022〕5号' }),
    ]);
    expect(view.overview).toMatchObject({ penaltiesInForce: 0, rectificationOrders: 1, exposures: 1 });

    // The penalty process manager lifts the listing from its listing date: never in force.
    const stream = await until(
      () => get(`/v1/streams/credit-entry-${entryId}/events`),
      (s) => s.items.some((e: { type: string }) => e.type === 'CreditListEntryRemoved'),
    );
    const removed = stream.items.find((e: { type: string }) => e.type === 'CreditListEntryRemoved');
    expect(removed.data).toMatchObject({ entryId, removedOn: '2022-03-01' });
    expect(removed.metadata).toMatchObject({ actor: 'system:penalty-process-manager' });
    last = Math.max(last, removed.position ?? 0);
    expect(await get(`/v1/credit-list/check/${USCC_B}?validAt=2022-06-01`)).toMatchObject({ listed: false });
    // Nor can it be performed or found unperformed, or ground a listing by hand: it is no penalty.
    await refused(`/v1/cases/${caseId}/penalties/${oldPenaltyId}/non-performance`, { recordedOn: '2022-05-01' }, 422, 'NOT_A_PENALTY');
    const oldEvent = (await ledger.runtime.store.readAll({ limit: 10_000 })).find((e) => e.position === written.position)!;
    const byHand = await refused(
      '/v1/credit-list/entries',
      { uscc: USCC_B, list: 'bad', reason: '依处罚列入', listedOn: '2022-04-01', basis: { eventId: oldEvent.eventId } },
      422,
      'LISTING_BASIS_REQUIRED',
    );
    expect(byHand.detail).toMatch(/no administrative penalty/);
  });
});

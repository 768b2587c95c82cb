import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';
import { grantLicence } from '../support/licences';
import { until } from '../support/until';

/**
 * Which numbers a licence carries, and which contracts a number keeps (docs/domain.md §5): each
 * decision on a licence moves the numbers and access contracts it touches, as events caused by
 * it, while the state before the decision stays as it was.
 */
describe('a licence decision moves the numbers and access contracts it touches', () => {
  let ledger: TestLedger;
  /** MIIT, for the B2 licences and 95 numbers; Beijing (110000) for 京B2 and its 96 numbers. */
  let officer: string;
  let beijing: string;
  let carrier: string;
  let contractId: string;

  const post = (path: string, body: object, auth = officer) => ledger.http().post(path).set('Authorization', auth).send(body);
  const get = (path: string, auth = officer) => ledger.http().get(path).set('Authorization', auth);
  const number = async (id: string, query = '') => (await get(`/v1/numbers/${id}${query}`).expect(200)).body;
  const contract = async (query = '') => (await get(`/v1/access-contracts/${contractId}${query}`).expect(200)).body;
  /**
   * Statuses follow the licences at once; this waits for the process manager to record the
   * consequence too, and for the read models to show it.
   */
  const recorded = async (streamId: string, type: string, count = 1) => {
    let position = 0;
    await until(`${count} × ${type} on ${streamId}`, async () => {
      const events: Array<{ type: string; position: number }> = (await get(`/v1/streams/${streamId}/events`).expect(200)).body.items.filter(
        (e: { type: string }) => e.type === type,
      );
      position = events[count - 1]?.position ?? 0;
      return events.length >= count;
    });
    await get(`/v1/numbers?minPosition=${position}`).expect(200);
    await get(`/v1/access-contracts?minPosition=${position}`).expect(200);
  };

  beforeAll(async () => {
    ledger = await startTestLedger('licence_consequences');
    officer = `Bearer ${ledger.token('officer')}`;
    beijing = `Bearer ${ledger.token('officer', { org: '110000', sub: 'officer-beijing' })}`;
    carrier = `Bearer ${ledger.token('carrier', { org: 'CT' })}`;
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000' }).expect(201);
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000' }).expect(201);
    await grantLicence(post, USCC_A, 'B2-20200001', ['nationwide']);
    await grantLicence((path, body) => post(path, body, beijing), USCC_A, '京B2-20200002', ['110000']);
    for (const [numberId, body, as] of [
      ['95123', { number: '95123' }, officer],
      ['110000-96123', { number: '96123', province: '110000' }, beijing],
    ] as const) {
      await post('/v1/numbers', { ...body, uscc: USCC_A, allocatedOn: '2020-09-01' }, as).expect(201);
      await post(
        `/v1/numbers/${numberId}/filings`,
        { carrier: 'CT', purpose: '客服热线', inbound: true, outbound: false, effectiveAt: '2020-09-02' },
        as,
      ).expect(201);
    }
    const signed = await post(
      '/v1/access-contracts',
      { carrier: 'CT', uscc: USCC_A, numbers: ['95123', '110000-96123'], verifiedOn: '2020-10-01' },
      carrier,
    ).expect(201);
    contractId = signed.body.streamId.replace('access-contract-', '');
  });
  afterAll(() => ledger?.close());

  it('stops the numbers no other licence allows while their licence is suspended, and puts them back on reinstatement', async () => {
    await post('/v1/licences/B2-20200001/suspensions', { reason: '整改期间暂停', effectiveOn: '2021-03-01' }).expect(201);
    // The status follows the licence at once; the event recording the stop follows it.
    await until('the stop of 95123 recorded', async () => (await number('95123')).stoppedBy !== null);
    expect(await number('95123')).toMatchObject({ status: 'stopped' });
    expect(await number('95123')).toMatchObject({
      filing: { carrier: 'CT' },
      stoppedBy: { licenceNumber: 'B2-20200001', cause: 'licence-suspended', stoppedOn: '2021-03-01' },
    });
    // 京B2 still allows the Beijing 96 number, so it and the contract stay in force.
    expect(await number('110000-96123')).toMatchObject({ status: 'filed' });
    expect(await contract()).toMatchObject({ status: 'active', numbers: ['95123', '110000-96123'] });

    await post('/v1/licences/B2-20200001/reinstatements', { reason: '整改完成', effectiveOn: '2021-06-01' }).expect(201);
    await recorded('number-95123', 'NumberFilingResumed');
    expect(await number('95123')).toMatchObject({ status: 'filed', stoppedBy: null });
    expect(await number('95123', '?validAt=2021-04-01')).toMatchObject({ status: 'stopped' });
    expect(await number('95123', '?validAt=2021-02-01')).toMatchObject({ status: 'filed' });
  });

  it('suspends a contract while every number it has is stopped, and resumes it when they return', async () => {
    await post('/v1/licences/B2-20200001/suspensions', { reason: '再次暂停', effectiveOn: '2022-03-01' }).expect(201);
    await post('/v1/licences/京B2-20200002/suspensions', { reason: '暂停', effectiveOn: '2022-03-01' }, beijing).expect(201);
    await recorded(`access-contract-${contractId}`, 'AccessSuspended');
    expect(await contract()).toMatchObject({ status: 'suspended', suspendedBy: 'numbers-stopped' });
    const history = (await get(`/v1/enterprises/${USCC_A}/history?types=AccessSuspended`).expect(200)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'AccessSuspended', data: { cause: 'numbers-stopped' } });

    // The carrier cannot lift what the licences imposed.
    const byCarrier = await post(`/v1/access-contracts/${contractId}/resumptions`, { reason: '恢复' }, carrier);
    expect(byCarrier.status).toBe(422);
    expect(byCarrier.body.code).toBe('INVALID_TRANSITION');

    await post('/v1/licences/京B2-20200002/reinstatements', { reason: '整改完成', effectiveOn: '2022-05-01' }, beijing).expect(201);
    await recorded(`access-contract-${contractId}`, 'AccessResumed');
    expect(await contract()).toMatchObject({ status: 'active' });
    await post('/v1/licences/B2-20200001/reinstatements', { reason: '整改完成', effectiveOn: '2022-05-01' }).expect(201);
    await recorded('number-95123', 'NumberFilingResumed', 2);
  });

  it('lets the carrier lift its own suspension', async () => {
    await post(`/v1/access-contracts/${contractId}/suspensions`, { reason: '骚扰投诉核查' }, carrier).expect(201);
    const resumed = await post(`/v1/access-contracts/${contractId}/resumptions`, { reason: '核查完毕' }, carrier).expect(201);
    expect(resumed.body.events.map((e: { type: string }) => e.type)).toEqual(['AccessResumed']);
  });

  it('reclaims the numbers of a revoked licence, takes them out of the contract, and ends it with the last one', async () => {
    const before = new Date().toISOString();
    const revoked = await post('/v1/licences/B2-20200001/revocations', { reason: '吊销', effectiveOn: '2023-01-10' }).expect(201);
    await until('95123 reclaimed', async () => (await number('95123')).status === 'reclaimed');
    await until('contract without 95123', async () => (await contract()).numbers.length === 1);
    expect(await contract()).toMatchObject({ status: 'active', numbers: ['110000-96123'], removedNumbers: ['95123'] });
    expect(await number('110000-96123')).toMatchObject({ status: 'filed' });

    // Each consequence is its own event, caused by the decision and effective at its date.
    const events: Array<{ type: string }> = (await get('/v1/streams/number-95123/events').expect(200)).body.items;
    const reclaimed = events.find((e) => e.type === 'NumberReclaimed');
    expect(reclaimed).toMatchObject({
      metadata: { causationId: revoked.body.events[0].eventId },
      effectiveAt: expect.stringMatching(/^2023-01-09T16:00:00/),
    });

    // Before the decision, as recorded then and as in effect then, everything is as it was.
    expect(await number('95123', `?asOf=${encodeURIComponent(before)}`)).toMatchObject({ status: 'filed' });
    expect(await contract(`?asOf=${encodeURIComponent(before)}`)).toMatchObject({ status: 'active', numbers: ['95123', '110000-96123'] });
    expect(await number('95123', '?validAt=2023-01-09')).toMatchObject({ status: 'filed' });

    // A reclaimed number allocated to someone else is no part of the old holder's contract.
    await post('/v1/numbers', { number: '95123', uscc: USCC_B, allocatedOn: '2023-02-01' }).expect(201);
    expect(await contract()).toMatchObject({ numbers: ['110000-96123'] });

    await post('/v1/licences/京B2-20200002/revocations', { reason: '吊销', effectiveOn: '2023-03-01' }, beijing).expect(201);
    await until('contract terminated', async () => (await contract()).status === 'terminated');
    expect(await number('110000-96123')).toMatchObject({ status: 'reclaimed' });
    expect(await number('95123')).toMatchObject({ holder: USCC_B, status: 'allocated' });
  });

  it("reads an AccessSuspended written before suspensions had a cause as the carrier's, which the carrier may lift", async () => {
    await post('/v1/numbers', { number: '95777', uscc: USCC_B, allocatedOn: '2023-02-01' }).expect(201);
    await grantLicence(post, USCC_B, 'B2-20200003', ['nationwide']);
    await post('/v1/numbers/95777/filings', { carrier: 'CT', purpose: '客服', inbound: true, outbound: false }).expect(201);
    const signed = await post(
      '/v1/access-contracts',
      { carrier: 'CT', uscc: USCC_B, numbers: ['95777'], verifiedOn: '2023-03-01' },
      carrier,
    ).expect(201);
    const id = signed.body.streamId.replace('access-contract-', '');
    // As today's release writes it: schema version 1, no cause.
    const v1 = { contractId: id, carrier: 'CT', uscc: USCC_B, reason: '骚扰投诉' };
    await ledger.runtime.store.append(signed.body.streamId, 1, [
      {
        type: 'AccessSuspended',
        data: v1,
        schemaVersion: 1,
        metadata: { actor: 'carrier-1', roles: ['carrier'], correlationId: 'c-1' },
        effectiveAt: new Date().toISOString(),
      },
    ]);

    await until(
      'the old suspension read',
      async () => (await get(`/v1/access-contracts/${id}?minPosition=${signed.body.position}`).expect(200)).body.status === 'suspended',
    );
    const stored = (await get(`/v1/streams/${signed.body.streamId}/events`).expect(200)).body.items.at(-1);
    expect(stored.data).toEqual(v1);
    await post(`/v1/access-contracts/${id}/resumptions`, { reason: '核查完毕' }, carrier).expect(201);
  });

  describe('what ends by time, with no event of its own', () => {
    const USCC_C = '91110108MA01ABCDEN';
    let periodContract: string;

    beforeAll(async () => {
      await post('/v1/enterprises', { uscc: USCC_C, name: '北京某某', province: '110000' }).expect(201);
      await grantLicence(post, USCC_C, 'B2-20200004', ['nationwide']);
      await post('/v1/numbers', { number: '95888', uscc: USCC_C, allocatedOn: '2020-09-01' }).expect(201);
      await post('/v1/numbers/95888/filings', {
        carrier: 'CT',
        purpose: '客服',
        inbound: true,
        outbound: false,
        effectiveAt: '2020-09-02',
      }).expect(201);
      const signed = await post(
        '/v1/access-contracts',
        { carrier: 'CT', uscc: USCC_C, numbers: ['95888'], verifiedOn: '2020-10-01' },
        carrier,
      ).expect(201);
      periodContract = signed.body.streamId.replace('access-contract-', '');
    });

    it('stops numbers and suspends contracts during a 停业整顿 period, and shows them in force after it', async () => {
      const suspended = await post('/v1/licences/B2-20200004/suspensions', {
        reason: '责令停业整顿',
        effectiveOn: '2023-05-01',
        until: '2023-07-31',
      }).expect(201);
      await recorded(`access-contract-${periodContract}`, 'AccessSuspended');
      expect(await number('95888', '?validAt=2023-06-01')).toMatchObject({ status: 'stopped' });
      expect(
        (await get(`/v1/access-contracts/${periodContract}?validAt=2023-06-01&minPosition=${suspended.body.position}`).expect(200)).body,
      ).toMatchObject({ status: 'suspended' });
      expect((await get('/v1/licences/B2-20200004?validAt=2023-06-01').expect(200)).body).toMatchObject({
        status: 'suspended',
        suspendedUntil: '2023-07-31',
      });

      // After the period: in force again, today and at any later time, though nothing was recorded.
      expect((await get('/v1/licences/B2-20200004').expect(200)).body).toMatchObject({ status: 'valid' });
      expect(await number('95888')).toMatchObject({ status: 'filed' });
      expect(await number('95888', '?validAt=2023-08-01')).toMatchObject({ status: 'filed' });
      expect((await get(`/v1/access-contracts/${periodContract}`).expect(200)).body).toMatchObject({ status: 'active' });
      expect(
        (await get(`/v1/access-contracts?uscc=${USCC_C}&status=active`).expect(200)).body.items.map(
          (c: { contractId: string }) => c.contractId,
        ),
      ).toEqual([periodContract]);
      const afterwards = (await get('/v1/streams/number-95888/events').expect(200)).body.items.map((e: { type: string }) => e.type);
      expect(afterwards).not.toContain('NumberFilingResumed');
      // And a carrier may give access to the number again.
      const again = await post(
        '/v1/access-contracts',
        { carrier: 'CT', uscc: USCC_C, numbers: ['95888'], verifiedOn: '2023-09-01' },
        carrier,
      );
      expect(again.status).toBe(201);
    });

    it('stops the numbers of an expired licence at any time after its expiry', async () => {
      const USCC_D = '91310000MA1FL0000N';
      await post('/v1/enterprises', { uscc: USCC_D, name: '上海某某', province: '310000' }).expect(201);
      const applicationId = '7d1c6b0e-6d3f-4a53-9d1e-4a2b6c8d9e01';
      const application = {
        applicationId,
        uscc: USCC_D,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'operated',
        approvalPath: 'standard',
      };
      await post('/v1/licence-applications', {
        ...application,
        commitments: { noMarketingOutbound: true },
        effectiveAt: '2015-08-01',
      }).expect(201);
      await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2015-08-05' }).expect(201);
      await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
        inspectedOn: '2015-08-10',
        inspectors: ['王'],
        result: 'passed',
      }).expect(201);
      await post(`/v1/licence-applications/${applicationId}/decision`, {
        decision: 'granted',
        licenceNumber: 'B2-20150005',
        validUntil: '2020-08-19',
        effectiveAt: '2015-08-20',
      }).expect(201);
      await post('/v1/numbers', { number: '95999', uscc: USCC_D, allocatedOn: '2016-01-01' }).expect(201);
      const filed = await post('/v1/numbers/95999/filings', {
        carrier: 'CU',
        purpose: '客服',
        inbound: true,
        outbound: false,
        effectiveAt: '2016-01-02',
      }).expect(201);

      expect(await number('95999', `?minPosition=${filed.body.position}`)).toMatchObject({ status: 'stopped' });
      expect(await number('95999', '?validAt=2019-01-01')).toMatchObject({ status: 'filed' });
      expect(
        (await get(`/v1/numbers?uscc=${USCC_D}&status=stopped`).expect(200)).body.items.map((n: { numberId: string }) => n.numberId),
      ).toEqual(['95999']);
      expect((await get(`/v1/numbers?uscc=${USCC_D}&status=filed`).expect(200)).body.items).toEqual([]);
      expect((await get(`/v1/enterprises/${USCC_D}`).expect(200)).body.numbers).toMatchObject([{ numberId: '95999', status: 'stopped' }]);
    });
  });
});

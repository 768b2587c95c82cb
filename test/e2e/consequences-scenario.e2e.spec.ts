import { randomUUID } from 'node:crypto';
import { cstDate } from '@ledger/regulation/shared';
import { grantLicence } from '../support/licences';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';
import { until } from '../support/until';

/**
 * Issue 17's walk, end to end over HTTP: a penalty's consequences reach every stream it touches,
 * effective at its date, while the state before it stays as it was (docs/domain.md §5).
 */
describe('consequences that follow the law: one enterprise, two licences, a penalty', () => {
  let ledger: TestLedger;
  let miit: string;
  let beijing: string;
  let carrier: string;
  const contracts: Record<string, string> = {};
  let before = '';
  let penaltyEventId = '';
  let caseId = '';
  const penaltyId = randomUUID();

  const send = (path: string, body: object, auth: string) => ledger.http().post(path).set('Authorization', auth).send(body);
  const post = (path: string, body: object) => send(path, body, miit);
  const get = async (path: string) => (await ledger.http().get(path).set('Authorization', miit).expect(200)).body;
  const number = (id: string, query = '') => get(`/v1/numbers/${id}${query}`);
  const contract = (id: string, query = '') => get(`/v1/access-contracts/${contracts[id]}${query}`);

  beforeAll(async () => {
    ledger = await startTestLedger('consequences_scenario');
    miit = `Bearer ${ledger.token('officer', { org: 'MIIT' })}`;
    beijing = `Bearer ${ledger.token('officer', { org: '110000' })}`;
    carrier = `Bearer ${ledger.token('carrier', { org: 'CT' })}`;
    await post('/v1/enterprises', { uscc: USCC_A, name: '北京某某呼叫中心有限公司', province: '110000' }).expect(201);
    await grantLicence(post, USCC_A, 'B2-20200010', ['nationwide']);
    await grantLicence((path, body) => send(path, body, beijing), USCC_A, '京B2-20200011', ['110000']);
    await post('/v1/numbers', { number: '95100', uscc: USCC_A, allocatedOn: '2020-09-01' }).expect(201);
    await send('/v1/numbers', { number: '96100', province: '110000', uscc: USCC_A, allocatedOn: '2020-09-01' }, beijing).expect(201);
    await post('/v1/numbers/95100/filings', {
      carrier: 'CT',
      purpose: '客服热线',
      inbound: true,
      outbound: false,
      effectiveAt: '2020-09-02',
    }).expect(201);
    await send(
      '/v1/numbers/110000-96100/filings',
      { carrier: 'CT', purpose: '售后', inbound: true, outbound: false, effectiveAt: '2020-09-02' },
      beijing,
    ).expect(201);
    for (const [key, numberId] of [
      ['national', '95100'],
      ['beijing', '110000-96100'],
    ]) {
      const signed = await send(
        '/v1/access-contracts',
        { carrier: 'CT', uscc: USCC_A, numbers: [numberId], verifiedOn: '2020-10-01' },
        carrier,
      ).expect(201);
      contracts[key!] = signed.body.streamId.replace('access-contract-', '');
    }
    before = new Date().toISOString();
  });
  afterAll(() => ledger?.close());

  it('revokes the named licence: its numbers reclaimed, their contracts terminated, a dishonest listing resting on the penalty', async () => {
    caseId = (
      await post('/v1/cases', {
        uscc: USCC_A,
        origin: 'complaint',
        violation: 'harassment-calls',
        summary: '骚扰电话投诉',
        effectiveAt: '2024-04-01',
      }).expect(201)
    ).body.streamId.replace('case-', '');
    const imposed = await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId,
      decidedOn: '2024-05-10',
      documentNo: '工信罚〔2024〕10号',
      legalBasis: ['电信条例'],
      measures: [
        { type: 'fine', amountCny: 100000 },
        { type: 'licence-revocation', licenceNumber: 'B2-20200010' },
      ],
    }).expect(201);
    penaltyEventId = imposed.body.events[0].eventId;

    await until('the national number reclaimed', async () => (await number('95100')).status === 'reclaimed');
    await until('its contract terminated', async () => (await contract('national')).status === 'terminated');
    expect(await get('/v1/licences/B2-20200010')).toMatchObject({ status: 'revoked' });
    const standing = await get(`/v1/credit-list/check/${USCC_A}`);
    expect(standing).toMatchObject({ listed: true, lists: ['dishonest'] });
    expect(standing.entries).toEqual([
      expect.objectContaining({ list: 'dishonest', basis: expect.objectContaining({ kind: 'penalty', eventId: penaltyEventId }) }),
    ]);

    // The Beijing licence still allows the Beijing number: it stays filed, and its contract active.
    expect(await number('110000-96100')).toMatchObject({ status: 'filed' });
    expect(await contract('beijing')).toMatchObject({ status: 'active' });

    // As in effect the day before the decision, and as recorded before it: everything as it was.
    expect(await get('/v1/licences/B2-20200010?validAt=2024-05-09')).toMatchObject({ status: 'valid' });
    expect(await number('95100', '?validAt=2024-05-09')).toMatchObject({ status: 'filed' });
    expect(await contract('national', '?validAt=2024-05-09')).toMatchObject({ status: 'active' });
    expect(await get(`/v1/credit-list/check/${USCC_A}?validAt=2024-05-09`)).toMatchObject({ listed: false });
    const asRecorded = `?asOf=${encodeURIComponent(before)}`;
    expect(await number('95100', asRecorded)).toMatchObject({ status: 'filed' });
    expect(await contract('national', asRecorded)).toMatchObject({ status: 'active' });
  });

  it('lifts the listing from the annulment date, which history keeps', async () => {
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/annulment`, { reason: '行政复议撤销', decidedOn: '2024-08-01' }).expect(201);
    await until('the listing lifted', async () => !(await get(`/v1/credit-list/check/${USCC_A}`)).listed);
    expect(await get(`/v1/credit-list/check/${USCC_A}?validAt=2024-06-01`)).toMatchObject({ listed: true, lists: ['dishonest'] });
  });

  it('lists nobody for a rectification order or an exposure alone', async () => {
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000' }).expect(201);
    const other = (await post('/v1/cases', { uscc: USCC_B, origin: 'monitoring', summary: '营销外呼' }).expect(201)).body.streamId.replace(
      'case-',
      '',
    );
    await post(`/v1/cases/${other}/rectification-orders`, {
      orderedOn: '2024-02-01',
      deadline: '2024-03-01',
      requirements: ['停止营销外呼'],
    }).expect(201);
    const exposed = await post(`/v1/cases/${other}/exposures`, {
      exposedOn: '2024-02-10',
      channel: '工业和信息化部网站',
      summary: '典型案例曝光',
    }).expect(201);
    expect(await get(`/v1/credit-list/check/${USCC_B}?minPosition=${exposed.body.position}`)).toMatchObject({ listed: false });
  });

  it('stops numbers and suspends contracts during a 停业整顿 period, and shows them active after it', async () => {
    await grantLicence(post, USCC_B, 'B2-20200012', ['nationwide']);
    await post('/v1/numbers', { number: '95200', uscc: USCC_B, allocatedOn: '2020-09-01' }).expect(201);
    await post('/v1/numbers/95200/filings', {
      carrier: 'CT',
      purpose: '客服',
      inbound: true,
      outbound: false,
      effectiveAt: '2020-09-02',
    }).expect(201);
    contracts.period = (
      await send('/v1/access-contracts', { carrier: 'CT', uscc: USCC_B, numbers: ['95200'], verifiedOn: '2020-10-01' }, carrier).expect(201)
    ).body.streamId.replace('access-contract-', '');
    const other = (
      await post('/v1/cases', { uscc: USCC_B, origin: 'inspection', summary: '外呼管理不到位' }).expect(201)
    ).body.streamId.replace('case-', '');
    await post(`/v1/cases/${other}/penalties`, {
      decidedOn: '2024-05-20',
      documentNo: '工信罚〔2024〕11号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'business-suspension', from: '2024-06-01', until: '2024-06-30' }],
    }).expect(201);

    await until(
      'the licence suspended for the period',
      async () => (await get('/v1/licences/B2-20200012?validAt=2024-06-15')).status === 'suspended',
    );
    await until('the contract suspended by its numbers', async () => (await contract('period')).suspendedBy === 'numbers-stopped');
    expect(await number('95200', '?validAt=2024-06-15')).toMatchObject({ status: 'stopped' });
    expect(await contract('period', '?validAt=2024-06-15')).toMatchObject({ status: 'suspended' });
    for (const validAt of ['2024-05-31', '2024-07-01']) {
      expect(await number('95200', `?validAt=${validAt}`)).toMatchObject({ status: 'filed' });
      expect(await contract('period', `?validAt=${validAt}`)).toMatchObject({ status: 'active' });
    }
    expect(await contract('period')).toMatchObject({ status: 'active' });
  });

  it('records a 停业整顿 whose period begins later as decided, and stops its numbers only within the period, with no future-dated event', async () => {
    const day = (offset: number) => cstDate(new Date(Date.now() + offset * 86_400_000).toISOString());
    const [today, from, lastDay] = [day(0), day(30), day(59)];
    const later = (
      await post('/v1/cases', { uscc: USCC_B, origin: 'inspection', violation: 'marketing-outbound', summary: '外呼管理仍不到位' }).expect(
        201,
      )
    ).body.streamId.replace('case-', '');
    const imposed = await post(`/v1/cases/${later}/penalties`, {
      decidedOn: today,
      documentNo: '工信罚〔2026〕31号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'business-suspension', from, until: lastDay }],
    }).expect(201);
    const penaltyEvent = imposed.body.events[0].eventId;
    await until('the suspension recorded', async () => (await get(`/v1/licences/B2-20200012?validAt=${day(40)}`)).status === 'suspended');

    const log = await ledger.runtime.store.readAll({ limit: 10_000 });
    const suspension = log.find((e) => e.metadata.causationId === penaltyEvent && e.type === 'LicenceSuspended')!;
    expect(suspension.data).toMatchObject({ suspendedOn: today, from, until: lastDay });
    expect(Date.parse(suspension.effectiveAt)).toBeLessThanOrEqual(Date.now());
    // Nothing follows from it yet: the numbers and the contract are judged within the period.
    expect(log.filter((e) => e.metadata.causationId === suspension.eventId)).toEqual([]);

    // The wait above read the log (validAt folds the stream); the current view is the read model, read from where it reflects the suspension.
    expect(await get(`/v1/licences/B2-20200012?minPosition=${suspension.position}`)).toMatchObject({
      status: 'valid',
      suspendedFrom: from,
      suspendedUntil: lastDay,
    });
    expect(await number('95200')).toMatchObject({ status: 'filed' });
    expect(await contract('period')).toMatchObject({ status: 'active' });
    expect(await number('95200', `?validAt=${day(40)}`)).toMatchObject({ status: 'stopped' });
    expect(await contract('period', `?validAt=${day(40)}`)).toMatchObject({ status: 'suspended' });
    expect((await get(`/v1/licences/B2-20200012?validAt=${day(60)}`)).status).toBe('valid');
    expect(await number('95200', `?validAt=${day(60)}`)).toMatchObject({ status: 'filed' });
  });

  it('refuses a decision outside the officer’s jurisdiction', async () => {
    const byBeijing = await send(
      `/v1/cases/${caseId}/penalties`,
      {
        decidedOn: '2024-09-01',
        documentNo: '京通信罚〔2024〕1号',
        legalBasis: ['电信条例'],
        measures: [{ type: 'licence-revocation', licenceNumber: 'B2-20200010' }],
      },
      beijing,
    );
    expect(byBeijing.status).toBe(403);
    expect(byBeijing.body.code).toBe('FORBIDDEN');
  });
});

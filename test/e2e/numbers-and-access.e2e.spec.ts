import { grantLicence } from '../support/licences';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

describe('numbers and access over HTTP', () => {
  let ledger: TestLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('numbers_access');
    officer = `Bearer ${ledger.token('officer')}`;
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000' }).expect(201);
    await grantLicence(post, USCC_A, 'B2-20200001', ['nationwide']);
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000' }).expect(201);
  });
  afterAll(() => ledger?.close());

  const post = (path: string, body: object, auth = officer) => ledger.http().post(path).set('Authorization', auth).send(body);
  const get = (path: string, auth = officer) => ledger.http().get(path).set('Authorization', auth);

  it('allocates and files numbers, inbound only by default and outbound only with a basis', async () => {
    await post('/v1/numbers', { number: '95123', uscc: USCC_A, allocatedOn: '2020-09-01' }).expect(201);
    // A Beijing 96 number is Beijing's to allocate (docs/domain.md §1); the nationwide B2 licence covers it.
    const beijing = `Bearer ${ledger.token('officer', { org: '110000', sub: 'officer-beijing' })}`;
    await post('/v1/numbers', { number: '96123', province: '110000', uscc: USCC_A, allocatedOn: '2020-09-01' }, beijing).expect(201);

    const noBasis = await post('/v1/numbers/95123/filings', { carrier: 'CT', purpose: '客服热线', inbound: true, outbound: true });
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.code).toBe('OUTBOUND_BASIS_REQUIRED');

    const withBasis = await post('/v1/numbers/95123/filings', {
      carrier: 'CT',
      purpose: '客服热线',
      inbound: true,
      outbound: true,
      outboundBasis: 'callback',
    });
    expect(withBasis.body).toMatchObject({ events: [{ type: 'NumberFiled' }] });
    const filed = await post(
      '/v1/numbers/110000-96123/filings',
      { carrier: 'CU', purpose: '售后', inbound: true, outbound: false },
      beijing,
    ).expect(201);

    const outboundThroughCt = await get(`/v1/numbers?carrier=CT&outbound=true&minPosition=${filed.body.position}`).expect(200);
    expect(outboundThroughCt.body.items.map((n: { numberId: string }) => n.numberId)).toEqual(['95123']);
    const number = await get('/v1/numbers/110000-96123').expect(200);
    expect(number.body).toMatchObject({
      holder: USCC_A,
      status: 'filed',
      filing: { carrier: 'CU', inbound: true, outbound: false, outboundBasis: null },
    });
  });

  it('refuses to allocate a number to an enterprise not registered, and records nothing', async () => {
    const unregistered = '91330146000000007K';
    const refused = await post('/v1/numbers', { number: '95777', uscc: unregistered, allocatedOn: '2020-09-01' });
    expect([refused.status, refused.body.code]).toEqual([422, 'ENTERPRISE_NOT_REGISTERED']);
    expect((await get('/v1/streams/number-95777/events').expect(200)).body.items).toEqual([]);
    await post('/v1/enterprises', { uscc: unregistered, name: '杭州某某', province: '330000' }).expect(201);
    await post('/v1/numbers', { number: '95777', uscc: unregistered, allocatedOn: '2020-09-01' }).expect(201);
  });

  it('refuses a filing for an enterprise without a licence', async () => {
    await post('/v1/numbers', { number: '95888', uscc: USCC_B, allocatedOn: '2020-09-01' }).expect(201);
    const refused = await post('/v1/numbers/95888/filings', { carrier: 'CM', purpose: '热线', inbound: true, outbound: false });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('LICENCE_NOT_VALID');
  });

  it('signs an access contract with its verification record', async () => {
    const carrier = `Bearer ${ledger.token('carrier', { org: 'CT' })}`;
    const signed = await post(
      '/v1/access-contracts',
      { carrier: 'CT', uscc: USCC_A, numbers: ['95123'], verifiedOn: '2020-10-01' },
      carrier,
    );
    expect(signed.status).toBe(201);
    expect(signed.body.events.map((e: { type: string }) => e.type)).toEqual(['AccessContractSigned']);
    const contractId = signed.body.streamId.replace('access-contract-', '');
    const contract = await get(`/v1/access-contracts/${contractId}?minPosition=${signed.body.position}`, carrier).expect(200);
    expect(contract.body).toMatchObject({
      status: 'active',
      carrier: 'CT',
      uscc: USCC_A,
      verification: { enterpriseRegistered: true, licencesRelied: ['B2-20200001'] },
    });
  });

  it('records a refused access request and answers 422 listing every failed check', async () => {
    const carrier = `Bearer ${ledger.token('carrier', { org: 'CM' })}`;
    const refused = await post(
      '/v1/access-contracts',
      { carrier: 'CM', uscc: USCC_B, numbers: ['95888', '95999'], verifiedOn: '2020-10-01' },
      carrier,
    );
    expect(refused.status).toBe(422);
    const codes = refused.body.violations.map((v: { code: string }) => v.code).sort();
    expect(codes).toEqual(['LICENCE_NOT_VALID', 'NUMBER_NOT_FILED', 'NUMBER_NOT_HELD']);
    expect(refused.body.position).toBeGreaterThan(0);
    const contractId = refused.body.streamId.replace('access-contract-', '');
    const record = await get(`/v1/access-contracts/${contractId}?minPosition=${refused.body.position}`, carrier).expect(200);
    expect(record.body.status).toBe('refused');
    expect(record.body.refusals[0].failedChecks).toHaveLength(3);
    const history = await get(`/v1/enterprises/${USCC_B}/history?minPosition=${refused.body.position}`).expect(200);
    expect(history.body.items.map((i: { type: string }) => i.type)).toContain('AccessRefused');
  });

  it('answers a repeated refused request as the first time, without recording the refusal twice', async () => {
    const carrier = `Bearer ${ledger.token('carrier', { org: 'CM' })}`;
    const request = { carrier: 'CM', uscc: USCC_B, numbers: ['95777'], verifiedOn: '2020-10-02' };
    const send = () =>
      ledger.http().post('/v1/access-contracts').set({ Authorization: carrier, 'Idempotency-Key': 'cm-request-95777' }).send(request);
    const first = await send();
    const again = await send();
    expect(first.status).toBe(422);
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    const refusals = await get(`/v1/events?types=AccessRefused&fromPosition=0`).expect(200);
    expect(refusals.body.items.filter((e: { data: { numbers: string[] } }) => e.data.numbers.includes('95777'))).toHaveLength(1);
  });

  it('lets a carrier act only for its own code', async () => {
    const cu = `Bearer ${ledger.token('carrier', { org: 'CU' })}`;
    const response = await post('/v1/access-contracts', { carrier: 'CT', uscc: USCC_A, numbers: ['95123'], verifiedOn: '2020-10-01' }, cu);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });
});

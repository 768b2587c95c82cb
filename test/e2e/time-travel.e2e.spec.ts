import { randomUUID } from 'node:crypto';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

const USCC = '91330100716105852F';
const LICENCE = 'B2-20240007';

/**
 * A scripted history with a record made late (a listing dated before acts recorded earlier) and
 * an annulled penalty, then questions at chosen (asOf, validAt) pairs, answered by a table
 * written by hand: "what we knew then" against "what was in effect then, as we know now".
 */
describe('time travel: asOf (transaction time) and validAt (valid time)', () => {
  let ledger: TestLedger;
  let officer: string;
  const moments: Record<string, string> = {};

  beforeAll(async () => {
    ledger = await startTestLedger('time_travel');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  let last = 0;
  const post = async (path: string, body: object) => {
    const response = await ledger.http().post(path).set('Authorization', officer).send(body);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position);
    return response.body;
  };
  /** Every read waits for the read models to reflect the last command (read-your-writes). */
  const get = (path: string) =>
    ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', officer);
  /** A moment strictly after everything recorded so far and before anything recorded next. */
  const mark = async (name: string) => {
    await new Promise((r) => setTimeout(r, 5));
    moments[name] = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
  };
  async function until(read: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await read())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('answers each (asOf, validAt) pair as the hand-written table says', async () => {
    await mark('beforeAnything');
    await post('/v1/enterprises', { uscc: USCC, name: '杭州某某', province: '330000', effectiveAt: '2023-12-01' });
    const applicationId = randomUUID();
    await post('/v1/licence-applications', {
      applicationId,
      uscc: USCC,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
      effectiveAt: '2024-01-02',
    });
    await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2024-01-05' });
    await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
      inspectedOn: '2024-01-10',
      inspectors: ['甲'],
      result: 'passed',
    });
    await post(`/v1/licence-applications/${applicationId}/decision`, {
      decision: 'granted',
      licenceNumber: LICENCE,
      validUntil: '2029-01-14',
      effectiveAt: '2024-01-15',
    });
    await post('/v1/numbers', { number: '95077', uscc: USCC, allocatedOn: '2024-02-01' });
    await post('/v1/numbers/95077/filings', { carrier: 'CT', purpose: '客服', inbound: true, outbound: false, effectiveAt: '2024-02-05' });
    await mark('granted');
    await post(`/v1/licences/${LICENCE}/suspensions`, { reason: '整改', effectiveOn: '2024-06-01' });
    // The number follows its only licence (docs/domain.md §5): the moments below include its consequence.
    await until(async () => (await get('/v1/numbers/95077')).body.status === 'stopped');
    await mark('suspended');
    await post(`/v1/licences/${LICENCE}/reinstatements`, { reason: '整改完成', effectiveOn: '2024-09-01' });
    await until(async () => (await get('/v1/numbers/95077')).body.status === 'filed');
    await mark('reinstated');
    // Recorded late: a case of February, its circular, and a listing decided on it on 2024-03-01, entered only now.
    const caseId = randomUUID();
    const penaltyId = randomUUID();
    await post('/v1/cases', {
      caseId,
      uscc: USCC,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2024-02-01',
    });
    const circular = await post(`/v1/cases/${caseId}/circulars`, { issuedOn: '2024-02-20', summary: '骚扰电话通报' });
    await post('/v1/credit-list/entries', {
      uscc: USCC,
      list: 'bad',
      reason: '骚扰电话，经通报',
      listedOn: '2024-03-01',
      basis: { eventId: circular.events[0].eventId },
    });
    await mark('lateListing');
    await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId,
      decidedOn: '2024-05-01',
      documentNo: '罚〔2024〕1号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'warning' }],
    });
    await until(async () => (await get(`/v1/credit-list/check/${USCC}?validAt=2024-06-01`)).body.entries?.length === 2);
    await mark('penaltyListed');
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/annulment`, { reason: '复议撤销', decidedOn: '2024-08-01' });
    await until(async () => (await get(`/v1/credit-list/check/${USCC}?validAt=2024-09-01`)).body.entries?.length === 1);
    await mark('annulled');

    const licenceAt = async (asOf: string | null, validAt: string) => {
      const query = new URLSearchParams({ validAt, ...(asOf ? { asOf: moments[asOf]! } : {}) });
      const response = await get(`/v1/licences/${LICENCE}?${query}`);
      return response.status === 404 ? 'none' : response.body.status;
    };
    const listsAt = async (asOf: string | null, validAt: string) => {
      const query = new URLSearchParams({ validAt, ...(asOf ? { asOf: moments[asOf]! } : {}) });
      const response = await get(`/v1/credit-list/check/${USCC}?${query}`);
      return (
        response.body.entries
          .map((e: { listedOn: string }) => e.listedOn)
          .sort()
          .join(',') || 'not listed'
      );
    };

    //  asOf (what the ledger had recorded)  validAt      expected
    const licenceTable: Array<[string | null, string, string]> = [
      ['beforeAnything', '2024-07-01', 'none'], // nothing was recorded yet
      ['granted', '2024-07-01', 'valid'], // the suspension was not yet recorded
      ['suspended', '2024-07-01', 'suspended'],
      ['suspended', '2024-10-01', 'suspended'], // the reinstatement was not yet recorded
      [null, '2024-10-01', 'valid'], // as we know now
      [null, '2024-07-01', 'suspended'],
    ];
    const creditTable: Array<[string | null, string, string]> = [
      ['reinstated', '2024-04-01', 'not listed'], // what we knew then: the late listing was not recorded
      [null, '2024-04-01', '2024-03-01'], // as we know now: it was in effect since March
      ['penaltyListed', '2024-09-01', '2024-03-01,2024-05-01'], // the annulment was not yet recorded
      [null, '2024-09-01', '2024-03-01'], // annulled on 2024-08-01, as we know now
      [null, '2024-06-01', '2024-03-01,2024-05-01'], // before the annulment took effect
    ];
    for (const [asOf, validAt, expected] of licenceTable)
      expect([asOf, validAt, await licenceAt(asOf, validAt)]).toEqual([asOf, validAt, expected]);
    for (const [asOf, validAt, expected] of creditTable)
      expect([asOf, validAt, await listsAt(asOf, validAt)]).toEqual([asOf, validAt, expected]);

    const licencesAt = async (asOf: string | null, validAt: string) => {
      const query = new URLSearchParams({ status: 'suspended', validAt, ...(asOf ? { asOf: moments[asOf]! } : {}) });
      return (await get(`/v1/licences?${query}`)).body.items.map((l: { licenceNumber: string }) => l.licenceNumber).join(',') || 'none';
    };
    const suspendedTable: Array<[string | null, string, string]> = [
      ['granted', '2024-07-01', 'none'],
      ['suspended', '2024-07-01', LICENCE],
      ['suspended', '2024-10-01', LICENCE],
      [null, '2024-10-01', 'none'],
    ];
    for (const [asOf, validAt, expected] of suspendedTable)
      expect([asOf, validAt, await licencesAt(asOf, validAt)]).toEqual([asOf, validAt, expected]);

    await post('/v1/numbers/95077/reclamations', { reason: '收回' });
    const numbersAt = async (query: Record<string, string>) =>
      (await get(`/v1/numbers?uscc=${USCC}&${new URLSearchParams(query)}`)).body.items.map((n: { status: string }) => n.status).join(',');
    expect(await numbersAt({ asOf: moments.annulled! })).toBe('filed');
    expect(await numbersAt({ validAt: '2024-02-02' })).toBe('allocated');
    expect(await numbersAt({ validAt: '2024-07-01' })).toBe('stopped');
    expect(await numbersAt({ validAt: new Date().toISOString() })).toBe('reclaimed');

    const bounded = await get(`/v1/licences/${LICENCE}?asOf=${moments.suspended}&validAt=2024-07-01`);
    expect(bounded.body).toMatchObject({ asOf: moments.suspended, validAt: '2024-07-01T15:59:59.999Z', position: expect.any(Number) });
  });

  it('answers the enterprise summary at any (asOf, validAt), each part as it stood then', async () => {
    const summaryAt = async (asOf: string | null, validAt?: string) => {
      const query = new URLSearchParams({ ...(validAt ? { validAt } : {}), ...(asOf ? { asOf: moments[asOf]! } : {}) });
      return get(`/v1/enterprises/${USCC}?${query}`);
    };
    expect((await summaryAt('beforeAnything', '2024-07-01')).status).toBe(404);

    const granted = (await summaryAt('granted', '2024-07-01')).body;
    expect(granted).toMatchObject({
      uscc: USCC,
      asOf: moments.granted,
      position: expect.any(Number),
      licences: [{ licenceNumber: LICENCE, status: 'valid' }],
      numbers: [{ number: '95077', status: 'filed', holder: USCC }],
      accessContracts: [],
      creditList: { listed: false },
      openCases: [],
    });
    expect(granted.licences[0]).not.toHaveProperty('position');
    expect((await summaryAt('suspended', '2024-07-01')).body.licences).toMatchObject([{ licenceNumber: LICENCE, status: 'suspended' }]);

    // Recorded by then: the late listing, the case, and the penalty's listing already annulled.
    const annulled = (await summaryAt('annulled')).body;
    expect(annulled).toMatchObject({
      licences: [{ status: 'valid' }],
      numbers: [{ status: 'filed' }],
      creditList: { listed: true, lists: ['bad'] },
    });
    expect(annulled.openCases).toHaveLength(1);
    // The number was reclaimed afterwards, as the summary of today also shows it.
    expect((await summaryAt(null, new Date().toISOString())).body.numbers).toMatchObject([{ number: '95077', status: 'reclaimed' }]);
    expect((await get(`/v1/enterprises/${USCC}`)).body.numbers).toMatchObject([{ number: '95077', status: 'reclaimed' }]);
    expect((await summaryAt(null, '2024-02-02')).body.numbers).toMatchObject([{ status: 'allocated' }]);
  });

  it('answers the other current-state queries at a past moment too: contracts, enforcement, draws, the register', async () => {
    await mark('beforeAccess');
    const contractId = randomUUID();
    // The number was reclaimed: the request is refused, and the refusal recorded (核实必要信息并留存记录).
    const refused = await ledger
      .http()
      .post('/v1/access-contracts')
      .set('Authorization', officer)
      .send({ contractId, carrier: 'CT', uscc: USCC, numbers: ['95077'], verifiedOn: '2025-01-10' });
    expect(refused.status).toBe(422);
    last = Math.max(last, refused.body.position);
    const draw = await post('/v1/inspection-draws', {
      seed: '2025-Q1-浙江',
      sampleSize: 1,
      inspectors: ['张', '王'],
      inspectorsPerEnterprise: 2,
    });
    const drawId = draw.streamId.replace('inspection-draw-', '');
    await mark('afterAccess');

    const contractsAt = async (asOf: string) => (await get(`/v1/access-contracts?uscc=${USCC}&asOf=${moments[asOf]}`)).body;
    expect(await contractsAt('beforeAccess')).toMatchObject({ items: [], asOf: moments.beforeAccess });
    expect((await contractsAt('afterAccess')).items).toMatchObject([{ contractId, status: 'refused' }]);
    expect((await get(`/v1/access-contracts?uscc=${USCC}&status=active&asOf=${moments.afterAccess}`)).body.items).toEqual([]);

    const casesAt = async (asOf: string) => (await get(`/v1/enterprises/${USCC}/enforcement?asOf=${moments[asOf]}`)).body.items;
    expect(await casesAt('reinstated')).toEqual([]);
    expect(await casesAt('penaltyListed')).toMatchObject([{ status: 'open', penalties: [{ annulment: null }] }]);
    expect((await casesAt('annulled'))[0].penalties[0].annulment).not.toBeNull();

    expect((await get(`/v1/inspection-draws/${drawId}?asOf=${moments.beforeAccess}`)).status).toBe(404);
    expect((await get(`/v1/inspection-draws/${drawId}?asOf=${moments.afterAccess}`)).body).toMatchObject({
      drawId,
      asOf: moments.afterAccess,
    });

    const registerAt = async (query: string) => (await get(`/v1/enterprises?${query}`)).body.items.map((e: { uscc: string }) => e.uscc);
    expect(await registerAt(`asOf=${moments.beforeAnything}`)).toEqual([]);
    expect(await registerAt(`asOf=${moments.granted}`)).toEqual([USCC]);
    expect(await registerAt('validAt=2023-11-30')).toEqual([]); // registered with effect from 2023-12-01
  });

  it('refuses a bare date as asOf', async () => {
    const response = await get(`/v1/licences/${LICENCE}?asOf=2024-01-01`);
    expect(response.status).toBe(400);
    expect(response.body.violations[0].field).toBe('asOf');
  });
});

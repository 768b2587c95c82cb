import { randomUUID } from 'node:crypto';
import { EventSchemaRegistry, PostgresEventStore } from '@ledger/event-store';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 18 item 5 (docs/domain.md §5): a case may be about a carrier (基础电信企业), with the same
 * steps as an enterprise's case except listing, and without the measures that act on a
 * call-centre licence or number.
 */
describe('carrier cases: the same steps, no listing', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  const caseId = randomUUID();
  const finedId = randomUUID();
  const unpaidId = randomUUID();
  let circularEventId = '';

  beforeAll(async () => {
    ledger = await startTestLedger('carrier_cases');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  const send = (path: string, body: object) => ledger.http().post(path).set('Authorization', officer).send(body);
  async function post(path: string, body: object) {
    const response = await send(path, body);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  async function refused(path: string, body: object, status: number, code: string) {
    const response = await send(path, body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    return response.body;
  }
  const read = (path: string) =>
    ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', officer);
  const get = async (path: string) => {
    const response = await read(path);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  /** The penalty process manager has read the log up to `position`. */
  async function penaltiesFollowedUpTo(position: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows: Array<{ position: string }> = await ledger.runtime.dataSource.query(
        `select position from ledger.consumer_checkpoints where name = 'process:penalties'`,
      );
      if (Number(rows[0]?.position ?? 0) >= position) return;
      if (Date.now() > deadline) throw new Error(`the penalty process manager did not reach ${position}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('opens a case about a carrier, and shows its party', async () => {
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2020-01-02' });
    await post('/v1/cases', {
      caseId,
      carrier: 'CT',
      origin: 'inspection',
      violation: 'harassment-calls',
      summary: '为无证企业接入并未留存核验记录',
      effectiveAt: '2024-01-05',
    });

    const view = await get(`/v1/cases/${caseId}`);
    expect(view).toMatchObject({
      caseId,
      uscc: null,
      carrier: 'CT',
      status: 'open',
      violation: 'harassment-calls',
      overview: { uscc: null, carrier: 'CT' },
    });
    expect((await get('/v1/cases?carrier=CT')).items.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    expect((await get('/v1/cases?carrier=CU')).items).toEqual([]);
    expect((await get(`/v1/cases?uscc=${USCC_A}`)).items).toEqual([]);
  });

  it('records circulars, interviews, exposures and rectification orders with their verification', async () => {
    const circular = await post(`/v1/cases/${caseId}/circulars`, {
      issuedOn: '2024-01-10',
      summary: '全国通报',
      documentNo: '工信部通〔2024〕1号',
    });
    circularEventId = circular.events[0].eventId;
    await post(`/v1/cases/${caseId}/interviews`, {
      heldOn: '2024-01-15',
      attendees: ['中国电信 政企客户部'],
      minutes: '约谈接入管理',
      commitments: ['一个月内完成核查'],
    });
    await post(`/v1/cases/${caseId}/exposures`, { exposedOn: '2024-01-16', channel: '工业和信息化部网站', summary: '曝光' });
    const orderId = randomUUID();
    await post(`/v1/cases/${caseId}/rectification-orders`, {
      orderId,
      orderedOn: '2024-01-16',
      deadline: '2024-02-16',
      requirements: ['清理违规接入'],
    });
    await post(`/v1/cases/${caseId}/rectification-orders/${orderId}/verification`, { verifiedOn: '2024-02-10', result: 'done' });

    const view = await get(`/v1/cases/${caseId}`);
    expect(view.circulars).toEqual([expect.objectContaining({ uscc: null, carrier: 'CT', documentNo: '工信部通〔2024〕1号' })]);
    expect(view.interviews).toHaveLength(1);
    expect(view.exposures).toHaveLength(1);
    expect(view.rectificationOrders).toEqual([expect.objectContaining({ orderId, status: 'done' })]);
  });

  it('refuses revocation, suspension of business and number reclamation for a carrier (422 NOT_FOR_A_CARRIER)', async () => {
    const penalty = (measures: object[]) => ({
      decidedOn: '2024-03-01',
      documentNo: '工信部罚〔2024〕9号',
      legalBasis: ['电信条例 第七十条'],
      measures,
    });
    const body = await refused(
      `/v1/cases/${caseId}/penalties`,
      penalty([
        { type: 'licence-revocation', licenceNumber: 'A1.A2-20090001' },
        { type: 'business-suspension', from: '2024-03-01', until: '2024-03-31' },
        { type: 'number-reclamation', numberId: '95123' },
      ]),
      422,
      'NOT_FOR_A_CARRIER',
    );
    expect(body.violations.map((v: { code: string }) => v.code)).toEqual(['NOT_FOR_A_CARRIER', 'NOT_FOR_A_CARRIER', 'NOT_FOR_A_CARRIER']);
    expect(body.violations[0].message).toMatch(/this case is about carrier CT/);
  });

  it('imposes a warning and a fine, records their performance, and a non-performance, listing nobody', async () => {
    await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId: finedId,
      decidedOn: '2024-03-01',
      documentNo: '工信部罚〔2024〕10号',
      legalBasis: ['电信条例 第七十条'],
      measures: [{ type: 'warning' }, { type: 'fine', amountCny: 100000 }],
      performanceDeadline: '2024-03-31',
    });
    await post(`/v1/cases/${caseId}/penalties/${finedId}/performance`, { performedOn: '2024-03-20', evidence: ['缴款书 No.88'] });
    await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId: unpaidId,
      decidedOn: '2024-04-01',
      documentNo: '工信部罚〔2024〕11号',
      legalBasis: ['电信条例 第七十条'],
      measures: [{ type: 'confiscation', amountCny: 20000 }],
      performanceDeadline: '2024-04-30',
    });
    await post(`/v1/cases/${caseId}/penalties/${unpaidId}/non-performance`, { recordedOn: '2024-05-06' });
    await penaltiesFollowedUpTo(last);

    expect((await get('/v1/credit-list')).items).toEqual([]);
    const view = await get(`/v1/cases/${caseId}`);
    expect(view.overview.penalties).toEqual([
      expect.objectContaining({ penaltyId: finedId, fineTotalCny: 100000, performedOn: '2024-03-20' }),
      expect.objectContaining({ penaltyId: unpaidId, notPerformedOn: '2024-05-06' }),
    ]);
  });

  it('refuses a listing by hand resting on a carrier case act (422 LISTING_BASIS_REQUIRED)', async () => {
    await refused(
      '/v1/credit-list/entries',
      { uscc: USCC_A, list: 'bad', reason: '因骚扰电话被通报', listedOn: '2024-01-20', basis: { eventId: circularEventId } },
      422,
      'LISTING_BASIS_REQUIRED',
    );
  });

  it('leaves carrier cases out of the enterprise worklists and statistics, which still answer', async () => {
    expect((await get('/v1/worklists/unperformed-penalties')).items).toEqual([]);
    expect((await get('/v1/statistics/cases')).total).toBe(0);
  });

  it('closes the case', async () => {
    await post(`/v1/cases/${caseId}/closure`, { outcome: '罚款已缴纳，整改完成' });
    expect(await get(`/v1/cases/${caseId}`)).toMatchObject({ status: 'closed', carrier: 'CT' });
  });

  it('refuses a case naming both parties, neither, or an unknown carrier (400 VALIDATION_FAILED naming the fields)', async () => {
    const body = { origin: 'complaint', summary: '投诉' };
    for (const party of [{ uscc: USCC_A, carrier: 'CM' }, {}]) {
      const refusal = await refused('/v1/cases', { ...body, ...party }, 400, 'VALIDATION_FAILED');
      expect(refusal.violations.map((v: { field: string }) => v.field).sort()).toEqual(['carrier', 'uscc']);
    }
    const unknown = await refused('/v1/cases', { ...body, carrier: 'ZZ' }, 400, 'VALIDATION_FAILED');
    expect(unknown.violations).toEqual([expect.objectContaining({ field: 'carrier', message: expect.stringMatching(/CT, CU, CM, CBN/) })]);
    expect((await read('/v1/cases?carrier=ZZ')).status).toBe(400);
  });

  it('reads a CaseOpened written at version 2, before carrier cases, as a case about its enterprise', async () => {
    const previous = await PostgresEventStore.create(ledger.db.database.pool, {
      listenUrl: null,
      schemas: new EventSchemaRegistry({ CaseOpened: { version: 2, upcasters: { 1: (v1) => ({ ...v1, violation: 'other' }) } } }),
    });
    const oldCase = randomUUID();
    const written = await previous.append(`case-${oldCase}`, 'no-stream', [
      {
        type: 'CaseOpened',
        data: {
          caseId: oldCase,
          uscc: USCC_B,
          origin: 'complaint',
          violation: 'trunk-resale',
          summary: '旧案件',
          numbers: [],
          openedOn: '2023-06-01',
        },
        metadata: { actor: 'officer-1', roles: ['officer'], correlationId: randomUUID() },
      },
    ]);
    await previous.close();
    const { rows } = await ledger.db.database.pool.query(`select schema_version from ledger.events where position = $1`, [
      written.position,
    ]);
    expect(rows[0].schema_version).toBe(2);
    last = written.position;

    expect(await get(`/v1/cases/${oldCase}`)).toMatchObject({
      uscc: USCC_B,
      carrier: null,
      violation: 'trunk-resale',
      overview: { uscc: USCC_B, carrier: null },
    });
    expect(await get(`/v1/cases/${oldCase}?asOf=${new Date().toISOString()}`)).toMatchObject({ uscc: USCC_B, carrier: null });
    expect((await get(`/v1/cases?uscc=${USCC_B}`)).items.map((c: { caseId: string }) => c.caseId)).toEqual([oldCase]);
    await post(`/v1/cases/${oldCase}/circulars`, { issuedOn: '2023-07-01', summary: '通报' });
    expect((await get(`/v1/cases/${oldCase}`)).circulars).toEqual([expect.objectContaining({ uscc: USCC_B, carrier: null })]);
  });
});

import { randomUUID } from 'node:crypto';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 18, items 1, 2, 3 and 6: the officers' worklists and the statistics they report upward.
 * Each list is asked on the day before and after a deadline (validAt) and as recorded before the
 * act that answers it (asOf): overdue is derived from the deadline and the acts known within the
 * bounds, never stored. A is in Zhejiang and owes its 2023 annual report; B, in Guangdong, has a
 * harassment case with a rectification order and a penalty.
 */
describe('worklists and statistics', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  const moments: Record<string, string> = {};
  const caseB = randomUUID();
  const caseA = randomUUID();
  const orderId = randomUUID();
  const penaltyId = randomUUID();
  let annualOrderEventId = '';
  const listingA = randomUUID();

  beforeAll(async () => {
    ledger = await startTestLedger('worklists');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  async function post(path: string, body: object) {
    const response = await ledger.http().post(path).set('Authorization', officer).send(body);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  const ask = (path: string, token = officer) =>
    ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', token);
  async function get(path: string) {
    const response = await ask(path);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  /** A moment strictly after everything recorded so far and before anything recorded next. */
  async function mark(name: string) {
    await new Promise((r) => setTimeout(r, 5));
    moments[name] = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
  }
  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** A licence in force from 2020-03-01, so its holder owed the 2020 self-inspection and every annual report since. */
  async function grant(uscc: string, licenceNumber: string) {
    const applicationId = randomUUID();
    await post('/v1/licence-applications', {
      applicationId,
      uscc,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
      effectiveAt: '2020-01-10',
    });
    await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2020-01-15' });
    await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
      inspectedOn: '2020-02-01',
      inspectors: ['王'],
      result: 'passed',
    });
    await post(`/v1/licence-applications/${applicationId}/decision`, {
      decision: 'granted',
      licenceNumber,
      validUntil: '2030-02-28',
      effectiveAt: '2020-03-01',
    });
  }
  const at = (validAt: string, asOf?: string) => `validAt=${validAt}${asOf ? `&asOf=${encodeURIComponent(moments[asOf]!)}` : ''}`;
  const usccs = (body: { items: Array<{ uscc: string }> }) => body.items.map((i) => i.uscc);

  it('lists licensees without a completed self-inspection (自查整改) once July 2020 is over', async () => {
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2020-01-02' });
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000', effectiveAt: '2020-01-02' });
    await grant(USCC_A, 'B2-20200101');
    await grant(USCC_B, 'B2-20200102');
    await post(`/v1/enterprises/${USCC_B}/self-inspections`, {
      reportedOn: '2020-07-20',
      findings: ['外呼管控不足'],
      completedOn: '2020-07-15',
    });
    await post(`/v1/enterprises/${USCC_A}/self-inspections`, { reportedOn: '2020-09-01', findings: ['录音留存不足'] });
    await mark('beforeCompletion');
    await post(`/v1/enterprises/${USCC_A}/self-inspections`, {
      reportedOn: '2020-10-01',
      findings: ['录音留存不足'],
      completedOn: '2020-09-30',
    });

    const path = '/v1/worklists/missing-self-inspections';
    expect(await get(`${path}?${at('2020-07-31')}`)).toMatchObject({ deadline: '2020-07-31', day: '2020-07-31', items: [] });
    expect((await get(`${path}?${at('2020-08-01')}`)).items).toEqual([
      {
        uscc: USCC_A,
        name: '杭州某某呼叫中心有限公司',
        province: '330000',
        deadline: '2020-07-31',
        overdueSince: '2020-08-01',
        status: 'missing',
        lastReportedOn: null,
      },
    ]);
    expect((await get(`${path}?${at('2020-09-15')}`)).items).toMatchObject([
      { uscc: USCC_A, status: 'reported-not-completed', lastReportedOn: '2020-09-01' },
    ]);
    expect(usccs(await get(`${path}?${at('2020-10-02')}`))).toEqual([]);
    // As recorded before the completion was, A was still on the list in October.
    expect(usccs(await get(`${path}?${at('2020-10-02', 'beforeCompletion')}`))).toEqual([USCC_A]);
    expect(usccs(await get(`${path}?${at('2020-08-01')}&province=440000`))).toEqual([]);
    expect(await get(path)).toMatchObject({ items: [], position: expect.any(Number) });
  });

  it('lists the annual reports (年报) due by 31 March and not filed, the default year being the last one due', async () => {
    await post(`/v1/enterprises/${USCC_B}/annual-reports`, { year: 2023, reportedOn: '2024-03-15' });
    const path = '/v1/worklists/overdue-annual-reports';
    expect(await get(`${path}?year=2023&${at('2024-03-31')}`)).toMatchObject({ year: 2023, dueOn: '2024-03-31', items: [] });
    expect((await get(`${path}?year=2023&${at('2024-04-01')}`)).items).toEqual([
      {
        uscc: USCC_A,
        name: '杭州某某呼叫中心有限公司',
        province: '330000',
        year: 2023,
        dueOn: '2024-03-31',
        overdueSince: '2024-04-01',
        orders: [],
      },
    ]);
    expect(await get(`${path}?${at('2024-04-01')}`)).toMatchObject({ year: 2023 });
    // On 31 March 2024 the 2023 report is not late yet: the last one due is 2022's, which nobody filed.
    const before = await get(`${path}?${at('2024-03-31')}`);
    expect({ year: before.year, usccs: usccs(before) }).toEqual({ year: 2022, usccs: [USCC_A, USCC_B].sort() });
    const first = await get(`${path}?${at('2024-03-31')}&limit=1`);
    expect(first.items).toHaveLength(1);
    const second = await get(`${path}?${at('2024-03-31')}&limit=1&cursor=${first.nextCursor}`);
    expect([...usccs(first), ...usccs(second)]).toEqual([USCC_A, USCC_B].sort());
    expect(second.nextCursor).toBeNull();
  });

  it('lists an order to report (责令限期报告) past its deadline, and the listing resting on it', async () => {
    const ordered = await post(`/v1/enterprises/${USCC_A}/annual-report-orders`, {
      year: 2023,
      orderedOn: '2024-04-10',
      deadline: '2024-04-30',
      documentNo: '浙通管〔2024〕7号',
    });
    annualOrderEventId = ordered.events[0].eventId;
    const path = '/v1/worklists/overdue-annual-report-orders';
    expect((await get(`${path}?${at('2024-04-30')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-05-01')}`)).items).toEqual([
      {
        uscc: USCC_A,
        name: '杭州某某呼叫中心有限公司',
        province: '330000',
        year: 2023,
        eventId: annualOrderEventId,
        documentNo: '浙通管〔2024〕7号',
        orderedOn: '2024-04-10',
        deadline: '2024-04-30',
        overdueSince: '2024-05-01',
        authority: 'MIIT',
        decidedAfterwards: { listings: [] },
      },
    ]);
    await mark('beforeListing');
    await post('/v1/credit-list/entries', {
      entryId: listingA,
      uscc: USCC_A,
      list: 'bad',
      reason: '未按期报送年报',
      listedOn: '2024-05-10',
      basis: { eventId: annualOrderEventId },
    });
    const after = (await get(`${path}?${at('2024-05-11')}`)).items;
    expect(after).toMatchObject([
      {
        eventId: annualOrderEventId,
        decidedAfterwards: {
          listings: [
            {
              entryId: listingA,
              list: 'bad',
              listedOn: '2024-05-10',
              removedOn: null,
              basis: { kind: 'annual-report-order', eventId: annualOrderEventId },
            },
          ],
        },
      },
    ]);
    expect((await get(`${path}?${at('2024-05-11', 'beforeListing')}`)).items).toMatchObject([{ decidedAfterwards: { listings: [] } }]);
    expect((await get(`/v1/worklists/overdue-annual-reports?year=2023&${at('2024-05-11')}`)).items).toMatchObject([
      { uscc: USCC_A, orders: [{ eventId: annualOrderEventId, deadline: '2024-04-30', authority: 'MIIT' }] },
    ]);
    expect((await get(`${path}?${at('2024-05-11')}&authority=330000`)).items).toEqual([]);

    await post(`/v1/enterprises/${USCC_A}/annual-reports`, { year: 2023, reportedOn: '2024-06-01' });
    await post(`/v1/credit-list/entries/${listingA}/removal`, { reason: '已报送年报，经确认', removedOn: '2024-07-15' });
    expect((await get(`${path}?${at('2024-06-02')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-05-31')}`)).items).toHaveLength(1);
    expect(usccs(await get(`/v1/worklists/overdue-annual-reports?year=2023&${at('2024-06-02')}`))).toEqual([]);
  });

  it('lists a rectification order (责令改正) past its deadline with what was decided afterwards, until verified done', async () => {
    await post('/v1/cases', {
      caseId: caseB,
      uscc: USCC_B,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2024-01-05',
    });
    await post(`/v1/cases/${caseB}/rectification-orders`, {
      orderId,
      orderedOn: '2024-02-01',
      deadline: '2024-03-01',
      requirements: ['停止骚扰外呼'],
      documentNo: '粤通管改〔2024〕3号',
    });
    await post(`/v1/cases/${caseB}/rectification-orders/${orderId}/verification`, {
      verifiedOn: '2024-03-05',
      result: 'not-done',
      findings: ['仍有外呼'],
    });
    await mark('beforePenalty');
    await post(`/v1/cases/${caseB}/penalties`, {
      penaltyId,
      decidedOn: '2024-03-10',
      documentNo: '工信罚〔2024〕5号',
      legalBasis: ['电信条例第七十七条'],
      measures: [{ type: 'fine', amountCny: 30000 }],
      performanceDeadline: '2024-04-10',
    });
    // The penalty process manager lists B on the bad list from the decision date.
    await until(
      () => get(`/v1/credit-list/check/${USCC_B}`),
      (body) => body.listed === true,
    );

    const path = '/v1/worklists/overdue-rectifications';
    expect((await get(`${path}?${at('2024-03-01')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-03-02')}`)).items).toEqual([
      {
        uscc: USCC_B,
        name: '深圳某某',
        province: '440000',
        caseId: caseB,
        violation: 'harassment-calls',
        orderId,
        eventId: expect.any(String),
        documentNo: '粤通管改〔2024〕3号',
        orderedOn: '2024-02-01',
        requirements: ['停止骚扰外呼'],
        deadline: '2024-03-01',
        overdueSince: '2024-03-02',
        authority: 'MIIT',
        verifications: [],
        decidedAfterwards: { penalties: [], listings: [] },
      },
    ]);
    const answered = (await get(`${path}?${at('2024-03-15')}`)).items;
    expect(answered).toMatchObject([
      {
        orderId,
        verifications: [{ verifiedOn: '2024-03-05', result: 'not-done', findings: ['仍有外呼'] }],
        decidedAfterwards: {
          penalties: [{ penaltyId, decidedOn: '2024-03-10', documentNo: '工信罚〔2024〕5号', annulledOn: null }],
          listings: [{ list: 'bad', listedOn: '2024-03-10' }],
        },
      },
    ]);
    expect((await get(`${path}?${at('2024-03-15', 'beforePenalty')}`)).items).toMatchObject([
      { orderId, decidedAfterwards: { penalties: [], listings: [] } },
    ]);
    expect((await get(`${path}?${at('2024-03-15')}&authority=MIIT&province=440000`)).items).toHaveLength(1);
    expect((await get(`${path}?${at('2024-03-15')}&authority=440000`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-03-15')}&province=330000`)).items).toEqual([]);

    await post(`/v1/cases/${caseB}/rectification-orders/${orderId}/verification`, { verifiedOn: '2024-05-01', result: 'done' });
    expect((await get(`${path}?${at('2024-05-02')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-04-30')}`)).items).toHaveLength(1);
  });

  it('lists a penalty past its performance deadline with neither performance nor non-performance recorded', async () => {
    const path = '/v1/worklists/unperformed-penalties';
    expect((await get(`${path}?${at('2024-04-10')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-04-11')}`)).items).toEqual([
      {
        uscc: USCC_B,
        name: '深圳某某',
        province: '440000',
        caseId: caseB,
        penaltyId,
        eventId: expect.any(String),
        documentNo: '工信罚〔2024〕5号',
        decidedOn: '2024-03-10',
        measures: ['fine'],
        deadline: '2024-04-10',
        overdueSince: '2024-04-11',
        authority: 'MIIT',
        authorityName: '工业和信息化部',
      },
    ]);
    await mark('beforePerformance');
    await post(`/v1/cases/${caseB}/penalties/${penaltyId}/performance`, { performedOn: '2024-04-20', evidence: ['缴款凭证'] });
    expect((await get(`${path}?${at('2024-04-21')}`)).items).toEqual([]);
    expect((await get(`${path}?${at('2024-04-15')}`)).items).toHaveLength(1);
    expect((await get(`${path}?${at('2024-04-21', 'beforePerformance')}`)).items).toHaveLength(1);
  });

  it('finds and counts cases by violation category, province and quarter', async () => {
    await mark('beforeSecondCase');
    await post('/v1/cases', { caseId: caseA, uscc: USCC_A, origin: 'monitoring', summary: '监测发现', effectiveAt: '2024-04-02' });

    const ids = (body: { items: Array<{ caseId: string }> }) => body.items.map((c) => c.caseId);
    expect(ids(await get('/v1/cases?violation=harassment-calls'))).toEqual([caseB]);
    expect(ids(await get('/v1/cases?violation=other'))).toEqual([caseA]);
    expect(ids(await get('/v1/cases?province=330000'))).toEqual([caseA]);
    expect(ids(await get(`/v1/cases?uscc=${USCC_B}&violation=other`))).toEqual([]);
    expect(ids(await get(`/v1/cases?validAt=2024-03-01`))).toEqual([caseB]);
    const paged = await get('/v1/cases?limit=1');
    expect(ids(paged)).toEqual([caseB]);
    expect(ids(await get(`/v1/cases?limit=1&cursor=${paged.nextCursor}`))).toEqual([caseA]);

    expect(await get('/v1/statistics/cases?by=violation')).toMatchObject({
      by: ['violation'],
      items: [
        { violation: 'harassment-calls', cases: 1 },
        { violation: 'other', cases: 1 },
      ],
      total: 2,
    });
    expect((await get('/v1/statistics/cases')).items).toEqual([
      { violation: 'harassment-calls', province: '440000', quarter: '2024-Q1', cases: 1 },
      { violation: 'other', province: '330000', quarter: '2024-Q2', cases: 1 },
    ]);
    expect((await get('/v1/statistics/cases?by=quarter,province&fromQuarter=2024-Q2&toQuarter=2024-Q4')).items).toEqual([
      { quarter: '2024-Q2', province: '330000', cases: 1 },
    ]);
    expect((await get('/v1/statistics/cases?by=province&violation=harassment-calls')).items).toEqual([{ province: '440000', cases: 1 }]);
    expect((await get('/v1/statistics/cases?by=violation&validAt=2024-03-31')).items).toEqual([
      { violation: 'harassment-calls', cases: 1 },
    ]);
    expect((await get(`/v1/statistics/cases?by=violation&asOf=${encodeURIComponent(moments.beforeSecondCase!)}`)).total).toBe(1);
  });

  it('counts listings and removals per quarter and list', async () => {
    const path = '/v1/statistics/credit-list';
    expect((await get(path)).items).toEqual([
      { quarter: '2024-Q1', list: 'bad', listed: 1, removed: 0 },
      { quarter: '2024-Q2', list: 'bad', listed: 1, removed: 0 },
      { quarter: '2024-Q3', list: 'bad', listed: 0, removed: 1 },
    ]);
    expect((await get(`${path}?validAt=2024-06-30`)).items.map((i: { quarter: string }) => i.quarter)).toEqual(['2024-Q1', '2024-Q2']);
    expect((await get(`${path}?asOf=${encodeURIComponent(moments.beforeListing!)}`)).items).toEqual([]);
    // Before B's penalty was recorded, only A's listing and its removal were.
    expect((await get(`${path}?asOf=${encodeURIComponent(moments.beforePenalty!)}`)).items).toEqual([
      { quarter: '2024-Q2', list: 'bad', listed: 1, removed: 0 },
      { quarter: '2024-Q3', list: 'bad', listed: 0, removed: 1 },
    ]);
    expect((await get(`${path}?province=330000&fromQuarter=2024-Q2&toQuarter=2024-Q2`)).items).toEqual([
      { quarter: '2024-Q2', list: 'bad', listed: 1, removed: 0 },
    ]);
    expect((await get(`${path}?list=dishonest`)).items).toEqual([]);
  });

  it('refuses hostile parameters with a 400 naming them, and readers who are not officers or auditors', async () => {
    const refusals: Array<[string, string]> = [
      ['/v1/worklists/overdue-annual-reports?year=abc', 'year'],
      ['/v1/worklists/overdue-annual-reports?year=9999', 'year'],
      ['/v1/worklists/overdue-annual-reports?year=2023&year=2024', 'year'],
      ['/v1/worklists/overdue-rectifications?authority=CT', 'authority'],
      ['/v1/worklists/unperformed-penalties?authority=miit', 'authority'],
      ['/v1/worklists/missing-self-inspections?province=123456', 'province'],
      ['/v1/worklists/overdue-rectifications?cursor=WyJ4Il0', 'cursor'],
      ['/v1/worklists/missing-self-inspections?cursor=WzFd', 'cursor'],
      ['/v1/worklists/overdue-annual-report-orders?validAt=2021-02-30', 'validAt'],
      ['/v1/worklists/unperformed-penalties?limit=0', 'limit'],
      ['/v1/statistics/cases?by=violation,violation', 'by'],
      ['/v1/statistics/cases?by=enterprise', 'by'],
      ['/v1/statistics/cases?by=', ''],
      ['/v1/statistics/cases?fromQuarter=2024-Q5', 'fromQuarter'],
      ['/v1/statistics/cases?fromQuarter=0999-Q1', 'fromQuarter'],
      ['/v1/statistics/cases?fromQuarter=2024-Q3&toQuarter=2024-Q2', 'toQuarter'],
      ['/v1/statistics/credit-list?list=grey', 'list'],
      ['/v1/cases?violation=spam', 'violation'],
    ];
    for (const [path, field] of refusals) {
      const response = await ask(path);
      if (field === '') {
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        continue;
      }
      expect({
        path,
        status: response.status,
        code: response.body.code,
        fields: response.body.violations?.map((v: { field: string }) => v.field),
      }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: [field],
      });
    }
    expect((await ask('/v1/worklists/overdue-rectifications', `Bearer ${ledger.token('operator', { org: USCC_A })}`)).status).toBe(403);
    expect((await ask('/v1/statistics/credit-list', `Bearer ${ledger.token('carrier', { org: 'CT' })}`)).status).toBe(403);
    expect((await ask('/v1/worklists/missing-self-inspections', `Bearer ${ledger.token('auditor')}`)).status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

const GD = '914403001922038216'; // registered in Guangdong
const ZJ = '91330100716105852F';

/** The commands the chain test does not walk, and the case officers' one-request questions. */
describe('every command of docs/http-contract.md, and the officers’ questions', () => {
  let ledger: TestLedger;
  /** Guangdong's administration (440000): the 粤B2 licence and the case are its own; Zhejiang's (330000) the 浙B2 one. */
  let officer: string;
  let zhejiang: string;
  let last = 0;

  beforeAll(async () => {
    ledger = await startTestLedger('every_command');
    officer = `Bearer ${ledger.token('officer', { org: '440000' })}`;
    zhejiang = `Bearer ${ledger.token('officer', { org: '330000', sub: 'officer-zhejiang' })}`;
  });
  afterAll(() => ledger?.close());

  async function post(path: string, body: object, expected = 201, auth = officer) {
    const response = await ledger.http().post(path).set('Authorization', auth).send(body);
    if (response.status !== expected) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  const get = async (path: string, auth = officer) => {
    const sep = path.includes('?') ? '&' : '?';
    const response = await ledger.http().get(`${path}${sep}minPosition=${last}`).set('Authorization', auth);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  async function licensed(uscc: string, licenceNumber: string, coverage: string[], validUntil: string) {
    const applicationId = randomUUID();
    const body = {
      applicationId,
      uscc,
      scope: 'domestic',
      coverage,
      serviceModel: 'seat-rental',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
    };
    await post('/v1/licence-applications', { ...body, effectiveAt: '2024-01-02' });
    await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2024-01-05' });
    await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
      inspectedOn: '2024-01-10',
      inspectors: ['甲', '乙'],
      result: 'passed',
      findings: ['场地符合'],
    });
    await post(`/v1/licence-applications/${applicationId}/decision`, {
      decision: 'granted',
      licenceNumber,
      validUntil,
      effectiveAt: '2024-01-15',
    });
  }

  it('records reports, licence acts, the commitment path and enforcement steps', async () => {
    await post('/v1/enterprises', { uscc: GD, name: '广州某某', province: '440000', effectiveAt: '2019-05-01' });
    await post('/v1/enterprises', { uscc: ZJ, name: '杭州某某', province: '330000', effectiveAt: '2019-05-01' });
    await post(`/v1/enterprises/${GD}/self-inspections`, {
      reportedOn: '2020-07-20',
      findings: ['外呼管控不足'],
      rectifications: ['上线外呼审批'],
      completedOn: '2020-07-18',
    });
    await post(`/v1/enterprises/${GD}/annual-reports`, { year: 2023, reportedOn: '2024-03-15', operations: '正常' });
    await post(`/v1/enterprises/${GD}/annual-reports`, { year: 2023, reportedOn: '2024-03-20' }, 409);

    // Valid to 2024-10-15, so that the renewal on 2024-08-01 falls in the 90 days before expiry.
    await licensed(GD, '粤B2-20240001', ['440000'], '2024-10-15');
    await post('/v1/licences/粤B2-20240001/variations', { serviceModel: 'operated', effectiveAt: '2024-06-01' });
    await post('/v1/licences/粤B2-20240001/suspensions', { reason: '整改期间暂停', effectiveOn: '2024-07-01' });
    await post('/v1/licences/粤B2-20240001/renewals', { validUntil: '2030-01-14', effectiveAt: '2024-08-01' });
    await post('/v1/licences/粤B2-20240001/reinstatements', { reason: '整改完成', effectiveOn: '2024-09-01' }, 201);
    await post('/v1/licences/粤B2-20240001/suspensions', { reason: '再次违规', effectiveOn: '2024-10-01' });

    // 告知承诺: granted on the commitment, withdrawn (撤销) when the verification fails.
    const applicationId = randomUUID();
    await post(
      '/v1/licence-applications',
      {
        applicationId,
        uscc: ZJ,
        scope: 'domestic',
        coverage: ['330000'],
        serviceModel: 'operated',
        approvalPath: 'commitment',
        freeTradeZone: '中国（浙江）自由贸易试验区',
        commitments: { noMarketingOutbound: true },
        effectiveAt: '2024-02-01',
      },
      201,
      zhejiang,
    );
    await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2024-02-02' }, 201, zhejiang);
    await post(
      `/v1/licence-applications/${applicationId}/decision`,
      { decision: 'granted', licenceNumber: '浙B2-20240002', effectiveAt: '2024-02-03' },
      201,
      zhejiang,
    );
    const failed = await post(
      '/v1/licences/浙B2-20240002/commitment-verifications',
      { verifiedOn: '2024-03-01', result: 'failed', findings: ['承诺不实'] },
      201,
      zhejiang,
    );
    expect(failed.events.map((e: { type: string }) => e.type)).toEqual(['CommitmentVerificationRecorded', 'LicenceWithdrawn']);
    await post('/v1/licences/浙B2-20240002/renewals', { validUntil: '2031-01-01' }, 422, zhejiang);

    const caseId = randomUUID();
    await post('/v1/cases', {
      caseId,
      uscc: GD,
      origin: 'monitoring',
      violation: 'harassment-calls',
      summary: '监测发现骚扰呼叫',
      effectiveAt: '2025-01-02',
    });
    const circular = await post(`/v1/cases/${caseId}/circulars`, {
      issuedOn: '2025-01-10',
      summary: '通报批评',
      documentNo: '粤通信〔2025〕1号',
    });
    const penaltyId = randomUUID();
    await post(`/v1/cases/${caseId}/exposures`, { exposedOn: '2025-01-15', channel: '广东省通信管理局网站', summary: '骚扰电话曝光' });
    const orderId = randomUUID();
    await post(`/v1/cases/${caseId}/rectification-orders`, {
      orderId,
      orderedOn: '2025-02-01',
      deadline: '2025-03-01',
      requirements: ['停止骚扰呼叫'],
    });
    await post(`/v1/cases/${caseId}/rectification-orders/${orderId}/verification`, {
      verifiedOn: '2025-03-02',
      result: 'done',
      findings: ['已整改'],
    });
    await post(
      `/v1/cases/${caseId}/penalties`,
      {
        penaltyId,
        decidedOn: '2025-02-01',
        documentNo: '粤通信罚〔2025〕2号',
        legalBasis: ['电信条例'],
        measures: [{ type: 'warning' }, { type: 'rectification-order' }],
        authority: '广东省通信管理局',
      },
      422,
    );
    await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId,
      decidedOn: '2025-02-01',
      documentNo: '粤通信罚〔2025〕2号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'warning' }, { type: 'circulated-criticism' }],
      performanceDeadline: '2025-02-20',
      authority: '广东省通信管理局',
    });
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/non-performance`, { recordedOn: '2025-02-20' }, 422);
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/performance`, { performedOn: '2025-02-15', evidence: ['书面检查'] });
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/annulment`, { reason: '行政复议撤销', decidedOn: '2025-04-01' });
    await post(`/v1/cases/${caseId}/closure`, { outcome: '结案' });
    await post(`/v1/cases/${caseId}/interviews`, { heldOn: '2025-05-01', attendees: ['x'], minutes: 'y' }, 422);

    const entry = await post('/v1/credit-list/entries', {
      uscc: GD,
      list: 'bad',
      reason: '骚扰电话，经通报',
      listedOn: '2025-04-10',
      basis: { eventId: circular.events[0].eventId, documentNo: '粤通信〔2025〕1号' },
    });
    const entryId = entry.streamId.replace('credit-entry-', '');
    await post(`/v1/credit-list/entries/${entryId}/removal`, { reason: '已补报并经确认', removedOn: '2025-06-01' });
    await post(`/v1/credit-list/entries/${entryId}/removal`, { reason: '重复', removedOn: '2025-06-02' }, 422);

    // The pool is Guangdong's licensees in force: its one licence is suspended, so there is nobody to draw.
    const draw = await post(
      '/v1/inspection-draws',
      { seed: '2025-Q2-广东', sampleSize: 1, inspectors: ['张', '王', '赵'], inspectorsPerEnterprise: 2 },
      422,
    );
    expect(draw.detail).toMatch(/pool of 0: no enterprise holds a licence in force that this authority issued/);
  });

  it('answers the officers’ questions in one request each', async () => {
    const suspendedInGuangdong = await get('/v1/licences?status=suspended&province=440000');
    expect(suspendedInGuangdong.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toEqual(['粤B2-20240001']);
    const withdrawn = await get('/v1/licences?status=withdrawn');
    expect(withdrawn.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toEqual(['浙B2-20240002']);

    const history = await get(`/v1/enterprises/${GD}/history?types=LicenceSuspended,LicenceReinstated`);
    expect(history.items.map((i: { type: string }) => i.type)).toEqual(['LicenceSuspended', 'LicenceReinstated', 'LicenceSuspended']);

    const enforcement = await get(`/v1/enterprises/${GD}/enforcement`);
    expect(enforcement.items).toHaveLength(1);
    expect(enforcement.items[0]).toMatchObject({ status: 'closed', circulars: [{ summary: '通报批评' }] });
    expect(enforcement.items[0].penalties[0].annulment).toMatchObject({ decidedOn: '2025-04-01' });

    // The annulled penalty's automatic bad-list entry was lifted; the hand-made one was removed.
    // The lifting is the process manager's follow-up to the annulment: wait for it, not just for our commands.
    const deadline = Date.now() + 10_000;
    let bad = await get('/v1/credit-list?list=bad');
    while (bad.items.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      bad = await get('/v1/credit-list?list=bad');
    }
    expect(bad.items).toEqual([]);
    const badInApril = await get('/v1/credit-list?list=bad&validAt=2025-04-15');
    expect(badInApril.items.map((e: { uscc: string; basis: { kind: string } }) => [e.uscc, e.basis.kind])).toEqual([[GD, 'circular']]);

    const summary = await get(`/v1/enterprises/${GD}`);
    expect(summary).toMatchObject({
      uscc: GD,
      name: '广州某某',
      licences: [{ status: 'suspended' }],
      openCases: [],
      creditList: { listed: false },
    });

    const stream = await get(`/v1/streams/enterprise-${GD}/events`);
    expect(stream.items.map((e: { type: string }) => e.type)).toEqual([
      'EnterpriseRegistered',
      'SelfInspectionReported',
      'AnnualReportFiled',
    ]);
    const log = await get('/v1/events?types=PenaltyImposed,PenaltyAnnulled&fromPosition=0');
    expect(log.items.map((e: { type: string }) => e.type)).toEqual(['PenaltyImposed', 'PenaltyAnnulled']);

    const projections = await get('/v1/projections');
    for (const p of projections.items) expect(p).toMatchObject({ state: 'live', lag: 0 });
  });

  it('exposes the operations series at /metrics without a token', async () => {
    const response = await ledger.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    for (const series of [
      'ledger_appended_events_total{type="LicenceGranted"}',
      'ledger_append_conflicts_total',
      'ledger_projection_lag_events{projection="licences",state="live"} 0',
      'ledger_webhook_lag_events',
      'ledger_feed_clients 0',
      'ledger_leader 1',
      'ledger_http_request_duration_seconds_bucket{le="0.05",method="POST",route="/v1/cases/:id/penalties",status="201"}',
    ]) {
      expect(response.text).toContain(series);
    }
  });
});

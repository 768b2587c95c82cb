import { randomUUID } from 'node:crypto';
import { startTestLedger, USCC_A, type TestLedger } from '../support/test-ledger';

describe('the first slice over HTTP: enterprise → application → granted licence → history', () => {
  let ledger: TestLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('licence_lifecycle');
    // Zhejiang's administration (330000): the application and licence here are provincial (浙B2-…).
    officer = `Bearer ${ledger.token('officer', { sub: 'officer-zhang', org: '330000' })}`;
  });
  afterAll(() => ledger?.close());

  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    ledger.http().post(path).set('Authorization', officer).set(headers).send(body);

  it('registers an enterprise and walks an application to a granted licence', async () => {
    const registered = await post('/v1/enterprises', {
      uscc: USCC_A,
      name: '杭州某某呼叫中心有限公司',
      province: '330000',
      documentNo: '浙通信〔2020〕1号',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ streamId: `enterprise-${USCC_A}`, version: 1, events: [{ type: 'EnterpriseRegistered' }] });

    const applicationId = randomUUID();
    const submitted = await post('/v1/licence-applications', {
      applicationId,
      uscc: USCC_A,
      scope: 'domestic',
      coverage: ['330000'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
      effectiveAt: '2020-08-03',
    });
    expect(submitted.status).toBe(201);

    const accepted = await post(`/v1/licence-applications/${applicationId}/acceptance`, {
      decision: 'accepted',
      effectiveAt: '2020-08-10',
    });
    expect(accepted.status).toBe(201);

    const early = await post(`/v1/licence-applications/${applicationId}/decision`, {
      decision: 'granted',
      licenceNumber: '浙B2-20201234',
      effectiveAt: '2020-08-20',
    });
    expect(early.status).toBe(422);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.body).toMatchObject({ status: 422, code: 'SITE_INSPECTION_REQUIRED' });

    const inspected = await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
      inspectedOn: '2020-09-01',
      inspectors: ['王检查', '李检查'],
      result: 'passed',
    });
    expect(inspected.body).toMatchObject({ version: 3 });

    const granted = await post(
      `/v1/licence-applications/${applicationId}/decision`,
      {
        decision: 'granted',
        licenceNumber: '浙B2-20201234',
        validFrom: '2020-09-20',
        validUntil: '2030-09-30',
        documentNo: '浙通信许〔2020〕88号',
        effectiveAt: '2020-09-20',
      },
      { 'If-Match': '"3"' },
    );
    expect(granted.body).toMatchObject({ version: 4 });
    expect(granted.body.events.map((e: { type: string }) => e.type)).toEqual(['LicenceGranted']);

    const licence = await ledger
      .http()
      .get(`/v1/licences/${encodeURIComponent('浙B2-20201234')}?minPosition=${granted.body.position}`)
      .set('Authorization', officer);
    expect(licence.status).toBe(200);
    expect(licence.body).toMatchObject({
      licenceNumber: '浙B2-20201234',
      uscc: USCC_A,
      status: 'valid',
      coverage: ['330000'],
      validUntil: '2030-09-30',
    });
    expect(licence.body.position).toBeGreaterThanOrEqual(granted.body.position);

    const application = await ledger
      .http()
      .get(`/v1/licence-applications/${applicationId}?minPosition=${granted.body.position}`)
      .set('Authorization', officer);
    expect(application.body).toMatchObject({ applicationId, stage: 'granted', licenceNumber: '浙B2-20201234' });

    const history = await ledger
      .http()
      .get(`/v1/enterprises/${USCC_A}/history?minPosition=${granted.body.position}`)
      .set('Authorization', officer);
    expect(history.status).toBe(200);
    expect(history.body.items.map((i: { type: string }) => i.type)).toEqual([
      'EnterpriseRegistered',
      'LicenceApplicationSubmitted',
      'LicenceApplicationAccepted',
      'SiteInspectionRecorded',
      'LicenceGranted',
    ]);
    for (const item of history.body.items) expect(item.actor).toBe('officer-zhang');
    expect(history.body.items[0].documentNo).toBe('浙通信〔2020〕1号');
    expect(history.body.items[4].documentNo).toBe('浙通信许〔2020〕88号');
    expect(history.body.items[3].effectiveAt).toBe('2020-08-31T16:00:00.000Z');
  });

  it('names every bad field in one 400', async () => {
    const response = await post('/v1/licence-applications', { uscc: 'nope', scope: 'galactic', coverage: [], extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.violations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['uscc', 'scope', 'coverage', 'serviceModel', 'approvalPath', 'commitments', 'extra']));
  });

  it('refuses an application without the no-marketing-outbound commitment with its rule code', async () => {
    const response = await post('/v1/licence-applications', {
      uscc: USCC_A,
      scope: 'domestic',
      coverage: ['330000'],
      serviceModel: 'seat-rental',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: false },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('MARKETING_OUTBOUND_FORBIDDEN');
  });

  it('replays an idempotent command and refuses the key for a different body', async () => {
    const key = randomUUID();
    const body = { uscc: '914403001922038216', name: '深圳某某', province: '440000' };
    const first = await post('/v1/enterprises', body, { 'Idempotency-Key': key });
    const again = await post('/v1/enterprises', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await post('/v1/enterprises', { ...body, name: '另一个' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('replays a repeated command that would go through again, once written, whatever has happened since', async () => {
    const key = randomUUID();
    const report = { year: 2021, reportedOn: '2022-03-01' };
    const first = await post(`/v1/enterprises/${USCC_A}/annual-reports`, report, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    await post(`/v1/enterprises/${USCC_A}/annual-reports`, { year: 2022, reportedOn: '2023-03-01' });
    // The stream has moved on, so the If-Match the client first sent is stale: still the first answer.
    const again = await post(`/v1/enterprises/${USCC_A}/annual-reports`, report, {
      'Idempotency-Key': key,
      'If-Match': `"${first.body.version - 1}"`,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const stream = await ledger.http().get(`/v1/streams/enterprise-${USCC_A}/events`).set('Authorization', officer);
    expect(stream.body.items.filter((e: { data: { year?: number } }) => e.data.year === 2021)).toHaveLength(1);

    // An id the server makes: the repeat would make another, and is still the same request.
    const application = {
      uscc: USCC_A,
      scope: 'domestic',
      coverage: ['330000'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
    };
    const applicationKey = randomUUID();
    const submitted = await post('/v1/licence-applications', application, { 'Idempotency-Key': applicationKey });
    const resubmitted = await post('/v1/licence-applications', application, { 'Idempotency-Key': applicationKey });
    expect(submitted.status).toBe(201);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.streamId).toBe(submitted.body.streamId);
  });

  it('answers 409 when If-Match does not match the stream version', async () => {
    const response = await post(
      `/v1/enterprises/${USCC_A}/annual-reports`,
      { year: 2020, reportedOn: '2021-03-01' },
      { 'If-Match': '"7"' },
    );
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CONCURRENCY_CONFLICT');
  });

  it('refuses requests without a valid token, and roles that may not command', async () => {
    expect((await ledger.http().post('/v1/enterprises').send({})).status).toBe(401);
    const auditor = await ledger
      .http()
      .post('/v1/enterprises')
      .set('Authorization', `Bearer ${ledger.token('auditor')}`)
      .send({});
    expect(auditor.status).toBe(403);
    expect(auditor.body.code).toBe('FORBIDDEN');
    expect((await ledger.http().get('/health/live')).status).toBe(200);
  });
});

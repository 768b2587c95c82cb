import { randomUUID } from 'node:crypto';
import { signToken } from '@ledger/auth';
import { grantLicence } from '../support/licences';
import { startTestLedger, TEST_SECRET, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Jurisdiction (docs/domain.md §1, docs/http-contract.md Conventions): the authority is the officer token's `org`, and
 * an authority acts only on what it issued: MIIT on cross-regional licences (B2-…) and 95 numbers,
 * a province on its own licences (京B2-… for 110000) and its 96 numbers (110000-96…). An officer
 * token without `org` may read but not decide. Refusals are 403 FORBIDDEN.
 */
describe('jurisdiction over HTTP', () => {
  let ledger: TestLedger;
  let miit: string;
  let beijing: string;
  let shanghai: string;

  const post = (path: string, body: object, auth: string) => ledger.http().post(path).set('Authorization', auth).send(body);
  const get = (path: string, auth: string) => ledger.http().get(path).set('Authorization', auth);
  const licence = (no: string) => `/v1/licences/${encodeURIComponent(no)}`;
  const forbidden = (response: { status: number; body: { code?: string; detail?: string } }, detail: RegExp) => {
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(response.body.detail).toMatch(detail);
  };

  beforeAll(async () => {
    ledger = await startTestLedger('jurisdiction');
    miit = `Bearer ${ledger.token('officer', { sub: 'officer-miit' })}`;
    beijing = `Bearer ${ledger.token('officer', { org: '110000', sub: 'officer-beijing' })}`;
    shanghai = `Bearer ${ledger.token('officer', { org: '310000', sub: 'officer-shanghai' })}`;
    await post('/v1/enterprises', { uscc: USCC_A, name: '北京某某呼叫中心有限公司', province: '110000' }, miit).expect(201);
    // Enterprise registration is on nothing an authority issued: any authority records it.
    await post('/v1/enterprises', { uscc: USCC_B, name: '上海某某呼叫中心有限公司', province: '310000' }, shanghai).expect(201);
    await grantLicence((path, body) => post(path, body, miit), USCC_A, 'B2-20200001', ['nationwide']);
    await grantLicence((path, body) => post(path, body, beijing), USCC_A, '京B2-20200002', ['110000']);
  });
  afterAll(() => ledger?.close());

  it('lets an officer token without org read but not decide', async () => {
    const readOnly = `Bearer ${ledger.token('officer', { org: null, sub: 'officer-desk' })}`;
    await get('/v1/enterprises', readOnly).expect(200);
    await get(licence('B2-20200001'), readOnly).expect(200);
    // Refused before anything is read: not 409 ALREADY_EXISTS for an enterprise already registered.
    forbidden(
      await post('/v1/enterprises', { uscc: USCC_A, name: '北京某某', province: '110000' }, readOnly),
      /names no authority.*may read but not decide/,
    );
    forbidden(
      await post(`${licence('B2-20200001')}/suspensions`, { reason: '暂停', effectiveOn: '2021-03-01' }, readOnly),
      /names no authority.*may read but not decide/,
    );
    forbidden(await post('/v1/cases', { uscc: USCC_A, origin: 'complaint', summary: '投诉' }, readOnly), /may read but not decide/);
  });

  it('refuses (401) an officer token whose org is no authority, as a broken token', async () => {
    for (const org of ['CT', USCC_A, 'miit', '110100']) {
      const token = signToken({ sub: 'x', roles: ['officer'], org }, TEST_SECRET, { expiresInSeconds: 60 });
      const response = await get('/v1/enterprises', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/officer's org is its authority/);
    }
  });

  it('refuses MIIT acting on a provincial licence, and a province on a cross-regional one', async () => {
    forbidden(
      await post(`${licence('京B2-20200002')}/suspensions`, { reason: '暂停', effectiveOn: '2021-03-01' }, miit),
      /京B2-20200002.*北京市 \(110000\).*not of MIIT/,
    );
    forbidden(
      await post(`${licence('B2-20200001')}/suspensions`, { reason: '暂停', effectiveOn: '2021-03-01' }, beijing),
      /B2-20200001.*MIIT.*not of 北京市/,
    );
    forbidden(
      await post(`${licence('京B2-20200002')}/suspensions`, { reason: '暂停', effectiveOn: '2021-03-01' }, shanghai),
      /not of 上海市/,
    );
    // Nothing was written.
    expect((await get(licence('京B2-20200002'), miit).expect(200)).body).toMatchObject({ status: 'valid' });
  });

  it('lets Beijing act on its own licence and its own 96 numbers, and MIIT on 95 numbers only', async () => {
    await post(`${licence('京B2-20200002')}/suspensions`, { reason: '整改期间暂停', effectiveOn: '2021-03-01' }, beijing).expect(201);
    await post(`${licence('京B2-20200002')}/reinstatements`, { reason: '整改完成', effectiveOn: '2021-04-01' }, beijing).expect(201);

    await post('/v1/numbers', { number: '96100', province: '110000', uscc: USCC_A, allocatedOn: '2021-05-01' }, beijing).expect(201);
    await post(
      '/v1/numbers/110000-96100/filings',
      { carrier: 'CT', purpose: '客服热线', inbound: true, outbound: false, effectiveAt: '2021-05-02' },
      beijing,
    ).expect(201);
    forbidden(
      await post('/v1/numbers', { number: '96101', province: '110000', uscc: USCC_A, allocatedOn: '2021-05-01' }, miit),
      /110000-96101.*not of MIIT/,
    );
    forbidden(
      await post('/v1/numbers/110000-96100/reclamations', { reason: '收回', effectiveAt: '2021-06-01' }, shanghai),
      /not of 上海市/,
    );

    await post('/v1/numbers', { number: '95100', uscc: USCC_A, allocatedOn: '2021-05-01' }, miit).expect(201);
    forbidden(await post('/v1/numbers', { number: '95101', uscc: USCC_A, allocatedOn: '2021-05-01' }, beijing), /95101.*MIIT/);
  });

  it('gives an application for one province to that province, and for several or nationwide to MIIT', async () => {
    const application = (coverage: string[]) => ({
      uscc: USCC_B,
      scope: 'domestic',
      coverage,
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
    });
    forbidden(await post('/v1/licence-applications', application(['310000']), miit), /application covering 310000.*上海市/);
    forbidden(await post('/v1/licence-applications', application(['nationwide']), shanghai), /MIIT/);
    forbidden(await post('/v1/licence-applications', application(['310000', '320000']), shanghai), /MIIT/);
    await post('/v1/licence-applications', application(['310000', '320000']), miit).expect(201);

    // A province grants its own licence numbers only, even on its own application.
    const applicationId = randomUUID();
    await post('/v1/licence-applications', { ...application(['310000']), applicationId, effectiveAt: '2021-01-04' }, shanghai).expect(201);
    await post(
      `/v1/licence-applications/${applicationId}/acceptance`,
      { decision: 'accepted', effectiveAt: '2021-01-05' },
      shanghai,
    ).expect(201);
    forbidden(
      await post(
        `/v1/licence-applications/${applicationId}/site-inspections`,
        { inspectedOn: '2021-01-10', inspectors: ['王'], result: 'passed' },
        beijing,
      ),
      /not of 北京市/,
    );
    await post(
      `/v1/licence-applications/${applicationId}/site-inspections`,
      { inspectedOn: '2021-01-10', inspectors: ['王'], result: 'passed' },
      shanghai,
    ).expect(201);
    const decision = { decision: 'granted', validUntil: '2026-01-10', effectiveAt: '2021-01-11' };
    forbidden(
      await post(`/v1/licence-applications/${applicationId}/decision`, { ...decision, licenceNumber: 'B2-20210009' }, shanghai),
      /B2-20210009.*MIIT/,
    );
    await post(`/v1/licence-applications/${applicationId}/decision`, { ...decision, licenceNumber: '沪B2-20210009' }, shanghai).expect(201);
    await post(`${licence('沪B2-20210009')}/suspensions`, { reason: '暂停', effectiveOn: '2021-03-01' }, shanghai).expect(201);
  });

  it('refuses a revocation penalty naming a licence of another authority, and records the deciding authority', async () => {
    const caseId = randomUUID();
    // Cases, interviews and circulars are on no licence: any authority may record them.
    await post(
      '/v1/cases',
      { caseId, uscc: USCC_A, origin: 'complaint', violation: 'harassment-calls', summary: '骚扰电话投诉', effectiveAt: '2022-01-05' },
      beijing,
    ).expect(201);
    const penalty = (licenceNumber: string) => ({
      penaltyId: randomUUID(),
      decidedOn: '2022-02-01',
      documentNo: '京通管罚〔2022〕1号',
      legalBasis: ['中华人民共和国电信条例'],
      measures: [
        { type: 'fine', amountCny: 10_000 },
        { type: 'licence-revocation', licenceNumber },
      ],
    });
    forbidden(await post(`/v1/cases/${caseId}/penalties`, penalty('B2-20200001'), beijing), /B2-20200001.*MIIT.*not of 北京市/);
    forbidden(await post(`/v1/cases/${caseId}/penalties`, penalty('京B2-20200002'), miit), /京B2-20200002.*not of MIIT/);

    const imposed = await post(`/v1/cases/${caseId}/penalties`, penalty('京B2-20200002'), beijing).expect(201);
    const events = (await get(`/v1/streams/case-${caseId}/events?minPosition=${imposed.body.position}`, beijing).expect(200)).body
      .items as Array<{
      type: string;
      data: { authority?: string };
      metadata: { org?: string };
    }>;
    const imposedEvent = events.find((e) => e.type === 'PenaltyImposed');
    expect(imposedEvent).toMatchObject({ data: { authority: '北京市通信管理局' }, metadata: { org: '110000' } });

    // Its follow-ups carry Beijing's authority and go through: the licence is revoked.
    const revoked = async () => (await get(licence('京B2-20200002'), miit).expect(200)).body.status === 'revoked';
    for (let i = 0; i < 100 && !(await revoked()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const [revocation] = (await get(`/v1/enterprises/${USCC_A}/history?types=LicenceRevoked`, miit).expect(200)).body.items as Array<{
      streamId: string;
    }>;
    const stream = (await get(`/v1/streams/${revocation!.streamId}/events`, miit).expect(200)).body.items as Array<{
      type: string;
      metadata: object;
    }>;
    expect(stream.find((e) => e.type === 'LicenceRevoked')).toMatchObject({
      metadata: { org: '110000', roles: ['system'], actor: 'system:penalty-process-manager' },
    });
  });

  it('lets the follow-ups of a decision recorded before authorities were (org null) go through', async () => {
    await post(
      '/v1/numbers/95100/filings',
      { carrier: 'CT', purpose: '客服热线', inbound: true, outbound: false, effectiveAt: '2021-05-02' },
      miit,
    ).expect(201);
    const { applicationId } = (await get(licence('B2-20200001'), miit).expect(200)).body as { applicationId: string };
    // As an older release wrote it: an officer's revocation with no org in its metadata.
    const old = await ledger.runtime.store.append(`licence-application-${applicationId}`, 'exists', [
      {
        type: 'LicenceRevoked',
        data: {
          applicationId,
          uscc: USCC_A,
          licenceNumber: 'B2-20200001',
          revokedOn: '2023-01-10',
          reason: '吊销',
          ground: 'decision',
          penaltyId: null,
          caseId: null,
        },
        metadata: { actor: 'officer-release-1', roles: ['officer'], correlationId: randomUUID() },
        effectiveAt: new Date('2023-01-10T10:00:00+08:00').toISOString(),
      },
    ]);
    const reclaimed = async () =>
      (await get(`/v1/numbers/95100?minPosition=${old.position}`, miit).expect(200)).body.status === 'reclaimed';
    for (let i = 0; i < 100 && !(await reclaimed()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const stream = (await get('/v1/streams/number-95100/events', miit).expect(200)).body.items as Array<{ type: string; metadata: object }>;
    expect(stream.find((e) => e.type === 'NumberReclaimed')).toMatchObject({ metadata: { org: null, roles: ['system'] } });
  });
});

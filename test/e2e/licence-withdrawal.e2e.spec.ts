import { randomUUID } from 'node:crypto';
import { licenceApplicationStreamId } from '@ledger/regulation/licensing';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/*
 * 撤销 (withdrawal, not a penalty) over HTTP: the endpoint, the status every reader shows, the bar
 * a withdrawal for fraud puts on new applications, the renewal window, and revocations an older
 * release recorded for a failed 告知承诺 verification, read as the withdrawals they were.
 */
describe('licence withdrawal (撤销) over HTTP', () => {
  let ledger: TestLedger;
  /** Zhejiang's administration (330000) issues the 浙B2 licences here; MIIT the cross-regional B2 one. */
  let officer: string;
  let miit: string;

  beforeAll(async () => {
    ledger = await startTestLedger('licence_withdrawal');
    officer = `Bearer ${ledger.token('officer', { sub: 'officer-zhang', org: '330000' })}`;
    miit = `Bearer ${ledger.token('officer', { sub: 'officer-miit' })}`;
    for (const [uscc, name] of [
      [USCC_A, '杭州某某呼叫中心有限公司'],
      [USCC_B, '深圳某某呼叫中心有限公司'],
    ] as const) {
      expect((await post('/v1/enterprises', { uscc, name, province: '330000' })).status).toBe(201);
    }
  });
  afterAll(() => ledger?.close());

  const post = (path: string, body: object, as = officer) => ledger.http().post(path).set('Authorization', as).send(body);
  const get = (path: string) => ledger.http().get(path).set('Authorization', officer);
  const licencePath = (no: string) => `/v1/licences/${encodeURIComponent(no)}`;

  const apply = (
    uscc: string,
    approvalPath: 'standard' | 'commitment',
    effectiveAt: string,
    applicationId = randomUUID(),
    coverage = ['330000'],
    as = officer,
  ) =>
    post(
      '/v1/licence-applications',
      {
        applicationId,
        uscc,
        scope: 'domestic',
        coverage,
        serviceModel: 'operated',
        approvalPath,
        ...(approvalPath === 'commitment' ? { freeTradeZone: '中国（浙江）自由贸易试验区' } : {}),
        commitments: { noMarketingOutbound: true },
        effectiveAt,
      },
      as,
    );

  /** A licence granted on `grantedOn` (a standard one after a passed inspection), valid to 2030-09-30. */
  async function grant(
    uscc: string,
    licenceNumber: string,
    approvalPath: 'standard' | 'commitment',
    grantedOn: string,
    coverage = ['330000'],
    as = officer,
  ): Promise<string> {
    const applicationId = randomUUID();
    expect((await apply(uscc, approvalPath, grantedOn, applicationId, coverage, as)).status).toBe(201);
    const path = `/v1/licence-applications/${applicationId}`;
    expect((await post(`${path}/acceptance`, { decision: 'accepted', effectiveAt: grantedOn }, as)).status).toBe(201);
    if (approvalPath === 'standard') {
      expect(
        (await post(`${path}/site-inspections`, { inspectedOn: grantedOn, inspectors: ['王检查'], result: 'passed' }, as)).status,
      ).toBe(201);
    }
    const granted = await post(
      `${path}/decision`,
      { decision: 'granted', licenceNumber, validUntil: '2030-09-30', effectiveAt: grantedOn },
      as,
    );
    expect(granted.status).toBe(201);
    return applicationId;
  }

  it('withdraws a licence obtained by fraud, which every reader shows as withdrawn, and bars new applications', async () => {
    await grant(USCC_A, '浙B2-20200001', 'standard', '2020-09-20');

    const withdrawn = await post(`${licencePath('浙B2-20200001')}/withdrawal`, {
      decidedOn: '2021-03-01',
      reason: '以提交虚假材料方式取得许可',
      fraud: true,
      documentNo: '浙通信撤〔2021〕3号',
    });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body.events.map((e: { type: string }) => e.type)).toEqual(['LicenceWithdrawn']);
    const at = withdrawn.body.position;
    const [event] = await ledger.runtime.store.readPositions(at, at);
    expect(event).toMatchObject({
      data: { withdrawnOn: '2021-03-01', fraud: true, ground: 'decision' },
      metadata: { documentNo: '浙通信撤〔2021〕3号' },
    });

    expect((await get(`${licencePath('浙B2-20200001')}?minPosition=${at}`)).body).toMatchObject({ status: 'withdrawn' });
    const listed = await get(`/v1/licences?status=withdrawn&uscc=${USCC_A}&minPosition=${at}`);
    expect(listed.body.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toEqual(['浙B2-20200001']);
    expect((await get(`/v1/licences?status=revoked&uscc=${USCC_A}`)).body.items).toEqual([]);
    expect((await get(`${licencePath('浙B2-20200001')}?validAt=2021-02-28`)).body).toMatchObject({ status: 'valid' });
    expect((await get(`${licencePath('浙B2-20200001')}?validAt=2021-03-02`)).body).toMatchObject({ status: 'withdrawn' });

    const again = await post(`${licencePath('浙B2-20200001')}/withdrawal`, { decidedOn: '2021-04-01', reason: '重复', fraud: false });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'INVALID_TRANSITION' });

    const barred = await apply(USCC_A, 'standard', '2024-02-29');
    expect(barred.status).toBe(422);
    expect(barred.body).toMatchObject({ code: 'WITHDRAWAL_BAR' });
    expect(barred.body.detail).toContain('2024-03-01');
    expect((await apply(USCC_A, 'standard', '2024-03-01')).status).toBe(201);
  });

  it('refuses a withdrawal without its decision date, reason or fraud flag', async () => {
    const missing = await post(`${licencePath('浙B2-20200001')}/withdrawal`, { reason: '缺少字段' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(missing.body.violations.map((v: { field: string }) => v.field)).toEqual(expect.arrayContaining(['decidedOn', 'fraud']));
    expect(
      (await post(`${licencePath('浙B2-20209999')}/withdrawal`, { decidedOn: '2021-03-01', reason: '无此许可', fraud: false })).status,
    ).toBe(404);
  });

  it('withdraws, not revokes, a licence whose 告知承诺 verification failed', async () => {
    await grant(USCC_B, '浙B2-20200002', 'commitment', '2020-09-20');
    const failed = await post(`${licencePath('浙B2-20200002')}/commitment-verifications`, {
      verifiedOn: '2020-10-20',
      result: 'failed',
      findings: ['承诺不实'],
    });
    expect(failed.status).toBe(201);
    expect(failed.body.events.map((e: { type: string }) => e.type)).toEqual(['CommitmentVerificationRecorded', 'LicenceWithdrawn']);
    expect((await get(`${licencePath('浙B2-20200002')}?minPosition=${failed.body.position}`)).body).toMatchObject({ status: 'withdrawn' });
    // Not for fraud: the enterprise may apply again at once.
    expect((await apply(USCC_B, 'standard', '2020-11-01')).status).toBe(201);
  });

  it('reads a revocation an older release recorded for a failed verification as a withdrawal, in every reader', async () => {
    const applicationId = await grant(USCC_B, '浙B2-20200003', 'commitment', '2020-09-20');
    const streamId = licenceApplicationStreamId(applicationId);
    // As that release wrote it, byte for byte: LicenceRevoked at schema version 1.
    const old = await ledger.runtime.store.append(streamId, 'exists', [
      {
        type: 'LicenceRevoked',
        schemaVersion: 1,
        data: {
          applicationId,
          uscc: USCC_B,
          licenceNumber: '浙B2-20200003',
          revokedOn: '2020-11-01',
          reason: 'The verification after approval on commitment (告知承诺) found the commitments were not met.',
          ground: 'commitment-verification-failed',
          penaltyId: null,
          caseId: null,
        },
        metadata: { actor: 'officer-release-1', roles: ['officer'], correlationId: randomUUID() },
        effectiveAt: new Date('2020-11-01T10:00:00+08:00').toISOString(),
      },
    ]);

    expect((await get(`${licencePath('浙B2-20200003')}?minPosition=${old.position}`)).body).toMatchObject({ status: 'withdrawn' });
    expect((await get(`${licencePath('浙B2-20200003')}?validAt=2020-11-02`)).body).toMatchObject({ status: 'withdrawn' });
    expect((await get(`${licencePath('浙B2-20200003')}?validAt=2020-10-31`)).body).toMatchObject({ status: 'valid' });
    const application = await get(`/v1/licence-applications/${applicationId}?minPosition=${old.position}`);
    expect(application.body.licence).toMatchObject({ standing: 'withdrawn', withdrawal: { withdrawnOn: '2020-11-01', fraud: false } });
    const listed = await get(`/v1/licences?status=withdrawn&uscc=${USCC_B}&minPosition=${old.position}`);
    expect(listed.body.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toContain('浙B2-20200003');

    // The log keeps what was written.
    const [stored] = await ledger.runtime.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    expect(stored).toMatchObject({ type: 'LicenceRevoked', schemaVersion: 1, data: { ground: 'commitment-verification-failed' } });
  });

  it('adds provinces to a licence only after a site inspection recorded since the grant', async () => {
    // A cross-regional licence (two provinces), so MIIT's: jurisdiction (docs/domain.md §1).
    const applicationId = await grant(USCC_B, 'B2-20200005', 'standard', '2020-09-20', ['320000', '330000'], miit);
    const widen = (effectiveAt: string) =>
      post(`${licencePath('B2-20200005')}/variations`, { coverage: ['310000', '320000', '330000'], effectiveAt }, miit);
    const uninspected = await widen('2021-01-05');
    expect(uninspected.status).toBe(422);
    expect(uninspected.body).toMatchObject({ code: 'SITE_INSPECTION_REQUIRED' });
    const inspected = await post(
      `/v1/licence-applications/${applicationId}/site-inspections`,
      { inspectedOn: '2021-01-10', inspectors: ['王检查'], result: 'passed' },
      miit,
    );
    expect(inspected.status).toBe(201);
    const widened = await widen('2021-01-11');
    expect(widened.status).toBe(201);
    expect((await get(`${licencePath('B2-20200005')}?minPosition=${widened.body.position}`)).body).toMatchObject({
      coverage: ['310000', '320000', '330000'],
    });
  });

  it('renews only in the window before expiry', async () => {
    await grant(USCC_B, '浙B2-20200004', 'standard', '2020-09-20');
    const early = await post(`${licencePath('浙B2-20200004')}/renewals`, { validUntil: '2035-09-30', effectiveAt: '2025-01-01' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'RENEWAL_WINDOW' });
  });
});

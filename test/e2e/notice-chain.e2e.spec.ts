import { randomUUID } from 'node:crypto';
import { startTestLedger, type TestLedger } from '../support/test-ledger';
import { untilLogVisible } from '../support/visibility';

const USCC = '91330100716105852F';
const OTHER = '914403001922038216';

/**
 * The whole chain of the Notice (工信部信管〔2020〕81号) through HTTP: licence → number filing →
 * access contract → complaint case → interview → penalty → dishonest list → a refused access
 * request, recorded → a new licence application refused.
 */
describe('the chain of the Notice, end to end', () => {
  let ledger: TestLedger;
  let officer: string;
  let carrier: string;

  beforeAll(async () => {
    ledger = await startTestLedger('notice_chain');
    officer = `Bearer ${ledger.token('officer', { sub: 'officer-li' })}`;
    carrier = `Bearer ${ledger.token('carrier', { org: 'CT', sub: 'ct-access-desk' })}`;
  });
  afterAll(() => ledger?.close());

  const post = (path: string, body: object, auth = officer) => ledger.http().post(path).set('Authorization', auth).send(body);
  const get = (path: string, auth = officer) => ledger.http().get(path).set('Authorization', auth);

  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const application = (uscc: string, effectiveAt: string) => ({
    applicationId: randomUUID(),
    uscc,
    scope: 'domestic',
    coverage: ['nationwide'],
    serviceModel: 'operated',
    approvalPath: 'standard',
    commitments: { noMarketingOutbound: true },
    effectiveAt,
  });

  it('walks every link and the history shows all of it in order', async () => {
    await post('/v1/enterprises', { uscc: USCC, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2020-01-02' }).expect(
      201,
    );
    const app = application(USCC, '2020-03-01');
    await post('/v1/licence-applications', app).expect(201);
    await post(`/v1/licence-applications/${app.applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2020-03-05' }).expect(201);
    await post(`/v1/licence-applications/${app.applicationId}/site-inspections`, {
      inspectedOn: '2020-03-20',
      inspectors: ['王', '李'],
      result: 'passed',
    }).expect(201);
    await post(`/v1/licence-applications/${app.applicationId}/decision`, {
      decision: 'granted',
      licenceNumber: 'B2-20200042',
      validUntil: '2030-03-31',
      documentNo: '工信部许〔2020〕42号',
      effectiveAt: '2020-04-01',
    }).expect(201);

    await post('/v1/numbers', { number: '95042', uscc: USCC, allocatedOn: '2020-04-10' }).expect(201);
    await post('/v1/numbers/95042/filings', {
      carrier: 'CT',
      purpose: '客户服务',
      inbound: true,
      outbound: false,
      effectiveAt: '2020-04-15',
    }).expect(201);
    await post('/v1/access-contracts', { carrier: 'CT', uscc: USCC, numbers: ['95042'], verifiedOn: '2020-05-01' }, carrier).expect(201);

    const caseId = randomUUID();
    await post('/v1/cases', {
      caseId,
      uscc: USCC,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '利用95042拨打骚扰电话',
      numbers: ['95042'],
      effectiveAt: '2025-01-05',
    }).expect(201);
    await post(`/v1/cases/${caseId}/interviews`, {
      heldOn: '2025-01-20',
      attendees: ['企业负责人', 'officer-li'],
      minutes: '约谈企业，责令整改',
      commitments: ['停止营销外呼'],
      documentNo: '工信约〔2021〕3号',
    }).expect(201);
    const penaltyId = randomUUID();
    const penalty = await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId,
      decidedOn: '2025-03-01',
      documentNo: '工信罚〔2021〕7号',
      legalBasis: ['电信条例 第六十九条'],
      measures: [
        { type: 'fine', amountCny: 100000 },
        { type: 'licence-revocation', licenceNumber: 'B2-20200042' },
        { type: 'number-reclamation', numberId: '95042' },
      ],
      authority: '工业和信息化部',
    });
    expect(penalty.status).toBe(201);
    const penaltyEventId = penalty.body.events[0].eventId;

    // The process manager lists the enterprise and revokes its licence without anyone asking.
    const check = await until(
      () => get(`/v1/credit-list/check/${USCC}`, carrier),
      (r) => r.body.listed === true,
    );
    expect(check.body).toMatchObject({ listed: true, lists: ['dishonest'] });
    expect(check.body.entries[0]).toMatchObject({
      listedOn: '2025-03-01',
      expiresOn: '2030-03-01',
      penaltyId,
      caseId,
      authority: '工业和信息化部',
    });
    const licence = await until(
      () => get('/v1/licences/B2-20200042'),
      (r) => r.body.status === 'revoked',
    );
    expect(licence.body.status).toBe('revoked');
    const number = await until(
      () => get('/v1/numbers/95042'),
      (r) => r.body.status === 'reclaimed',
    );
    expect(number.body.status).toBe('reclaimed');

    const refused = await post(
      '/v1/access-contracts',
      { carrier: 'CT', uscc: USCC, numbers: ['95042'], verifiedOn: '2025-03-10' },
      carrier,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.violations.map((v: { code: string }) => v.code)).toEqual(
      expect.arrayContaining(['CREDIT_CONSTRAINT', 'LICENCE_NOT_VALID']),
    );

    const again = await post('/v1/licence-applications', application(USCC, '2025-04-01'));
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('CREDIT_CONSTRAINT');

    // The reclaimed number leaves the contract that gave access to it, which then has none left.
    await until(
      () => get(`/v1/enterprises/${USCC}/history?types=AccessTerminated`),
      (r) => r.body.items.length === 1,
    );
    const history = await get(`/v1/enterprises/${USCC}/history?minPosition=${refused.body.position}&limit=500`).expect(200);
    const types = history.body.items.map((i: { type: string }) => i.type);
    expect(types.slice(0, 11)).toEqual([
      'EnterpriseRegistered',
      'LicenceApplicationSubmitted',
      'LicenceApplicationAccepted',
      'SiteInspectionRecorded',
      'LicenceGranted',
      'NumberAllocated',
      'NumberFiled',
      'AccessContractSigned',
      'CaseOpened',
      'InterviewHeld',
      'PenaltyImposed',
    ]);
    expect(types.slice(11).sort()).toEqual([
      'AccessNumberRemoved',
      'AccessRefused',
      'AccessTerminated',
      'CreditListEntryAdded',
      'LicenceRevoked',
      'NumberReclaimed',
    ]);
    // Each consequence is caused by the penalty, or by a consequence of it: the revoked licence
    // reclaims its number (whichever process manager records that first), the number leaves the contract.
    const byId = new Map(history.body.items.map((i: { eventId: string; causationId: string | null }) => [i.eventId, i]));
    const causedByPenalty = (item: { causationId: string | null }): boolean =>
      item.causationId === penaltyEventId ||
      (byId.has(item.causationId ?? '') && causedByPenalty(byId.get(item.causationId ?? '') as { causationId: string | null }));
    for (const item of history.body.items.slice(11).filter((i: { type: string }) => i.type !== 'AccessRefused')) {
      expect(causedByPenalty(item)).toBe(true);
      expect(['system:penalty-process-manager', 'system:licence-consequences']).toContain(item.actor);
    }
    const positions = history.body.items.map((i: { position: number }) => i.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('sees a listing committed just before an access request', async () => {
    await post('/v1/enterprises', { uscc: OTHER, name: '深圳某某', province: '440000' }).expect(201);
    const caseId = randomUUID();
    await post('/v1/cases', {
      caseId,
      uscc: OTHER,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2025-04-01',
    }).expect(201);
    const interview = await post(`/v1/cases/${caseId}/interviews`, {
      heldOn: '2025-04-10',
      attendees: ['法定代表人'],
      minutes: '约谈骚扰电话问题',
    }).expect(201);
    const basis = { eventId: interview.body.events[0].eventId };
    await post('/v1/credit-list/entries', {
      uscc: OTHER,
      list: 'dishonest',
      reason: '骚扰电话，约谈后拒不整改',
      listedOn: '2025-05-01',
      basis,
    }).expect(201);
    const refused = await post(
      '/v1/access-contracts',
      { carrier: 'CT', uscc: OTHER, numbers: ['95042'], verifiedOn: '2025-05-02' },
      carrier,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.violations.map((v: { code: string }) => v.code)).toContain('CREDIT_CONSTRAINT');
  });

  it('replays the log through the process manager without acting twice', async () => {
    await untilLogVisible(ledger.runtime.store);
    const before = await ledger.runtime.store.readAll({ limit: 10_000 });
    await ledger.runtime.dataSource.query(`delete from ledger.consumer_checkpoints where name = 'process:penalties'`);
    await ledger.restart();
    const lastPenalty = before.filter((e) => e.type === 'PenaltyImposed').pop()!.position;
    const replayed = await until(
      async () =>
        (await ledger.runtime.dataSource.query(
          `select position from ledger.consumer_checkpoints where name = 'process:penalties'`,
        )) as Array<{ position: string }>,
      (rows) => rows.length > 0 && Number(rows[0]!.position) >= lastPenalty,
    );
    expect(Number(replayed[0]!.position)).toBeGreaterThanOrEqual(lastPenalty);
    const after = await ledger.runtime.store.readAll({ limit: 10_000 });
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  });
});

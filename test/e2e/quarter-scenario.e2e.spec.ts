import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { canonicalJson, hashLeaf, verifyInclusion, verifyTreeHead } from '@ledger/integrity';
import { renderReason, usccCheckCharacter } from '@ledger/regulation/shared';
import { grantLicence } from '../support/licences';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 18, "Done when": a quarter (2025-Q3) as Zhejiang's communications administration runs it
 * with the ledger. Every act is dated inside the quarter and recorded now, so the worklists and
 * statistics are asked at a day of the quarter (validAt), as recorded before some act (asOf), and
 * today, and each answer is what the scenario did by then.
 */
const uscc = (n: number) => {
  const first17 = `91330100MA27${String(n).padStart(5, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};
const HANGZHOU = USCC_A; // Zhejiang licensee
const NINGBO = uscc(1); // Zhejiang licensee
const WENZHOU = uscc(2); // Zhejiang licensee
const SHENZHEN = USCC_B; // MIIT licensee: not in Zhejiang's pool
const UNLICENSED = uscc(3); // registered in Zhejiang, no licence

const VIOLATIONS = [
  'harassment-calls',
  'marketing-outbound',
  'number-transfer-or-lease',
  'trunk-resale',
  'number-concealment',
  'records-not-kept',
  'personal-information',
  'unlicensed-operation',
  'annual-report',
  'other',
] as const;

describe('a quarter of a provincial administration (issue 18)', () => {
  let ledger: TestLedger;
  let miit: string;
  let zhejiang: string;
  let auditor: string;
  let last = 0;
  const moments: Record<string, string> = {};
  const cases = Object.fromEntries(VIOLATIONS.map((v) => [v, randomUUID()])) as Record<(typeof VIOLATIONS)[number], string>;
  const carrierCase = randomUUID();
  const verifiedOrder = randomUUID();
  const overdueOrder = randomUUID();
  const penaltyId = randomUUID();
  let drawId = '';

  beforeAll(async () => {
    ledger = await startTestLedger('quarter_scenario');
    miit = `Bearer ${ledger.token('officer')}`;
    zhejiang = `Bearer ${ledger.token('officer', { org: '330000', sub: 'officer-zj' })}`;
    auditor = `Bearer ${ledger.token('auditor')}`;
  });
  afterAll(() => ledger?.close());

  const send = (path: string, body: object, token = zhejiang) => ledger.http().post(path).set('Authorization', token).send(body);
  async function post(path: string, body: object, token = zhejiang) {
    const response = await send(path, body, token);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  const ask = (path: string, token = zhejiang) =>
    ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', token);
  async function get(path: string, token = zhejiang) {
    const response = await ask(path, token);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  /** A moment after everything recorded so far and before anything recorded next. */
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
  /** The bytes as sent, whatever the type: the digests are over them. */
  const download = (path: string, token = zhejiang) =>
    ask(path, token)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const at = (validAt: string, asOf?: string) => `validAt=${validAt}${asOf ? `&asOf=${encodeURIComponent(moments[asOf]!)}` : ''}`;
  const listed = (list: string) =>
    until(
      () => get(`/v1/credit-list?list=${list}&uscc=${NINGBO}`),
      (body) => body.items.length === 1,
    );

  it('draws over the licensees of Zhejiang only, and records what two inspections found and the case a third opened', async () => {
    for (const [code, name, province] of [
      [HANGZHOU, '杭州某某呼叫中心有限公司', '330000'],
      [NINGBO, '宁波某某信息服务有限公司', '330000'],
      [WENZHOU, '温州某某科技有限公司', '330000'],
      [SHENZHEN, '深圳某某', '440000'],
      [UNLICENSED, '湖州某某', '330000'],
    ]) {
      await post('/v1/enterprises', { uscc: code, name, province, effectiveAt: '2020-01-02' }, miit);
    }
    await grantLicence((path, body) => send(path, body), HANGZHOU, '浙B2-20200001', ['330000']);
    await grantLicence((path, body) => send(path, body), NINGBO, '浙B2-20200002', ['330000']);
    await grantLicence((path, body) => send(path, body), WENZHOU, '浙B2-20200003', ['330000']);
    await grantLicence((path, body) => send(path, body, miit), SHENZHEN, 'B2-20200004', ['nationwide']);

    const drawn = await post('/v1/inspection-draws', {
      seed: '2025-Q3-浙',
      sampleSize: 3,
      inspectors: ['张', '王', '赵'],
      inspectorsPerEnterprise: 2,
      effectiveAt: '2025-07-01',
    });
    drawId = drawn.streamId.replace('inspection-draw-', '');
    expect(await get(`/v1/inspection-draws/${drawId}`)).toMatchObject({
      authority: '330000',
      pool: [HANGZHOU, NINGBO, WENZHOU].sort(),
      poolSize: 3,
      outcomesPending: 3,
    });

    const outcomes = `/v1/inspection-draws/${drawId}/outcomes`;
    await post(outcomes, { uscc: HANGZHOU, outcome: 'findings', findings: '外呼号码未登记', inspectedOn: '2025-07-02' });
    await post(outcomes, { uscc: NINGBO, outcome: 'findings', findings: '营销外呼未经同意', inspectedOn: '2025-07-02' });
    await post('/v1/cases', {
      caseId: cases['records-not-kept'],
      uscc: WENZHOU,
      origin: 'inspection',
      violation: 'records-not-kept',
      summary: '通话记录未留存30日',
      effectiveAt: '2025-07-03',
    });
    await post(outcomes, { uscc: WENZHOU, outcome: 'case-opened', caseId: cases['records-not-kept'], inspectedOn: '2025-07-03' });

    const draw = await get(`/v1/inspection-draws/${drawId}`);
    const byUscc = Object.fromEntries(draw.inspections.map((i: { uscc: string }) => [i.uscc, i]));
    expect(byUscc[HANGZHOU]).toMatchObject({ outcome: 'findings', findings: '外呼号码未登记' });
    expect(byUscc[NINGBO]).toMatchObject({ outcome: 'findings', findings: '营销外呼未经同意' });
    expect(byUscc[WENZHOU]).toMatchObject({ outcome: 'case-opened', caseId: cases['records-not-kept'] });
    expect(draw.outcomesPending).toBe(0);
  });

  it('opens one case per violation category, and a case about a carrier', async () => {
    const subjects: Record<string, string> = { 'marketing-outbound': NINGBO, 'unlicensed-operation': UNLICENSED, 'annual-report': WENZHOU };
    await mark('beforeComplaints');
    let day = 5;
    for (const violation of VIOLATIONS) {
      if (violation === 'records-not-kept') continue;
      await post('/v1/cases', {
        caseId: cases[violation],
        uscc: subjects[violation] ?? HANGZHOU,
        origin: 'complaint',
        violation,
        summary: `案件：${violation}`,
        effectiveAt: `2025-07-${String(day++).padStart(2, '0')}`,
      });
    }
    await post('/v1/cases', {
      caseId: carrierCase,
      carrier: 'CT',
      origin: 'inspection',
      violation: 'harassment-calls',
      summary: '为无证企业接入',
      effectiveAt: '2025-07-20',
    });
    await post(`/v1/cases/${carrierCase}/interviews`, {
      heldOn: '2025-07-25',
      attendees: ['中国电信浙江分公司'],
      minutes: '约谈接入管理',
      commitments: ['清理违规接入'],
    });
    expect(await get(`/v1/cases/${carrierCase}`)).toMatchObject({
      uscc: null,
      carrier: 'CT',
      violation: 'harassment-calls',
      interviews: [expect.anything()],
    });
  });

  it('verifies one rectification order done, and lets the other go overdue and escalate to a penalty', async () => {
    await post(`/v1/cases/${cases['harassment-calls']}/rectification-orders`, {
      orderId: verifiedOrder,
      orderedOn: '2025-07-10',
      deadline: '2025-08-10',
      requirements: ['停止骚扰外呼'],
      documentNo: '浙通管改〔2025〕1号',
    });
    await post(`/v1/cases/${cases['marketing-outbound']}/rectification-orders`, {
      orderId: overdueOrder,
      orderedOn: '2025-07-10',
      deadline: '2025-07-31',
      requirements: ['停止营销外呼'],
      documentNo: '浙通管改〔2025〕2号',
    });
    await post(`/v1/cases/${cases['harassment-calls']}/rectification-orders/${verifiedOrder}/verification`, {
      verifiedOn: '2025-08-05',
      result: 'done',
    });
    await post(`/v1/cases/${cases['marketing-outbound']}/rectification-orders/${overdueOrder}/verification`, {
      verifiedOn: '2025-08-04',
      result: 'not-done',
      findings: ['仍在营销外呼'],
    });
    await mark('beforePenalty');
    await post(`/v1/cases/${cases['marketing-outbound']}/penalties`, {
      penaltyId,
      decidedOn: '2025-08-15',
      documentNo: '浙通管罚〔2025〕3号',
      legalBasis: ['电信条例第七十七条'],
      measures: [{ type: 'fine', amountCny: 30000 }],
      performanceDeadline: '2025-09-15',
    });
    await listed('bad');

    const path = '/v1/worklists/overdue-rectifications';
    const orders = async (query: string) => (await get(`${path}?${query}`)).items.map((i: { orderId: string }) => i.orderId);
    expect(await orders(at('2025-07-31'))).toEqual([]);
    expect(await orders(at('2025-08-01'))).toEqual([overdueOrder]);
    // The verified order was never overdue: done before its deadline.
    expect(await orders(at('2025-08-11'))).toEqual([overdueOrder]);
    expect((await get(`${path}?${at('2025-08-20')}`)).items).toMatchObject([
      {
        uscc: NINGBO,
        caseId: cases['marketing-outbound'],
        violation: 'marketing-outbound',
        overdueSince: '2025-08-01',
        authority: '330000',
        verifications: [{ verifiedOn: '2025-08-04', result: 'not-done' }],
        decidedAfterwards: {
          penalties: [{ penaltyId, decidedOn: '2025-08-15', documentNo: '浙通管罚〔2025〕3号' }],
          listings: [{ list: 'bad', listedOn: '2025-08-15' }],
        },
      },
    ]);
    expect((await get(`${path}?${at('2025-08-20', 'beforePenalty')}`)).items).toMatchObject([
      { orderId: overdueOrder, decidedAfterwards: { penalties: [], listings: [] } },
    ]);
    expect(await orders('authority=330000')).toEqual([overdueOrder]);
    expect(await orders('authority=MIIT')).toEqual([]);
  });

  it('records the penalty not performed by its deadline, which puts the enterprise on the dishonest list', async () => {
    const path = '/v1/worklists/unperformed-penalties';
    const penalties = async (query: string) => (await get(`${path}?${query}`)).items.map((i: { penaltyId: string }) => i.penaltyId);
    expect(await penalties(at('2025-09-15'))).toEqual([]);
    expect(await penalties(at('2025-09-16'))).toEqual([penaltyId]);
    await mark('beforeNonPerformance');
    await post(`/v1/cases/${cases['marketing-outbound']}/penalties/${penaltyId}/non-performance`, { recordedOn: '2025-09-20' });
    const dishonest = (await listed('dishonest')).items[0];
    expect(dishonest).toMatchObject({
      listedOn: '2025-09-20',
      authority: '浙江省通信管理局',
      basis: expect.objectContaining({ kind: 'non-performance' }),
    });

    expect(await penalties(at('2025-09-21'))).toEqual([]);
    expect(await penalties(at('2025-09-21', 'beforeNonPerformance'))).toEqual([penaltyId]);
    expect(await penalties('')).toEqual([]);
    // Today the marketing order is still overdue (never verified done); the other never was.
    expect((await get('/v1/worklists/overdue-rectifications')).items.map((i: { orderId: string }) => i.orderId)).toEqual([overdueOrder]);
  });

  it('counts the cases and the listings of the quarter, today and as of earlier', async () => {
    const byViolation = await get('/v1/statistics/cases?by=violation&fromQuarter=2025-Q3&toQuarter=2025-Q3');
    // The statistics count enterprises' cases: a carrier's case names no enterprise (see Cases about carriers).
    expect(byViolation.items).toEqual(
      VIOLATIONS.slice()
        .sort()
        .map((violation) => ({ violation, cases: 1 })),
    );
    expect(byViolation.total).toBe(10);
    expect((await get('/v1/statistics/cases?by=quarter,province&province=330000')).items).toEqual([
      { quarter: '2025-Q3', province: '330000', cases: 10 },
    ]);
    // As recorded before the complaints: the case the inspection opened.
    expect((await get(`/v1/statistics/cases?by=violation&asOf=${encodeURIComponent(moments.beforeComplaints!)}`)).items).toEqual([
      { violation: 'records-not-kept', cases: 1 },
    ]);
    // On 2025-07-05 only the inspection's case and the first complaint were open.
    expect((await get(`/v1/statistics/cases?by=violation&${at('2025-07-05')}`)).items).toEqual([
      { violation: 'harassment-calls', cases: 1 },
      { violation: 'records-not-kept', cases: 1 },
    ]);

    const listings = '/v1/statistics/credit-list';
    expect((await get(listings)).items).toEqual([
      { quarter: '2025-Q3', list: 'bad', listed: 1, removed: 0 },
      { quarter: '2025-Q3', list: 'dishonest', listed: 1, removed: 0 },
    ]);
    expect((await get(`${listings}?asOf=${encodeURIComponent(moments.beforeNonPerformance!)}`)).items).toEqual([
      { quarter: '2025-Q3', list: 'bad', listed: 1, removed: 0 },
    ]);
    expect((await get(`${listings}?${at('2025-08-14')}`)).items).toEqual([]);
  });

  it('publishes the quarter’s lists, whose downloads match the hash and the signed checkpoint', async () => {
    for (const list of ['bad', 'dishonest']) {
      await post('/v1/credit-list/publications', {
        period: '2025-Q3',
        list,
        publishedOn: '2025-10-10',
        documentNo: `浙通管公示〔2025〕${list === 'bad' ? 1 : 2}号`,
      });
      const id = `330000-2025-Q3-${list}`;
      const detail = await get(`/v1/credit-list/publications/${id}`);
      expect(detail).toMatchObject({ authority: '330000', scope: 'own-listings', count: 1, inForceOn: '2025-09-30' });
      expect(detail.entries).toEqual([
        expect.objectContaining({
          uscc: NINGBO,
          enterpriseName: '宁波某某信息服务有限公司',
          licenceNumbers: ['浙B2-20200002'],
          list,
          listingAuthority: '330000',
        }),
      ]);

      const json = await download(`/v1/credit-list/publications/${id}/download?format=json`, auditor);
      expect(json.status).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.headers['content-disposition']).toBe(`attachment; filename="credit-list-${id}.json"`);
      expect(json.headers['repr-digest']).toBe(
        `sha-256=:${createHash('sha256')
          .update(json.body as Buffer)
          .digest('base64')}:`,
      );
      const file = JSON.parse((json.body as Buffer).toString('utf8'));
      expect(file).toMatchObject({
        publicationId: id,
        count: 1,
        entriesHash: detail.entriesHash,
        event: { eventId: detail.eventId, position: detail.eventPosition },
      });
      expect(file.entries).toEqual(detail.data.entries);
      // Anyone with a JCS library: SHA-256 of the canonical entries is the published hash.
      expect(createHash('sha256').update(canonicalJson(file.entries), 'utf8').digest('hex')).toBe(file.entriesHash);
      expect(json.headers['x-ledger-entries-hash']).toBe(file.entriesHash);

      // The event holding that hash is in the signed tree.
      const [event] = (await get(file.verification.event, auditor)).items;
      expect(event).toMatchObject({ eventId: file.event.eventId, position: file.event.position, data: { entriesHash: file.entriesHash } });
      // The tree trails the log a little: once the event is in it, prove it in the latest signed head.
      await until(
        () => ask(file.verification.inclusionProof, auditor),
        (response) => response.status === 200,
      );
      const head = await get('/v1/integrity/checkpoint', auditor);
      const proof = await ask(`${file.verification.inclusionProof}?treeSize=${head.treeSize}`, auditor);
      expect(proof.body).toMatchObject({ treeSize: head.treeSize, rootHash: head.rootHash });
      const leaf = hashLeaf(Buffer.from(canonicalJson(event), 'utf8'));
      expect(proof.body.leafHash).toBe(leaf.toString('hex'));
      expect(
        verifyInclusion(
          leaf,
          proof.body.leafIndex,
          proof.body.treeSize,
          proof.body.auditPath.map((h: string) => Buffer.from(h, 'hex')),
          Buffer.from(head.rootHash, 'hex'),
        ),
      ).toBe(true);
      expect(verifyTreeHead(createPublicKey(head.publicKey), head)).toBe(true);

      const csv = await download(`/v1/credit-list/publications/${id}/download?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="credit-list-${id}.csv"`);
      expect(csv.headers['x-ledger-entries-hash']).toBe(file.entriesHash);
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
      const rows = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(rows[0]).toEqual([
        '条目编号',
        '企业名称',
        '统一社会信用代码',
        '许可证编号',
        '名单',
        '列入日期',
        '届满日期',
        '列入原因',
        '列入机关',
      ]);
      expect(rows.slice(1)).toEqual(
        file.entries.map(
          (e: {
            entryId: string;
            enterpriseName: string;
            uscc: string;
            licenceNumbers: string[];
            listedOn: string;
            expiresOn: string;
            reason: never;
            listingAuthorityName: string;
          }) => [
            e.entryId,
            e.enterpriseName,
            e.uscc,
            e.licenceNumbers.join('; '),
            list === 'bad' ? '电信业务经营不良名单' : '电信业务经营失信名单',
            e.listedOn,
            e.expiresOn,
            renderReason(e.reason, 'zh'),
            e.listingAuthorityName,
          ],
        ),
      );
      expect(rows[1]![8]).toBe('浙江省通信管理局');
    }
    const english = await download('/v1/credit-list/publications/330000-2025-Q3-dishonest/download?format=csv').set(
      'Accept-Language',
      'en',
    );
    const [heading, row] = parseCsv((english.body as Buffer).subarray(3).toString('utf8'));
    expect(heading![1]).toBe('Enterprise name');
    expect(row![7]).toContain('浙通管罚〔2025〕3号');
    expect(row![7]).toMatch(/not performed/);
  });

  it('refuses a download format it does not make, and a publication not recorded at the time asked', async () => {
    const refused = await ask('/v1/credit-list/publications/330000-2025-Q3-bad/download?format=xlsx');
    expect({
      status: refused.status,
      code: refused.body.code,
      fields: refused.body.violations?.map((v: { field: string }) => v.field),
    }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['format'] });
    expect((await ask('/v1/credit-list/publications/330000-2025-Q3-bad/download?format=csv&format=json')).status).toBe(400);
    expect(
      (await ask(`/v1/credit-list/publications/330000-2025-Q3-bad/download?asOf=${encodeURIComponent(moments.beforeNonPerformance!)}`))
        .status,
    ).toBe(404);
    expect((await ask('/v1/credit-list/publications/330000-2025-Q2-bad/download')).status).toBe(404);
    const carrier = await ask(
      '/v1/credit-list/publications/330000-2025-Q3-bad/download',
      `Bearer ${ledger.token('carrier', { org: 'CT' })}`,
    );
    expect({ status: carrier.status, type: carrier.headers['content-type'] }).toEqual({
      status: 200,
      type: expect.stringMatching(/^application\/json/),
    });
  });
});

/** RFC 4180 read strictly: CRLF after every record, quotes doubled inside quoted fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

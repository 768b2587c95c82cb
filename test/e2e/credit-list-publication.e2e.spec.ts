import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@ledger/integrity';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 18, "Publication": the quarterly 公示 of a credit list is a recorded act holding the
 * entries in force at the quarter's close, as the ledger had recorded them when it was published.
 */
describe('credit list: quarterly publication (公示)', () => {
  let ledger: TestLedger;
  let miit: string;
  let zhejiang: string;
  let last = 0;
  let published: { streamId: string; position: number; events: Array<{ eventId: string; type: string }> };
  let beforePublication: string;
  const caseA = randomUUID();
  const caseB = randomUUID();
  const entries: Record<string, string> = {};
  let circularId: string;

  beforeAll(async () => {
    ledger = await startTestLedger('credit_list_publication');
    miit = `Bearer ${ledger.token('officer')}`;
    zhejiang = `Bearer ${ledger.token('officer', { org: '330000', sub: 'officer-zj' })}`;
  });
  afterAll(() => ledger?.close());

  async function post(path: string, body: object, token = miit) {
    const response = await ledger.http().post(path).set('Authorization', token).send(body);
    last = Math.max(last, response.body.position ?? 0);
    return response;
  }
  async function created(path: string, body: object, token = miit) {
    const response = await post(path, body, token);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  async function get(path: string, token = miit) {
    const response = await ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', token)
      .set('Accept-Language', 'en');
    return response;
  }
  async function until(read: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await read())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const publish = (body: object, token = miit) =>
    post('/v1/credit-list/publications', { period: '2025-Q3', list: 'bad', publishedOn: '2025-10-15', ...body }, token);

  it('lists two enterprises during the quarter, by hand and by a penalty', async () => {
    await created('/v1/enterprises', { uscc: USCC_A, name: '杭州某某', province: '330000', effectiveAt: '2025-01-01' });
    await created('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000', effectiveAt: '2025-01-01' });
    await created('/v1/cases', {
      caseId: caseA,
      uscc: USCC_A,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2025-06-01',
    });
    const circular = await created(`/v1/cases/${caseA}/circulars`, {
      issuedOn: '2025-06-10',
      summary: '骚扰电话通报',
      documentNo: '工信部通报〔2025〕1号',
    });
    circularId = circular.events[0].eventId;
    const basis = { eventId: circularId };
    const listing = (listedOn: string, list = 'bad') => ({ uscc: USCC_A, list, reason: '骚扰电话，经通报仍未整改', listedOn, basis });

    entries.miitA = (await created('/v1/credit-list/entries', listing('2025-07-10'))).streamId.slice('credit-entry-'.length);
    entries.zhejiangA = (await created('/v1/credit-list/entries', listing('2025-09-01'), zhejiang)).streamId.slice('credit-entry-'.length);
    entries.dishonestA = (await created('/v1/credit-list/entries', listing('2025-07-11', 'dishonest'))).streamId.slice(
      'credit-entry-'.length,
    );
    entries.afterQuarter = (await created('/v1/credit-list/entries', listing('2025-10-02'))).streamId.slice('credit-entry-'.length);
    entries.removed = (await created('/v1/credit-list/entries', listing('2025-07-12'))).streamId.slice('credit-entry-'.length);
    await created(`/v1/credit-list/entries/${entries.removed}/removal`, { reason: '已整改并经确认', removedOn: '2025-09-15' });

    await created('/v1/cases', {
      caseId: caseB,
      uscc: USCC_B,
      origin: 'inspection',
      violation: 'harassment-calls',
      summary: '外呼管控不足',
      effectiveAt: '2025-07-01',
    });
    await created(`/v1/cases/${caseB}/penalties`, {
      decidedOn: '2025-08-20',
      documentNo: '工信部罚〔2025〕7号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'warning' }],
    });
    await until(async () => (await get(`/v1/credit-list?uscc=${USCC_B}&validAt=2025-09-30`)).body.items?.length === 1);
    entries.penaltyB = (await get(`/v1/credit-list?uscc=${USCC_B}&validAt=2025-09-30`)).body.items[0].entryId;
  });

  it('publishes the entries in force at the end of the quarter, with count and hash', async () => {
    beforePublication = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const response = await publish({ documentNo: '工信部公示〔2025〕3号' });
    expect(response.status).toBe(201);
    published = response.body;
    expect(published).toMatchObject({
      streamId: 'credit-publication-MIIT-2025-Q3-bad',
      version: 1,
      events: [{ type: 'CreditListPublished' }],
    });

    const detail = (await get('/v1/credit-list/publications/MIIT-2025-Q3-bad')).body;
    expect(detail).toMatchObject({
      publicationId: 'MIIT-2025-Q3-bad',
      authority: 'MIIT',
      authorityName: '工业和信息化部',
      scope: 'national',
      period: '2025-Q3',
      list: 'bad',
      publishedOn: '2025-10-15',
      inForceOn: '2025-09-30',
      count: 3,
      documentNo: '工信部公示〔2025〕3号',
      eventId: published.events[0]!.eventId,
      eventPosition: published.position,
    });
    // MIIT publishes the national list: its own listings and Zhejiang's, oldest first.
    expect(detail.entries.map((e: { entryId: string }) => e.entryId)).toEqual([entries.miitA, entries.penaltyB, entries.zhejiangA]);
    expect(detail.entries[0]).toMatchObject({
      uscc: USCC_A,
      enterpriseName: '杭州某某',
      licenceNumbers: [],
      listedOn: '2025-07-10',
      expiresOn: '2028-07-10',
      reason: '骚扰电话，经通报仍未整改',
      reasonCode: null,
      basis: expect.objectContaining({ kind: 'circular', caseId: caseA }),
      listingAuthority: 'MIIT',
      listingAuthorityName: '工业和信息化部',
    });
    expect(detail.entries[2]).toMatchObject({ listingAuthority: '330000', listingAuthorityName: '浙江省通信管理局' });
    // A generated reason: rendered for people in the answer, a code in the event.
    expect(detail.entries[1]).toMatchObject({
      uscc: USCC_B,
      enterpriseName: '深圳某某',
      reasonCode: 'listing-penalty',
      reason: expect.stringContaining('工信部罚〔2025〕7号'),
    });
    expect(detail.data.entries[1].reason).toEqual({
      code: 'listing-penalty',
      params: { documentNo: '工信部罚〔2025〕7号', decidedOn: '2025-08-20' },
    });

    const hash = createHash('sha256')
      .update(Buffer.from(canonicalJson(detail.data.entries), 'utf8'))
      .digest('hex');
    expect(detail.entriesHash).toBe(hash);
    expect(detail.data.entriesHash).toBe(hash);
  });

  it('a province publishes what it listed', async () => {
    expect((await publish({}, zhejiang)).status).toBe(201);
    const detail = (await get('/v1/credit-list/publications/330000-2025-Q3-bad')).body;
    expect(detail).toMatchObject({ scope: 'own-listings', authorityName: '浙江省通信管理局', count: 1 });
    expect(detail.entries.map((e: { entryId: string }) => e.entryId)).toEqual([entries.zhejiangA]);
  });

  it('keeps what was published: a listing recorded afterwards with an earlier date is not in it, and the quarter is not published twice', async () => {
    const late = await created('/v1/credit-list/entries', {
      uscc: USCC_A,
      list: 'bad',
      reason: '补录',
      listedOn: '2025-09-10',
      basis: { eventId: circularId },
    });
    expect((await get(`/v1/credit-list?list=bad&validAt=2025-09-30`)).body.items.map((e: { entryId: string }) => e.entryId)).toContain(
      late.streamId.slice('credit-entry-'.length),
    );

    const again = await publish({ publishedOn: '2025-11-01' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_EXISTS');
    const detail = (await get('/v1/credit-list/publications/MIIT-2025-Q3-bad')).body;
    expect(detail.count).toBe(3);
    expect(detail.entries.map((e: { entryId: string }) => e.entryId)).not.toContain(late.streamId.slice('credit-entry-'.length));
  });

  it('refuses a quarter that has not ended', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const response = await publish({ period: quarter, publishedOn: today });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('INVALID_DATE');
    expect(response.body.detail).toContain('closed quarter');
    const early = await publish({ period: '2025-Q4', publishedOn: '2025-12-31' });
    expect(early.status).toBe(422);
  });

  it('refuses malformed input with 400 naming the field', async () => {
    const refused = async (body: object, field: string) => {
      const response = await post('/v1/credit-list/publications', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    };
    const body = { period: '2024-Q1', list: 'bad', publishedOn: '2024-04-02' };
    await refused({ ...body, period: '2024-Q5' }, 'period');
    await refused({ ...body, period: '2024Q1' }, 'period');
    await refused({ ...body, list: 'grey' }, 'list');
    await refused({ period: '2024-Q1', list: 'bad' }, 'publishedOn');
    await refused({ ...body, publishedOn: '2999-01-01' }, 'publishedOn');
    await refused({ ...body, entries: [] }, 'entries');
    const noAuthority = await post('/v1/credit-list/publications', body, `Bearer ${ledger.token('officer', { org: null })}`);
    expect(noAuthority.status).toBe(403);
  });

  it('lists publications by period, list and authority, as recorded at a time', async () => {
    const all = (await get('/v1/credit-list/publications?period=2025-Q3')).body;
    expect(all.items.map((p: { publicationId: string }) => p.publicationId)).toEqual(['330000-2025-Q3-bad', 'MIIT-2025-Q3-bad']);
    expect(all.items[0]).not.toHaveProperty('entries');
    expect((await get('/v1/credit-list/publications?authority=MIIT&list=bad')).body.items).toHaveLength(1);
    expect((await get('/v1/credit-list/publications?list=dishonest')).body.items).toHaveLength(0);
    const paged = (await get('/v1/credit-list/publications?limit=1')).body;
    expect(paged.items).toHaveLength(1);
    expect((await get(`/v1/credit-list/publications?limit=1&cursor=${paged.nextCursor}`)).body.items[0].publicationId).toBe(
      'MIIT-2025-Q3-bad',
    );

    expect((await get(`/v1/credit-list/publications?asOf=${beforePublication}`)).body.items).toEqual([]);
    expect((await get('/v1/credit-list/publications?validAt=2025-10-14')).body.items).toEqual([]);
    expect((await get(`/v1/credit-list/publications/MIIT-2025-Q3-bad?asOf=${beforePublication}`)).status).toBe(404);
    expect((await get('/v1/credit-list/publications/MIIT-2099-Q1-bad')).status).toBe(404);
    expect((await get('/v1/credit-list/publications?period=2025-Q9')).status).toBe(400);
    expect((await get('/v1/credit-list/publications?authority=CT')).status).toBe(400);
    expect((await get('/v1/credit-list/publications', `Bearer ${ledger.token('carrier', { org: 'CT' })}`)).status).toBe(200);
  });

  it('reaches downstream systems through the log, hash included', async () => {
    const auditor = `Bearer ${ledger.token('auditor')}`;
    const feed = (await get('/v1/events?fromPosition=0&types=CreditListPublished', auditor)).body;
    expect(feed.items.map((e: { streamId: string }) => e.streamId)).toEqual([
      'credit-publication-MIIT-2025-Q3-bad',
      'credit-publication-330000-2025-Q3-bad',
    ]);
    const event = feed.items[0];
    expect(event).toMatchObject({
      eventId: published.events[0]!.eventId,
      type: 'CreditListPublished',
      metadata: expect.objectContaining({ org: 'MIIT', documentNo: '工信部公示〔2025〕3号' }),
    });
    expect(createHash('sha256').update(canonicalJson(event.data.entries)).digest('hex')).toBe(event.data.entriesHash);
    const stream = (await get('/v1/streams/credit-publication-MIIT-2025-Q3-bad/events', auditor)).body;
    expect(stream.items).toEqual([expect.objectContaining({ type: 'CreditListPublished', data: event.data })]);
  });
});

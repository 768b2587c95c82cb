import { randomUUID } from 'node:crypto';
import { EventSchemaRegistry, PostgresEventStore } from '@ledger/event-store';
import { penaltyListingEntryId } from '@ledger/regulation/enforcement';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';
import { untilLogVisible } from '../support/visibility';

/**
 * Issue 17 item 4: every listing rests on a recorded act, its term follows from the list, and a
 * new penalty within the term restarts it; listings written before bases were keep their meaning.
 */
describe('credit list: listings with a basis', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  const caseId = randomUUID();
  const penaltyId = randomUUID();
  let caseOpenedId: string;
  let circularId: string;
  let penaltyEventId: string;
  let handEntryId: string;
  let listedMoment: string;

  beforeAll(async () => {
    ledger = await startTestLedger('credit_list_basis');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  async function post(path: string, body: object, expected = 201) {
    const response = await ledger.http().post(path).set('Authorization', officer).send(body);
    if (response.status !== expected) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  const get = async (path: string) => {
    const response = await ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', officer);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  async function until(read: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await read())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const listing = (basis: object | undefined, extra: object = {}) => ({
    uscc: USCC_A,
    list: 'bad',
    reason: '骚扰电话，经通报仍未整改',
    listedOn: '2024-02-01',
    ...(basis ? { basis } : {}),
    ...extra,
  });

  it('lists by hand on a circular, with the term of the list', async () => {
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某', province: '330000', effectiveAt: '2023-12-01' });
    await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某', province: '440000', effectiveAt: '2023-12-01' });
    caseOpenedId = (
      await post('/v1/cases', {
        caseId,
        uscc: USCC_A,
        origin: 'complaint',
        violation: 'harassment-calls',
        summary: '骚扰电话投诉',
        effectiveAt: '2024-01-10',
      })
    ).events[0].eventId;
    const circular = await post(`/v1/cases/${caseId}/circulars`, {
      issuedOn: '2024-01-20',
      summary: '骚扰电话通报',
      documentNo: '工信部通报〔2024〕1号',
    });
    circularId = circular.events[0].eventId;

    const entry = await post('/v1/credit-list/entries', listing({ eventId: circularId, documentNo: '工信部通报〔2024〕1号' }));
    handEntryId = entry.streamId.slice('credit-entry-'.length);
    await new Promise((r) => setTimeout(r, 5));
    listedMoment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));

    const check = await get(`/v1/credit-list/check/${USCC_A}?validAt=2024-03-01`);
    expect(check.entries).toEqual([
      expect.objectContaining({
        entryId: handEntryId,
        expiresOn: '2027-02-01',
        basis: { kind: 'circular', eventId: circularId, documentNo: '工信部通报〔2024〕1号', caseId, penaltyId: null },
        caseId,
        termRestarts: [],
      }),
    ]);
  });

  it('refuses an entry without a basis, or whose basis grounds nothing, as LISTING_BASIS_REQUIRED', async () => {
    const refused = async (body: object) => {
      const response = await ledger.http().post('/v1/credit-list/entries').set('Authorization', officer).send(body);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('LISTING_BASIS_REQUIRED');
      return JSON.stringify(response.body);
    };
    await refused(listing(undefined));
    await refused(listing({ eventId: randomUUID() }));
    await refused(listing({ eventId: caseOpenedId })); // opening a case grounds no listing
    await refused(listing({ eventId: circularId }, { uscc: USCC_B })); // another enterprise's circular
    await refused(listing({ eventId: circularId, documentNo: '工信部通报〔2024〕9号' }));
    // A circular grounds a listing only in a case about harassment calls (the Notice).
    const otherCase = randomUUID();
    await post('/v1/cases', {
      caseId: otherCase,
      uscc: USCC_A,
      origin: 'inspection',
      violation: 'records-not-kept',
      summary: '通话记录未保存',
      effectiveAt: '2024-01-11',
    });
    const otherCircular = await post(`/v1/cases/${otherCase}/circulars`, {
      issuedOn: '2024-01-21',
      summary: '通报批评',
      documentNo: '工信部通报〔2024〕2号',
    });
    expect(await refused(listing({ eventId: otherCircular.events[0].eventId }))).toMatch(
      /about records-not-kept.*only in a case about harassment calls/,
    );
  });

  it('takes no expiry from the body: the term follows from the list', async () => {
    const response = await ledger
      .http()
      .post('/v1/credit-list/entries')
      .set('Authorization', officer)
      .send(listing({ eventId: circularId }, { expiresOn: '2030-01-01' }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.violations).toEqual([expect.objectContaining({ field: 'expiresOn' })]);
  });

  it('lists a penalty on itself as basis, and restarts the term of the entry in force', async () => {
    const penalty = await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId,
      decidedOn: '2025-06-01',
      documentNo: '浙通管罚〔2025〕3号',
      legalBasis: ['电信条例'],
      measures: [{ type: 'warning' }],
    });
    penaltyEventId = penalty.events[0].eventId;
    await until(async () => (await get(`/v1/credit-list/check/${USCC_A}?validAt=2027-06-01`)).entries.length === 2);

    const { entries } = await get(`/v1/credit-list/check/${USCC_A}?validAt=2027-06-01`);
    const penaltyBasis = { kind: 'penalty', eventId: penaltyEventId, documentNo: '浙通管罚〔2025〕3号', caseId, penaltyId };
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entryId: penaltyListingEntryId(caseId, penaltyId),
          listedOn: '2025-06-01',
          expiresOn: '2028-06-01',
          basis: penaltyBasis,
          termRestarts: [],
        }),
        expect.objectContaining({
          entryId: handEntryId,
          listedOn: '2024-02-01',
          expiresOn: '2028-06-01',
          termRestarts: [expect.objectContaining({ restartedOn: '2025-06-01', expiresOn: '2028-06-01', basis: penaltyBasis })],
        }),
      ]),
    );

    const stream = await get(`/v1/streams/credit-entry-${handEntryId}/events`);
    const restarts = stream.items.filter((e: { type: string }) => e.type === 'CreditListTermRestarted');
    expect(restarts).toEqual([
      expect.objectContaining({
        data: { entryId: handEntryId, uscc: USCC_A, list: 'bad', restartedOn: '2025-06-01', expiresOn: '2028-06-01', basis: penaltyBasis },
        metadata: expect.objectContaining({ actor: 'system:penalty-process-manager', causationId: penaltyEventId }),
      }),
    ]);
    expect(new Date(restarts[0].effectiveAt).toISOString()).toBe('2025-05-31T16:00:00.000Z');
  });

  it("says why in the reader's language: generated reasons are stored as codes and rendered per Accept-Language", async () => {
    const entryId = penaltyListingEntryId(caseId, penaltyId);
    const read = (language?: string) => {
      const request = ledger
        .http()
        .get(`/v1/credit-list/check/${USCC_A}?validAt=2025-07-01&minPosition=${last}`)
        .set('Authorization', officer);
      return language ? request.set('Accept-Language', language) : request;
    };
    const zh = await read();
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.headers.vary).toMatch(/Accept-Language/);
    const byId = (body: { entries: { entryId: string }[] }) => Object.fromEntries(body.entries.map((e) => [e.entryId, e]));
    expect(byId(zh.body)[entryId]).toMatchObject({
      reason: '受到2025-06-01作出的行政处罚决定书浙通管罚〔2025〕3号的行政处罚（《电信业务经营许可管理办法》第四十二条）',
      reasonCode: 'listing-penalty',
      reasonParams: { documentNo: '浙通管罚〔2025〕3号', decidedOn: '2025-06-01' },
    });
    // An officer's own words are shown as written, in any language, with no code.
    expect(byId(zh.body)[handEntryId]).toMatchObject({ reason: '骚扰电话，经通报仍未整改', reasonCode: null, reasonParams: null });

    const en = await read('en-GB,en;q=0.9,zh;q=0.5');
    expect(en.headers['content-language']).toBe('en');
    expect(byId(en.body)[entryId]).toMatchObject({
      reason: 'Penalised by decision 浙通管罚〔2025〕3号 of 2025-06-01 (Telecom Business Licensing Measures art. 42)',
      reasonCode: 'listing-penalty',
    });
    expect((await read('fr-FR, en;q=0.1, zh-TW;q=0.8')).headers['content-language']).toBe('zh-CN');

    const stream = await get(`/v1/streams/credit-entry-${entryId}/events`);
    expect(stream.items[0].data.reason).toEqual({
      code: 'listing-penalty',
      params: { documentNo: '浙通管罚〔2025〕3号', decidedOn: '2025-06-01' },
    });
  });

  it('time travel honours the restart: before it was recorded the entry had expired by its first term', async () => {
    const listedAt = (validAt: string, asOf?: string) =>
      get(`/v1/credit-list?uscc=${USCC_A}&validAt=${validAt}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`).then((page) =>
        page.items
          .map((e: { entryId: string; expiresOn: string }) => `${e.entryId === handEntryId ? 'hand' : 'penalty'}:${e.expiresOn}`)
          .sort(),
      );
    expect(await listedAt('2027-06-01', listedMoment)).toEqual([]);
    expect(await listedAt('2026-06-01', listedMoment)).toEqual(['hand:2027-02-01']);
    expect(await listedAt('2027-06-01')).toEqual(['hand:2028-06-01', 'penalty:2028-06-01']);
    expect(await listedAt('2025-05-01')).toEqual(['hand:2028-06-01']);
  });

  it('restarts a term once, however often the process manager reads the penalty', async () => {
    await untilLogVisible(ledger.runtime.store);
    const before = await ledger.runtime.store.readAll({ limit: 10_000 });
    await ledger.runtime.dataSource.query(`delete from ledger.consumer_checkpoints where name = 'process:penalties'`);
    await ledger.restart();
    const penaltyPosition = before.find((e) => e.eventId === penaltyEventId)!.position;
    await until(async () => {
      const rows: Array<{ position: string }> = await ledger.runtime.dataSource.query(
        `select position from ledger.consumer_checkpoints where name = 'process:penalties'`,
      );
      return rows.length > 0 && Number(rows[0]!.position) >= penaltyPosition;
    });
    const after = await ledger.runtime.store.readAll({ limit: 10_000 });
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  });

  it('lists on an annual-report order once its deadline has passed unreported (art. 38), not before, nor after a report by it', async () => {
    const ordered = await post(`/v1/enterprises/${USCC_B}/annual-report-orders`, {
      year: 2023,
      orderedOn: '2024-04-10',
      deadline: '2024-05-10',
      documentNo: '粤通信〔2024〕9号',
    });
    const basis = { eventId: ordered.events[0].eventId };
    const early = await ledger
      .http()
      .post('/v1/credit-list/entries')
      .set('Authorization', officer)
      .send({ ...listing(basis), uscc: USCC_B, listedOn: '2024-05-10' });
    expect([early.status, early.body.code]).toEqual([422, 'LISTING_BASIS_REQUIRED']);
    const listed = await post('/v1/credit-list/entries', {
      ...listing(basis),
      uscc: USCC_B,
      reason: '逾期未报送2023年度年报',
      listedOn: '2024-05-11',
    });
    const entry = await get(`/v1/credit-list?uscc=${USCC_B}&validAt=2024-05-20`);
    expect(entry.items).toEqual([
      expect.objectContaining({
        list: 'bad',
        basis: expect.objectContaining({ kind: 'annual-report-order', eventId: basis.eventId, documentNo: '粤通信〔2024〕9号' }),
      }),
    ]);
    expect(listed.events[0].type).toBe('CreditListEntryAdded');

    await post(`/v1/enterprises/${USCC_A}/annual-report-orders`, { year: 2023, orderedOn: '2024-04-10', deadline: '2024-05-10' }).then(
      async (order) => {
        await post(`/v1/enterprises/${USCC_A}/annual-reports`, { year: 2023, reportedOn: '2024-05-08' });
        const reported = await ledger
          .http()
          .post('/v1/credit-list/entries')
          .set('Authorization', officer)
          .send(listing({ eventId: order.events[0].eventId }, { listedOn: '2024-05-11' }));
        expect([reported.status, reported.body.code]).toEqual([422, 'LISTING_BASIS_REQUIRED']);
      },
    );
    await post(`/v1/enterprises/${USCC_A}/annual-report-orders`, { year: 2023, orderedOn: '2024-06-01', deadline: '2024-06-30' }, 422);
  });

  it('refuses an annulled penalty as a basis', async () => {
    await post(`/v1/cases/${caseId}/penalties/${penaltyId}/annulment`, { reason: '复议撤销', decidedOn: '2025-08-01' });
    await until(async () => (await get(`/v1/credit-list/check/${USCC_A}?validAt=2025-09-01`)).entries.length === 1);
    const response = await ledger
      .http()
      .post('/v1/credit-list/entries')
      .set('Authorization', officer)
      .send(listing({ eventId: penaltyEventId }, { listedOn: '2025-09-01' }));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('LISTING_BASIS_REQUIRED');
  });

  it('reads a listing written before bases were with the basis its penalty implies, or none', async () => {
    // As the previous release wrote them: schema version 1, no basis, an expiry of their own.
    const release1 = await PostgresEventStore.create(ledger.db.database.pool, { listenUrl: null, schemas: new EventSchemaRegistry({}) });
    const old = (entryId: string, caseIdOf: string | null, penaltyIdOf: string | null) => ({
      type: 'CreditListEntryAdded',
      data: {
        entryId,
        uscc: USCC_B,
        list: 'bad',
        reason: '旧记录',
        listedOn: '2022-03-01',
        expiresOn: '2025-03-01',
        caseId: caseIdOf,
        penaltyId: penaltyIdOf,
        authority: null,
        licenceNumber: null,
        enterpriseName: null,
      },
      metadata: { actor: 'officer-1', roles: ['officer'], correlationId: randomUUID() },
    });
    const automatic = randomUUID();
    const byHand = randomUUID();
    await release1.append(`credit-entry-${automatic}`, 'no-stream', [old(automatic, 'case-old', 'pen-old')]);
    const written = await release1.append(`credit-entry-${byHand}`, 'no-stream', [old(byHand, null, null)]);
    await release1.close();
    const { rows } = await ledger.db.database.pool.query(`select schema_version from ledger.events where position = $1`, [
      written.position,
    ]);
    expect(rows[0].schema_version).toBe(1);
    last = written.position;

    const page = await get(`/v1/credit-list?uscc=${USCC_B}&validAt=2023-01-01`);
    const byId = Object.fromEntries(page.items.map((e: { entryId: string }) => [e.entryId, e]));
    expect(byId[automatic]).toMatchObject({
      basis: { kind: 'penalty', eventId: null, documentNo: null, caseId: 'case-old', penaltyId: 'pen-old' },
      expiresOn: '2025-03-01',
    });
    expect(byId[byHand]).toMatchObject({ basis: null, expiresOn: '2025-03-01' });
  });

  it("reads the English reasons earlier releases stored as codes, rendered in the reader's language", async () => {
    // As the previous release wrote them: a listing at schema version 2 and its removal at version 1, reasons in English.
    const previous = await PostgresEventStore.create(ledger.db.database.pool, {
      listenUrl: null,
      schemas: new EventSchemaRegistry({ CreditListEntryAdded: { version: 2, upcasters: { 1: (v1) => ({ ...v1 }) } } }),
    });
    const entryId = randomUUID();
    const metadata = { actor: 'system:penalty-process-manager', roles: ['system'], correlationId: randomUUID() };
    const listed = {
      type: 'CreditListEntryAdded',
      data: {
        entryId,
        uscc: USCC_B,
        list: 'bad',
        reason: 'Penalised by decision 粤通管罚〔2023〕9号 of 2023-05-04 (Telecom Business Licensing Measures art. 42)',
        listedOn: '2023-05-04',
        expiresOn: '2026-05-04',
        basis: { kind: 'penalty', eventId: randomUUID(), documentNo: '粤通管罚〔2023〕9号', caseId: 'case-9', penaltyId: 'pen-9' },
        caseId: 'case-9',
        penaltyId: 'pen-9',
        authority: '440000',
        licenceNumber: null,
        enterpriseName: null,
      },
      metadata,
    };
    const removed = {
      type: 'CreditListEntryRemoved',
      data: {
        entryId,
        uscc: USCC_B,
        list: 'bad',
        listedOn: '2023-05-04',
        removedOn: '2023-09-01',
        reason: 'Penalty decision 粤通管罚〔2023〕9号 annulled on 2023-09-01: 行政复议撤销',
      },
      metadata,
    };
    const written = await previous.append(`credit-entry-${entryId}`, 'no-stream', [listed, removed]);
    await previous.close();
    const { rows } = await ledger.db.database.pool.query(
      `select schema_version from ledger.events where stream_id = $1 order by position`,
      [`credit-entry-${entryId}`],
    );
    expect(rows.map((row: { schema_version: number }) => row.schema_version)).toEqual([2, 1]);
    last = written.position;

    const page = await get(`/v1/credit-list?uscc=${USCC_B}&validAt=2023-06-01`);
    expect(page.items.find((e: { entryId: string }) => e.entryId === entryId)).toMatchObject({
      reason: '受到2023-05-04作出的行政处罚决定书粤通管罚〔2023〕9号的行政处罚（《电信业务经营许可管理办法》第四十二条）',
      reasonCode: 'listing-penalty',
      removedOn: '2023-09-01',
      removalReason: '行政处罚决定书粤通管罚〔2023〕9号于2023-09-01被撤销：行政复议撤销',
      removalReasonCode: 'removal-penalty-annulled',
      removalReasonParams: { documentNo: '粤通管罚〔2023〕9号', decidedOn: '2023-09-01', reason: '行政复议撤销' },
    });
  });
});

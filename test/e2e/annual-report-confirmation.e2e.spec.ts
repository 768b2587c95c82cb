import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';
import { untilLogVisible } from '../support/visibility';

/**
 * Art. 38: an enterprise listed for not filing its annual report by the deadline it was given comes
 * off the bad list once it has reported and the administration confirms; the removal follows the
 * confirmation by itself, caused by it, from its date.
 */
describe('annual report: the confirmation takes the listing off (art. 38)', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  let orderEventId: string;
  let entryId: string;
  let confirmationEventId: string;

  beforeAll(async () => {
    ledger = await startTestLedger('annual_report_confirmation');
    officer = `Bearer ${ledger.token('officer', { org: '330000' })}`;
  });
  afterAll(() => ledger?.close());

  const send = (path: string, body: object) => ledger.http().post(path).set('Authorization', officer).send(body);
  async function post(path: string, body: object, expected = 201) {
    const response = await send(path, body);
    if (response.status !== expected) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position ?? 0);
    return response.body;
  }
  const read = (path: string, language?: string) => {
    const request = ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', officer);
    return language ? request.set('Accept-Language', language) : request;
  };
  const get = async (path: string) => {
    const response = await read(path);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const confirmation = (year: number | string, uscc = USCC_A) => `/v1/enterprises/${uscc}/annual-reports/${year}/confirmation`;
  const listedOn = async (validAt: string) =>
    (await get(`/v1/credit-list/check/${USCC_A}?validAt=${validAt}`)).entries.map((e: { entryId: string }) => e.entryId);

  it('lists by hand on an order to report left unreported past its deadline', async () => {
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', effectiveAt: '2024-01-02' });
    const ordered = await post(`/v1/enterprises/${USCC_A}/annual-report-orders`, {
      year: 2023,
      orderedOn: '2024-04-10',
      deadline: '2024-05-10',
      documentNo: '浙通管〔2024〕7号',
    });
    orderEventId = ordered.events[0].eventId;
    const listed = await post('/v1/credit-list/entries', {
      uscc: USCC_A,
      list: 'bad',
      reason: '逾期未报送2023年度年报',
      listedOn: '2024-05-11',
      basis: { eventId: orderEventId },
    });
    entryId = listed.streamId.slice('credit-entry-'.length);
    expect(await listedOn('2024-05-20')).toEqual([entryId]);
  });

  it('refuses to confirm a report not filed yet, saying so', async () => {
    const response = await send(confirmation(2023), { confirmedOn: '2024-05-20' });
    expect([response.status, response.body.code]).toEqual([422, 'INVALID_TRANSITION']);
    expect(response.body.detail).toMatch(/No annual report for 2023 has been filed/);
  });

  it('refuses a confirmation dated before the report was filed', async () => {
    await post(`/v1/enterprises/${USCC_A}/annual-reports`, { year: 2023, reportedOn: '2024-06-01' });
    const response = await send(confirmation(2023), { confirmedOn: '2024-05-31' });
    expect([response.status, response.body.code]).toEqual([422, 'INVALID_DATE']);
  });

  it('confirms the late report, and the listing comes off from the confirmation date, caused by it', async () => {
    const confirmed = await post(confirmation(2023), { confirmedOn: '2024-06-20', documentNo: '浙通管〔2024〕21号' });
    expect(confirmed.events).toEqual([expect.objectContaining({ type: 'AnnualReportConfirmed' })]);
    confirmationEventId = confirmed.events[0].eventId;
    const enterprise = await get(`/v1/streams/enterprise-${USCC_A}/events`);
    expect(enterprise.items.find((e: { eventId: string }) => e.eventId === confirmationEventId)).toMatchObject({
      data: { uscc: USCC_A, year: 2023, reportedOn: '2024-06-01', confirmedOn: '2024-06-20' },
      metadata: expect.objectContaining({ org: '330000' }),
    });

    await until(async () => (await listedOn('2024-06-20')).length === 0);
    expect(await listedOn('2024-06-19')).toEqual([entryId]);

    const stream = await get(`/v1/streams/credit-entry-${entryId}/events`);
    const removal = stream.items.find((e: { type: string }) => e.type === 'CreditListEntryRemoved');
    expect(removal).toMatchObject({
      data: {
        entryId,
        uscc: USCC_A,
        list: 'bad',
        listedOn: '2024-05-11',
        removedOn: '2024-06-20',
        reason: { code: 'removal-annual-report-confirmed', params: { year: '2023', reportedOn: '2024-06-01', confirmedOn: '2024-06-20' } },
      },
      metadata: expect.objectContaining({
        actor: 'system:penalty-process-manager',
        causationId: confirmationEventId,
        documentNo: '浙通管〔2024〕21号',
      }),
    });
    expect(new Date(removal.effectiveAt).toISOString()).toBe('2024-06-19T16:00:00.000Z');
  });

  it("gives the removal's reason in Chinese by default and in English when asked", async () => {
    const entryOf = async (language?: string) => {
      const response = await read(`/v1/credit-list?uscc=${USCC_A}&validAt=2024-06-01`, language);
      expect(response.status).toBe(200);
      return response.body.items.find((e: { entryId: string }) => e.entryId === entryId);
    };
    expect(await entryOf()).toMatchObject({
      removedOn: '2024-06-20',
      removalReason: '已于2024-06-01报送2023年度年报，经电信管理机构于2024-06-20确认（《电信业务经营许可管理办法》第三十八条）',
      removalReasonCode: 'removal-annual-report-confirmed',
      removalReasonParams: { year: '2023', reportedOn: '2024-06-01', confirmedOn: '2024-06-20' },
    });
    expect(await entryOf('en')).toMatchObject({
      removalReason:
        'Annual report for 2023 filed on 2024-06-01, confirmed by the administration on 2024-06-20 (Telecom Business Licensing Measures art. 38)',
    });
  });

  it('keeps the order off the worklist once reported, its listing showing the removal', async () => {
    const path = '/v1/worklists/overdue-annual-report-orders';
    expect((await get(`${path}?validAt=2024-05-20`)).items).toMatchObject([
      { eventId: orderEventId, decidedAfterwards: { listings: [{ entryId, listedOn: '2024-05-11', removedOn: null }] } },
    ]);
    expect((await get(`${path}?validAt=2024-06-25`)).items).toEqual([]);
  });

  it('refuses a second confirmation, and a new listing on the confirmed order', async () => {
    const again = await send(confirmation(2023), { confirmedOn: '2024-07-01' });
    expect([again.status, again.body.code]).toEqual([422, 'INVALID_TRANSITION']);
    const relisted = await send('/v1/credit-list/entries', {
      uscc: USCC_A,
      list: 'bad',
      reason: '逾期未报送年报',
      listedOn: '2024-05-12',
      basis: { eventId: orderEventId },
    });
    expect([relisted.status, relisted.body.code]).toEqual([422, 'LISTING_BASIS_REQUIRED']);
  });

  it('refuses bad input with a 400 naming the field, never a 500', async () => {
    const cases: ReadonlyArray<readonly [string, object, string]> = [
      [confirmation(1999), { confirmedOn: '2024-06-20' }, 'year'],
      [confirmation('20x3'), { confirmedOn: '2024-06-20' }, 'year'],
      [confirmation(2023, 'NOT-A-USCC'), { confirmedOn: '2024-06-20' }, 'uscc'],
      [confirmation(2023), {}, 'confirmedOn'],
      [confirmation(2023), { confirmedOn: '20 June 2024' }, 'confirmedOn'],
      [confirmation(2023), { confirmedOn: '2024-02-30' }, 'confirmedOn'],
      [confirmation(2023), { confirmedOn: '2099-01-01' }, 'confirmedOn'],
      [confirmation(2023), { confirmedOn: '2024-06-20', year: 2023 }, 'year'],
    ];
    for (const [path, body, field] of cases) {
      const response = await send(path, body);
      expect([path, body, response.status, response.body.code]).toEqual([path, body, 400, 'VALIDATION_FAILED']);
      expect(response.body.violations).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const unregistered = await send(confirmation(2023, USCC_B), { confirmedOn: '2024-06-20' });
    expect([unregistered.status, unregistered.body.code]).toEqual([422, 'ENTERPRISE_NOT_REGISTERED']);
  });

  it('removes once, however often the process manager reads the confirmation', async () => {
    await untilLogVisible(ledger.runtime.store);
    const before = await ledger.runtime.store.readAll({ limit: 10_000 });
    await ledger.runtime.dataSource.query(`delete from ledger.consumer_checkpoints where name = 'process:penalties'`);
    await ledger.restart();
    const confirmationPosition = before.find((e) => e.eventId === confirmationEventId)!.position;
    await until(async () => {
      const rows: Array<{ position: string }> = await ledger.runtime.dataSource.query(
        `select position from ledger.consumer_checkpoints where name = 'process:penalties'`,
      );
      return rows.length > 0 && Number(rows[0]!.position) >= confirmationPosition;
    });
    const after = await ledger.runtime.store.readAll({ limit: 10_000 });
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  });
});

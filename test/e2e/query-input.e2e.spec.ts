import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { signToken } from '@ledger/auth';
import { startTestLedger, TEST_SECRET, USCC_A, type TestLedger } from '../support/test-ledger';

const LICENCE = 'B2-20240007';
const NUMBER = '95077';
/** USCC_A with another check character: 18 characters of the right alphabet, not a real code. */
const WRONG_CHECK = `${USCC_A.slice(0, 17)}G`;

interface Problem {
  status: number;
  code: string;
  violations?: Array<{ field: string; message: string }>;
}

/**
 * Query input that used to reach PostgreSQL raw (issue #16, item 4), identifiers with a wrong
 * check character, HEAD on the feed, and a token whose `org` is null.
 */
describe('query input and identifiers at the edge', () => {
  let ledger: TestLedger;
  let officer: string;
  let last = 0;
  const ids = { application: randomUUID(), contract: randomUUID(), case: randomUUID(), draw: randomUUID() };

  beforeAll(async () => {
    ledger = await startTestLedger('query_input', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    officer = `Bearer ${ledger.token('officer')}`;
    const post = async (path: string, body: object) => {
      const response = await ledger.http().post(path).set('Authorization', officer).send(body);
      if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
      last = Math.max(last, response.body.position);
      return response.body;
    };
    await post('/v1/enterprises', { uscc: USCC_A, name: '杭州某某', province: '330000', effectiveAt: '2023-12-01' });
    const common = {
      uscc: USCC_A,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
    };
    await post('/v1/licence-applications', { applicationId: ids.application, ...common, effectiveAt: '2024-01-02' });
    await post(`/v1/licence-applications/${ids.application}/acceptance`, { decision: 'accepted', effectiveAt: '2024-01-05' });
    await post(`/v1/licence-applications/${ids.application}/site-inspections`, {
      inspectedOn: '2024-01-10',
      inspectors: ['甲'],
      result: 'passed',
    });
    await post(`/v1/licence-applications/${ids.application}/decision`, {
      decision: 'granted',
      licenceNumber: LICENCE,
      validUntil: '2029-01-14',
      effectiveAt: '2024-01-15',
    });
    await post('/v1/numbers', { number: NUMBER, uscc: USCC_A, allocatedOn: '2024-02-01' });
    await post(`/v1/numbers/${NUMBER}/filings`, {
      carrier: 'CT',
      purpose: '客服',
      inbound: true,
      outbound: false,
      effectiveAt: '2024-02-05',
    });
    await post('/v1/access-contracts', {
      contractId: ids.contract,
      carrier: 'CT',
      uscc: USCC_A,
      numbers: [NUMBER],
      verifiedOn: '2024-02-10',
    });
    await post('/v1/cases', {
      caseId: ids.case,
      uscc: USCC_A,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '骚扰电话投诉',
      effectiveAt: '2024-04-01',
    });
    const circular = await post(`/v1/cases/${ids.case}/circulars`, { issuedOn: '2024-04-10', summary: '骚扰电话通报' });
    await post('/v1/credit-list/entries', {
      uscc: USCC_A,
      list: 'bad',
      reason: '骚扰电话，经通报',
      listedOn: '2024-04-15',
      basis: { eventId: circular.events[0].eventId },
    });
    await post('/v1/inspection-draws', {
      drawId: ids.draw,
      seed: '2024-Q1',
      sampleSize: 1,
      inspectors: ['张', '王'],
      inspectorsPerEnterprise: 1,
    });
  });
  afterAll(() => ledger?.close());

  const get = (path: string, authorization = officer) => ledger.http().get(path).set('Authorization', authorization);

  /** A 400 VALIDATION_FAILED whose violations name `field`. */
  async function refusedNaming(path: string, field: string): Promise<void> {
    const response = await get(path);
    const problem = response.body as Problem;
    const what = `${path} → ${response.status} ${JSON.stringify(problem)}`;
    expect({ what, status: response.status, code: problem.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
    expect({ what, fields: problem.violations?.map((v) => v.field) }).toEqual({ what, fields: expect.arrayContaining([field]) });
  }

  /** Every route that answers for another time (docs/http-contract.md: every query of current state). */
  const travelling = () => [
    '/v1/enterprises',
    `/v1/enterprises/${USCC_A}`,
    `/v1/enterprises/${USCC_A}/enforcement`,
    '/v1/licences',
    `/v1/licences/${LICENCE}`,
    `/v1/licence-applications/${ids.application}`,
    '/v1/numbers',
    `/v1/numbers/${NUMBER}`,
    '/v1/access-contracts',
    `/v1/access-contracts/${ids.contract}`,
    `/v1/cases/${ids.case}`,
    '/v1/credit-list',
    `/v1/credit-list/check/${USCC_A}`,
    `/v1/inspection-draws/${ids.draw}`,
  ];

  it('answers every time-travel route in range before checking the extremes', async () => {
    for (const path of travelling()) {
      for (const query of [
        'asOf=2025-01-01T00:00:00Z',
        'validAt=2024-06-01',
        'validAt=1900-01-01',
        'validAt=9999-12-30',
        `asOf=9999-12-30T23:59:59Z&minPosition=${last}`,
      ]) {
        const response = await get(`${path}?${query}`);
        const what = `${path}?${query} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
        expect({ what, ok: response.status === 200 || response.status === 404 }).toEqual({ what, ok: true });
      }
    }
  });

  it('refuses year 0 as asOf and validAt on every time-travel route', async () => {
    for (const path of travelling()) {
      await refusedNaming(`${path}?asOf=0000-01-01T00:00:00Z`, 'asOf');
      await refusedNaming(`${path}?validAt=0000-01-01T00:00:00Z`, 'validAt');
    }
  });

  // Eight hours after 9999-12-31T23:59:59Z, China time is in year 10000.
  it('refuses a moment whose China day is past 9999-12-30', async () => {
    for (const path of [`/v1/enterprises/${USCC_A}`, '/v1/licences', '/v1/credit-list', `/v1/credit-list/check/${USCC_A}`]) {
      await refusedNaming(`${path}?asOf=9999-12-31T23:59:59Z`, 'asOf');
      await refusedNaming(`${path}?validAt=9999-12-31T23:59:59Z`, 'validAt');
      await refusedNaming(`${path}?validAt=9999-12-31`, 'validAt');
    }
  });

  it('refuses days that do not exist and hours past 23', async () => {
    await refusedNaming('/v1/credit-list?validAt=2021-02-30', 'validAt');
    await refusedNaming('/v1/credit-list?asOf=2021-02-30T00:00:00Z', 'asOf');
    await refusedNaming('/v1/credit-list?asOf=2021-01-01T24:00:00Z', 'asOf');
    await refusedNaming(`/v1/enterprises/${USCC_A}/history?from=1899-12-31`, 'from');
  });

  it('refuses a list with empty members', async () => {
    await refusedNaming(`/v1/enterprises/${USCC_A}/history?types=,,,`, 'types');
    await refusedNaming(`/v1/enterprises/${USCC_A}/history?types=CaseOpened,,LicenceGranted`, 'types');
    await refusedNaming('/v1/events?types=CaseOpened,', 'types');
    const filtered = await get(`/v1/enterprises/${USCC_A}/history?types=CaseOpened,LicenceGranted&minPosition=${last}`);
    expect(filtered.status).toBe(200);
    expect(new Set(filtered.body.items.map((i: { type: string }) => i.type))).toEqual(new Set(['CaseOpened', 'LicenceGranted']));
  });

  it('refuses NUL in a search', async () => {
    await refusedNaming('/v1/enterprises?q=%00', 'q');
    await refusedNaming('/v1/enterprises?q=%E6%9D%AD%00', 'q');
    const found = await get(`/v1/enterprises?q=${encodeURIComponent('杭州')}&minPosition=${last}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { uscc: string }) => i.uscc)).toEqual([USCC_A]);
  });

  it('reads an empty parameter as one not given', async () => {
    for (const path of ['/v1/licences', '/v1/credit-list', '/v1/events', '/v1/webhooks', `/v1/enterprises/${USCC_A}/history`]) {
      const response = await get(
        `${path}?limit=&cursor=&types=&asOf=&validAt=&minPosition=`,
        path === '/v1/webhooks' ? `Bearer ${ledger.token('admin')}` : officer,
      );
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses a parameter given twice, limits out of range and positions past a safe integer', async () => {
    await refusedNaming('/v1/credit-list?list=bad&list=dishonest', 'list');
    await refusedNaming('/v1/licences?limit=0', 'limit');
    await refusedNaming('/v1/licences?limit=501', 'limit');
    await refusedNaming('/v1/events?fromPosition=-1', 'fromPosition');
    await refusedNaming('/v1/events?fromPosition=9007199254740993', 'fromPosition');
    await refusedNaming(`/v1/streams/enterprise-${USCC_A}/events?fromVersion=2147483648`, 'fromVersion');
    await refusedNaming('/v1/integrity/consistency?from=0', 'from');
  });

  it('refuses a cursor whose content could not have been issued', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await refusedNaming(`/v1/enterprises?cursor=${cursor('a\u0000')}`, 'cursor');
    await refusedNaming(`/v1/enterprises/${USCC_A}/enforcement?cursor=${cursor(['not-a-day', 'x'])}`, 'cursor');
  });

  it('refuses a USCC with a wrong check character in a path or a query', async () => {
    await refusedNaming(`/v1/enterprises/${WRONG_CHECK}`, 'uscc');
    await refusedNaming(`/v1/credit-list/check/${WRONG_CHECK}`, 'uscc');
    await refusedNaming(`/v1/licences?uscc=${WRONG_CHECK}`, 'uscc');
  });

  it.each([
    ['/v1/enterprises', { uscc: WRONG_CHECK, name: '某某', province: '330000' }],
    [
      '/v1/licence-applications',
      {
        uscc: WRONG_CHECK,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'operated',
        approvalPath: 'standard',
        commitments: { noMarketingOutbound: true },
      },
    ],
    ['/v1/numbers', { number: '95088', uscc: WRONG_CHECK, allocatedOn: '2024-02-01' }],
    ['/v1/access-contracts', { carrier: 'CT', uscc: WRONG_CHECK, numbers: [NUMBER], verifiedOn: '2024-02-10' }],
    ['/v1/cases', { uscc: WRONG_CHECK, origin: 'complaint', summary: '投诉' }],
    ['/v1/credit-list/entries', { uscc: WRONG_CHECK, list: 'bad', reason: '未按期报送年报', listedOn: '2024-03-01' }],
  ])('refuses a USCC with a wrong check character in the body of POST %s as malformed input', async (path, body) => {
    const head = await ledger.runtime.store.committedHead();
    const response = await ledger.http().post(path).set('Authorization', officer).send(body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.violations).toEqual([{ field: 'uscc', message: expect.stringContaining('check character') }]);
    expect(await ledger.runtime.store.committedHead()).toBe(head);
  });

  // Identifiers whose meaning only the decider knows (a province code that is no province, a 96
  // number without its province) are malformed input too, whoever finds them.
  it.each([
    ['/v1/enterprises', { uscc: '914403001922038216', name: '某某', province: '999999' }, 'province'],
    ['/v1/numbers', { number: '96123', uscc: USCC_A, allocatedOn: '2024-02-01' }, 'province'],
    [
      '/v1/licence-applications',
      {
        uscc: USCC_A,
        scope: 'domestic',
        coverage: ['nationwide', '330000'],
        serviceModel: 'operated',
        approvalPath: 'standard',
        commitments: { noMarketingOutbound: true },
      },
      'coverage',
    ],
  ])('refuses a malformed identifier in POST %s as malformed input naming it', async (path, body, field) => {
    const response = await ledger.http().post(path).set('Authorization', officer).send(body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.violations).toEqual([{ field, message: expect.any(String) }]);
  });

  it('answers HEAD on the feed with its headers and ends, opening no subscription', async () => {
    const base = new URL(await ledger.listen());
    const feed = ledger.app.get((await import('@ledger/http/feed/feed.controller')).FeedController);
    const answer = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          path: '/v1/feed?fromPosition=0',
          method: 'HEAD',
          headers: { Authorization: officer, Accept: 'text/event-stream' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] }));
        },
      );
      req.setTimeout(5_000, () => req.destroy(new Error('HEAD /v1/feed did not end')));
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({ status: 200, type: expect.stringMatching(/^text\/event-stream/) });
    expect(feed.openStreams).toBe(0);
  });

  it('lets a token whose org is null read', async () => {
    const token = signToken({ sub: 'desk', roles: ['officer'], org: null }, TEST_SECRET, { expiresInSeconds: 60 });
    const response = await get(`/v1/enterprises/${USCC_A}`, `Bearer ${token}`);
    expect(response.status).toBe(200);
  });
});

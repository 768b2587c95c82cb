import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/** What the console needs from the API beyond docs/http-contract.md: enterprise search, and the dev login. */
describe('the console’s API: search and development login', () => {
  let ledger: TestLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('console_api');
    officer = `Bearer ${ledger.token('officer')}`;
    for (const [uscc, name, province] of [
      [USCC_A, '杭州某某呼叫中心有限公司', '330000'],
      [USCC_B, '深圳市Example客服外包有限公司', '440000'],
    ]) {
      await ledger.http().post('/v1/enterprises').set('Authorization', officer).send({ uscc, name, province }).expect(201);
    }
  });
  afterAll(() => ledger?.close());

  const search = (query: string, auth = officer) => ledger.http().get(`/v1/enterprises?minPosition=2&${query}`).set('Authorization', auth);
  const usccs = (body: { items: Array<{ uscc: string }> }) => body.items.map((i) => i.uscc);

  it('finds enterprises by USCC prefix or by any part of the name, case-insensitively', async () => {
    expect(usccs((await search('q=9133').expect(200)).body)).toEqual([USCC_A]);
    expect(usccs((await search(`q=${encodeURIComponent('呼叫中心')}`).expect(200)).body)).toEqual([USCC_A]);
    expect(usccs((await search('q=example').expect(200)).body)).toEqual([USCC_B]);
    expect(usccs((await search(`q=${encodeURIComponent('%')}`).expect(200)).body)).toEqual([]);
    const all = await search('').expect(200);
    expect(usccs(all.body)).toEqual([USCC_A, USCC_B].sort());
    expect(all.body.items[0]).toEqual({
      uscc: expect.any(String),
      name: expect.any(String),
      province: expect.any(String),
      address: null,
      registeredAt: expect.any(String),
    });
  });

  it('pages with a cursor and refuses what it cannot read', async () => {
    const first = await search('limit=1').expect(200);
    const second = await search(`limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect([...usccs(first.body), ...usccs(second.body)]).toEqual([USCC_A, USCC_B].sort());
    expect(second.body.nextCursor).toBeNull();
    expect((await search(`q=${'x'.repeat(101)}`).expect(400)).body.violations[0].field).toBe('q');
    expect((await search('q=a&q=b').expect(400)).body.violations[0].field).toBe('q');
    await search('q=9133', `Bearer ${ledger.token('auditor')}`).expect(200);
    await search('q=9133', `Bearer ${ledger.token('operator', { org: USCC_A })}`).expect(403);
  });

  it('has no dev login where the secret was configured', async () => {
    const response = await ledger.http().post('/v1/dev/token').expect(404);
    expect(response.body.detail).toBe('No route POST /v1/dev/token.');
    expect((await ledger.http().get('/console/config.json').expect(200)).body).toMatchObject({
      devLogin: false,
      streamContexts: expect.arrayContaining([
        ['case-', 'enforcement'],
        ['credit-publication-', 'credit-list'],
      ]),
    });
  });

  it('serves its files with their type, revalidated by ETag, and nothing else from the folder', async () => {
    const script = await ledger.http().get('/console/assets/app.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('no-cache');
    const etag = script.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    await ledger.http().get('/console/assets/app.js').set('If-None-Match', etag).expect(304);
    await ledger.http().get('/console/assets/app.js').set('If-None-Match', '"another"').expect(200);
    const page = await ledger.http().get('/console').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers.etag).not.toBe(etag);
    await ledger.http().get('/console/assets/missing.js').expect(404);
    await ledger.http().get('/console/assets/..%2Fpackage.json').expect(404);
  });

  describe('on a development ledger that generated its own secret', () => {
    let dev: TestLedger;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ledger-dev-login-'));
      dev = await startTestLedger('console_dev_login', { LEDGER_JWT_SECRET: '', LEDGER_DATA_DIR: dataDir });
    });
    afterAll(async () => {
      await dev?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('mints an officer token for a caller on this machine', async () => {
      const base = await dev.listen();
      expect(await (await fetch(`${base}/console/config.json`)).json()).toMatchObject({ devLogin: true });
      const minted = await fetch(`${base}/v1/dev/token`, { method: 'POST' });
      expect(minted.status).toBe(201);
      const { token, roles } = (await minted.json()) as { token: string; roles: string[] };
      expect(roles).toEqual(['officer']);
      const read = await fetch(`${base}/v1/enterprises`, { headers: { Authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
    });
  });
});

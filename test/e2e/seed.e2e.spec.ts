import { PassThrough } from 'node:stream';
import { toEventJson } from '@ledger/event-store';
import { allProjections } from '@ledger/projections';
import { exportEvents } from '../../apps/ledger-cli/src/export';
import { httpSender, seedLedger, settle, type SeedSummary } from '../../apps/ledger-cli/src/seed';
import { startTestLedger, TEST_SECRET, type TestLedger } from '../support/test-ledger';

/** `cli seed` and `cli export` on a ledger of their own, through the real command path. */
describe('demo data (cli seed) and NDJSON export (cli export)', () => {
  let ledger: TestLedger;
  let officer: string;
  let summary: SeedSummary;

  beforeAll(async () => {
    // The seeder sends a few hundred requests a minute as one caller, as `cli seed` does with the limit off.
    ledger = await startTestLedger('seed', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    officer = `Bearer ${ledger.token('officer')}`;
    summary = await seedLedger(httpSender(await ledger.listen(), TEST_SECRET), { enterprises: 20, seed: 'e2e' });
    await settle(ledger.runtime);
  }, 180_000);
  afterAll(() => ledger?.close());

  const get = async (path: string) => {
    const response = await ledger.http().get(path).set('Authorization', officer);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('makes licences in every status, through the process manager where a penalty revokes', async () => {
    for (const status of ['valid', 'suspended', 'revoked', 'cancelled', 'expired']) {
      const licences = await get(`/v1/licences?status=${status}`);
      expect({ status, count: licences.items.length }).toMatchObject({ status, count: expect.any(Number) });
      expect(licences.items.length).toBeGreaterThan(0);
    }
    const revocations = (await ledger.runtime.store.readAll({ types: ['LicenceRevoked'], limit: 1000 })).map((e) => e.metadata.actor);
    expect(revocations).toContain('system:penalty-process-manager');
    expect(summary).toMatchObject({ enterprises: 20, accessRefused: expect.any(Number) });
    expect(summary.numbers).toBeGreaterThan(0);
    expect(summary.accessContracts).toBeGreaterThan(0);
  });

  it('fills the credit list and an enterprise’s history', async () => {
    const credit = await get('/v1/credit-list');
    expect(credit.items.length).toBeGreaterThan(0);
    const [licence] = (await get('/v1/licences?status=revoked')).items as Array<{ uscc: string }>;
    const history = await get(`/v1/enterprises/${licence!.uscc}/history?limit=500`);
    const types = history.items.map((i: { type: string }) => i.type);
    expect(types).toEqual(
      expect.arrayContaining(['EnterpriseRegistered', 'LicenceGranted', 'PenaltyImposed', 'LicenceRevoked', 'CreditListEntryAdded']),
    );
  });

  it('rebuilds, a page of 500 events at once, the same rows the live projections wrote a few events at a time', async () => {
    const tables = allProjections({ creditTerms: ledger.runtime.config.creditTerms }).flatMap((p) => p.tables);
    const contents = async () => {
      const all: Record<string, unknown[]> = {};
      for (const table of tables)
        all[table] = await ledger.runtime.dataSource.query(`select to_jsonb(t)::text as row from ${table} t order by 1`);
      return all;
    };
    const live = await contents();
    for (const name of ledger.runtime.projections.names()) await ledger.runtime.projections.rebuild(name);
    const rebuilt = await contents();
    for (const table of tables) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
    expect(live.licence_versions!.length).toBeGreaterThan(20);
  });

  it('exports the log, and one stream, as NDJSON lines equal to the events', async () => {
    const log = await ledger.runtime.store.readAll({ limit: 1_000_000 });
    expect(await exported({})).toEqual(log.map((e) => JSON.stringify(toEventJson(e))));
    const from = log[Math.floor(log.length / 2)]!.position;
    expect(await exported({ from })).toEqual(log.filter((e) => e.position > from).map((e) => JSON.stringify(toEventJson(e))));

    const streamId = log.find((e) => e.type === 'LicenceGranted')!.streamId;
    const stream = await ledger.runtime.store.readStream(streamId);
    expect(await exported({ streamId, from: 2 })).toEqual(stream.slice(1).map((e) => JSON.stringify(toEventJson(e))));
  });

  async function exported(options: { streamId?: string; from?: number }): Promise<string[]> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const count = await exportEvents(ledger.runtime.store, options, out);
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(count);
    return lines;
  }
});

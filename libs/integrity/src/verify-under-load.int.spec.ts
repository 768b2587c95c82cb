import { generateKeyPairSync } from 'node:crypto';
import { PostgresEventStore, type EventToAppend } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { Integrity } from './integrity';
import { signingKeyFromPem } from './signing';
import { verifyLedger, type VerifyReport } from './verify';

const KEY = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const probe = (i: number): EventToAppend => ({
  type: 'LoadProbe',
  data: { i, note: `负载${i}` },
  metadata: { actor: 'test', roles: [], correlationId: 'c' },
});

const WRITERS = 8;
const RUNS = 15;
const BUDGET_MS = 20_000;
// More leaves than verify reads in one page, so that a run reads its pages of leaves, nodes and
// events at different moments while the tree grows.
const PREFILL = 4500;

describe('verify while the ledger is being written', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let integrity: Integrity;
  let writing = true;
  let writers: Promise<void>[] = [];
  let written = 0;
  const writeErrors: unknown[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('verify_load');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    for (let i = 0; i < PREFILL; i += 100)
      await store.append(
        `prefill-${i}`,
        'no-stream',
        Array.from({ length: 100 }, (_, k) => probe(i + k)),
      );
    // A head signed at nearly every extension, so that most runs meet heads, leaves and nodes
    // newer than the ones they read first.
    integrity = new Integrity(test.database.pool, store, { checkpointIntervalMs: 5, readableWithinMs: 15_000, signingKey: () => KEY });
    await integrity.checkpoint();
    integrity.start();
    writers = Array.from({ length: WRITERS }, async (_, w) => {
      try {
        for (let i = 0; writing; i++) {
          await store.append(
            `writer-${w}-${i}`,
            'no-stream',
            Array.from({ length: 1 + (i % 3) }, (_, k) => probe(k)),
          );
          written++;
          // Embedded PGlite answers without going round the event loop: a writer that never
          // yields would starve the builder's timers.
          await new Promise(setImmediate);
        }
      } catch (error) {
        writeErrors.push(error);
      }
    });
  });
  afterAll(async () => {
    writing = false;
    await Promise.all(writers);
    await integrity?.stop();
    await store?.close();
    await test?.drop();
  });

  async function verifyUnderLoad(runs: number): Promise<VerifyReport[]> {
    const reports: VerifyReport[] = [];
    const deadline = Date.now() + BUDGET_MS;
    while (reports.length < runs && (reports.length < 2 || Date.now() < deadline)) {
      const before = written;
      reports.push(await verifyLedger(test.database.pool, store, KEY.publicKey));
      // A run that overlapped no append would prove nothing about reading a moving ledger.
      while (written === before && writeErrors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(writeErrors).toEqual([]);
    return reports;
  }

  it('raises no false alarm, and checks a tree that grows from run to run', async () => {
    const reports = await verifyUnderLoad(RUNS);
    expect(reports.filter((r) => r.problems > 0).map((r) => r.findings)).toEqual([]);
    for (const report of reports) {
      expect(report.events).toBe(report.leaves);
      expect(report.latestHead!.treeSize).toBeLessThanOrEqual(report.leaves);
    }
    const sizes = reports.map((r) => r.leaves);
    expect(sizes[sizes.length - 1]!).toBeGreaterThan(sizes[0]!);
  });

  it('still names an event changed behind the triggers, and only that position', async () => {
    const target = (await store.readPositions(1, PREFILL)).find((e) => e.data.i === 1234)!.position;
    // Behind the triggers' back, as a superuser can; on the pool's own session, which embedded PGlite also has.
    const client = await test.database.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query(`update ledger.events set data = jsonb_set(data, '{note}', '"改过"') where position = $1`, [target]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const reports = await verifyUnderLoad(3);
    for (const report of reports) {
      expect(report.firstPosition).toBe(target);
      expect(report.findings[0]).toEqual({ position: target, detail: expect.stringContaining('no longer matches its leaf') });
      for (const finding of report.findings.slice(1)) {
        expect(finding).toEqual({
          position: null,
          detail: expect.stringMatching(/^the signed tree head of size \d+ no longer matches the log/),
        });
      }
    }
  });
});

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, type EventToAppend } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { eventLeafHash } from './event-leaf';
import { Integrity, TreeBehind } from './integrity';
import { consistencyProof, inclusionProof, rootHash } from './merkle';
import { MerkleLog } from './merkle-log';
import { signingKeyFromPem, verifyTreeHead } from './signing';
import { verifyLedger } from './verify';

/**
 * Readers see an event once every transaction older than it has ended, in the whole cluster (a
 * test file next door creating its database counts), so a test waits for that before reading.
 */
async function readable(store: PostgresEventStore, position: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await store.headPosition()) < position && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

const KEY = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const probe = (i: number): EventToAppend => ({
  type: 'IntegrityProbe',
  data: { i, note: `事件${i}` },
  metadata: { actor: 'test', roles: [], correlationId: 'c' },
});

describe('the Merkle tree in PostgreSQL', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    test = await createTestDatabase('integrity');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
  });
  afterAll(async () => {
    await store?.close();
    await test?.drop();
  });

  const append = async (from: number, count: number) => {
    let last = 0;
    for (let i = from; i < from + count; i++) last = (await store.append(`probe-${i}`, 'no-stream', [probe(i)])).position;
    await readable(store, last);
  };
  const inMemoryLeaves = async () => (await store.readAll({ limit: 10_000 })).map(eventLeafHash);

  it('extends in batches to the same tree as the in-memory definition, and proves from stored subtrees', async () => {
    await append(0, 37);
    const tree = new MerkleLog(test.database.pool);
    const sizes: number[] = [];
    for (let r = await tree.extend(store, 10); r.added > 0; r = await tree.extend(store, 10)) sizes.push((await tree.tip()).size);
    expect(sizes).toEqual([10, 20, 30, 37]);
    const leaves = await inMemoryLeaves();
    for (let n = 1; n <= leaves.length; n++) {
      expect((await tree.rootHash(n)).equals(rootHash(leaves.slice(0, n)))).toBe(true);
      for (const m of new Set([0, Math.floor(n / 2), n - 1])) {
        expect(await tree.inclusionProof(m, n)).toEqual(inclusionProof(m, leaves.slice(0, n)));
        expect(await tree.consistencyProof(m + 1, n)).toEqual(consistencyProof(m + 1, leaves.slice(0, n)));
      }
    }
    const { rows } = await test.database.pool.query(`select count(*)::int as nodes from ledger.merkle_nodes`);
    expect(rows[0].nodes).toBe(37 - 3); // n − popcount(n): every complete subtree above the leaves
  });

  it('lets two extenders race without a gap or a duplicate', async () => {
    await append(100, 50);
    const [a, b] = [new MerkleLog(test.database.pool), new MerkleLog(test.database.pool)];
    await Promise.all([a.extend(store, 7), b.extend(store, 7), a.extend(store, 20), b.extend(store, 1000), a.extend(store, 1000)]);
    while ((await a.extend(store, 1000)).added > 0);
    const leaves = await inMemoryLeaves();
    expect((await a.tip()).size).toBe(leaves.length);
    expect((await a.rootHash(leaves.length)).equals(rootHash(leaves))).toBe(true);
  });

  it('refuses to change or remove leaves, nodes and tree heads', async () => {
    const integrity = new Integrity(test.database.pool, store, {
      checkpointIntervalMs: 60_000,
      readableWithinMs: 1000,
      signingKey: () => KEY,
    });
    await integrity.checkpoint();
    for (const [table, column] of [
      ['merkle_leaves', 'leaf_hash'],
      ['merkle_nodes', 'hash'],
      ['tree_heads', 'root_hash'],
    ]) {
      await expect(test.database.pool.query(`update ledger.${table} set ${column} = ${column}`)).rejects.toThrow(/append-only/);
      await expect(test.database.pool.query(`delete from ledger.${table}`)).rejects.toThrow(/append-only/);
      await expect(test.database.pool.query(`truncate ledger.${table}`)).rejects.toThrow(/append-only/);
    }
  });

  it('signs a head on schedule only when the tree has grown', async () => {
    const integrity = new Integrity(test.database.pool, store, {
      checkpointIntervalMs: 100,
      readableWithinMs: 1000,
      signingKey: () => KEY,
    });
    const before = await integrity.checkpoint();
    const headsBefore = (await integrity.heads.page(0, 100)).length;
    integrity.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await integrity.heads.latest())!.treeSize).toBe(before.treeSize);
      await append(200, 3);
      const deadline = Date.now() + 15_000;
      while ((await integrity.heads.latest())!.treeSize < before.treeSize + 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const scheduled = (await integrity.heads.latest())!;
      expect(scheduled.treeSize).toBe(before.treeSize + 3);
      expect(verifyTreeHead(KEY.publicKey, scheduled)).toBe(true);
    } finally {
      await integrity.stop();
    }
    const report = await verifyLedger(test.database.pool, store, KEY.publicKey);
    expect(report).toMatchObject({ problems: 0, pending: 0, latestHead: expect.objectContaining({ treeSize: before.treeSize + 3 }) });
    // The three appends are three transactions: on a busy machine the schedule may fall between
    // two of them and sign the tree as it then was. One head per growth, never one without.
    expect(report.treeHeads - headsBefore).toBeGreaterThanOrEqual(1);
    expect(report.treeHeads - headsBefore).toBeLessThanOrEqual(3);
  });

  // An append held in flight by a second session, which readers cannot pass: embedded PGlite has one connection.
  (process.env.DATABASE_URL ? it : it.skip)(
    'waits for a just-recorded event to become readable, and reports it behind after readableWithinMs',
    async () => {
      const integrity = new Integrity(test.database.pool, store, {
        checkpointIntervalMs: 60_000,
        readableWithinMs: 300,
        signingKey: () => KEY,
      });
      const older = new Client({ connectionString: test.url });
      await older.connect();
      try {
        await older.query('begin');
        await older.query(`select * from ledger.append_events('probe-older', 0, $1::jsonb, null)`, [
          JSON.stringify([{ eventId: randomUUID(), ...probe(301) }]),
        ]);
        const { position } = await store.append('probe-hidden', 'no-stream', [probe(300)]);
        await expect(integrity.inclusion(position)).rejects.toBeInstanceOf(TreeBehind);
        // Other sessions of the cluster may hide the event a moment longer, hence a patient second call.
        const patient = new Integrity(test.database.pool, store, {
          checkpointIntervalMs: 60_000,
          readableWithinMs: 15_000,
          signingKey: () => KEY,
        });
        const proof = patient.inclusion(position);
        setTimeout(() => void older.query('commit'), 100);
        expect(await proof).toMatchObject({ leafHash: eventLeafHash((await store.readPositions(position, position))[0]!).toString('hex') });
      } finally {
        await older.end();
      }
    },
  );

  // Each change below goes behind the triggers' back, which needs a superuser session of its own.
  const serverOnly = process.env.DATABASE_URL ? describe : describe.skip;
  serverOnly('verify, after a change behind the triggers', () => {
    let tampered: TestDatabase;
    let tamperedStore: PostgresEventStore;
    let positions: number[];

    beforeEach(async () => {
      tampered = await createTestDatabase('integrity_tamper');
      tamperedStore = await PostgresEventStore.create(tampered.database.pool, { listenUrl: null });
      for (let i = 0; i < 12; i++) {
        if (i === 6) await tampered.database.pool.query(`select nextval('ledger.event_position')`); // a gap, as a failed append leaves
        await readable(tamperedStore, (await tamperedStore.append(`probe-${i}`, 'no-stream', [probe(i)])).position);
      }
      positions = (await tamperedStore.readAll()).map((e) => e.position);
      await new Integrity(tampered.database.pool, tamperedStore, {
        checkpointIntervalMs: 60_000,
        readableWithinMs: 1000,
        signingKey: () => KEY,
      }).checkpoint();
      await readable(tamperedStore, (await tamperedStore.append('probe-late', 'no-stream', [probe(99)])).position);
    });
    afterEach(async () => {
      await tamperedStore.close();
      await tampered.drop();
    });

    async function behindTriggers(sql: string, params: unknown[] = []): Promise<void> {
      const admin = new Client({ connectionString: tampered.url });
      await admin.connect();
      try {
        await admin.query('set session_replication_role = replica');
        await admin.query(sql, params);
      } finally {
        await admin.end();
      }
    }
    const verify = () => verifyLedger(tampered.database.pool, tamperedStore, KEY.publicKey);

    it('passes an untouched ledger, counting the event not yet in the tree', async () => {
      expect(await verify()).toMatchObject({ problems: 0, events: 12, leaves: 12, pending: 1, treeHeads: 1 });
    });

    it('names a deleted event', async () => {
      await behindTriggers('delete from ledger.events where position = $1', [positions[4]]);
      const report = await verify();
      expect(report.firstPosition).toBe(positions[4]);
      expect(report.findings[0]!.detail).toMatch(/no longer holds the event/);
    });

    it('names an event slipped into a gap', async () => {
      await behindTriggers(
        `insert into ledger.events (position, event_id, stream_id, stream_version, type, data, metadata, effective_at, recorded_at, tx_id)
         select $1, gen_random_uuid(), 'forged', 1, type, data, metadata, effective_at, recorded_at, tx_id from ledger.events where position = $2`,
        [positions[5]! + 1, positions[5]],
      );
      const report = await verify();
      expect(report.firstPosition).toBe(positions[5]! + 1);
      expect(report.findings[0]!.detail).toMatch(/is not in the tree/);
    });

    it('tells a rewritten leaf and a rewritten node from a rewritten event', async () => {
      await behindTriggers(`update ledger.merkle_leaves set leaf_hash = sha256('x') where leaf_index = 7`);
      await behindTriggers(`update ledger.merkle_nodes set hash = sha256('y') where level = 2 and node_index = 0`);
      const report = await verify();
      expect(report.firstPosition).toBe(positions[7]);
      const details = report.findings.map((f) => f.detail).join('\n');
      expect(details).toMatch(/interior node \(level 2, #0\) does not match its leaves/);
      expect(details).toMatch(/interior node \(level 1, #3\) does not match its leaves/);
      expect(details).toMatch(/tree head of size 12 no longer matches the stored tree/);
      expect(details).not.toMatch(/no longer matches the log/);
    });

    it('refuses a tree head whose root or signature was replaced', async () => {
      await behindTriggers(`update ledger.tree_heads set root_hash = sha256('z')`);
      const report = await verify();
      expect(report.firstPosition).toBeNull();
      expect(report.findings.map((f) => f.detail)).toEqual([
        "the signature of the tree head of size 12 does not verify with the ledger's key",
        'the signed tree head of size 12 no longer matches the stored tree',
        `the signed tree head of size 12 no longer matches the log: an event among positions ${positions[0]}–${positions[11]} changed`,
      ]);
    });
  });
});

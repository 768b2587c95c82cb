import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { Client } from 'pg';
import { signingKeyFromPem, verifyConsistency, verifyLedger } from '@ledger/integrity';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/*
 * An outsider's verifier, written from RFC 8785 and RFC 9162 alone: nothing here comes from
 * @ledger/integrity, so a mistake shared by the library and its own tests cannot hide.
 */
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const leafOf = (eventJson: unknown) => sha256(Buffer.from([0]), Buffer.from(jcs(eventJson), 'utf8'));
/** PATH(m, D[n]) read from the top: its last hash is the sibling at the split below the root. */
function rootFromAuditPath(m: number, n: number, leaf: Buffer, path: Buffer[]): Buffer {
  if (n === 1) {
    if (path.length !== 0) throw new Error('audit path too long');
    return leaf;
  }
  if (path.length === 0) throw new Error('audit path too short');
  let k = 1;
  while (k * 2 < n) k *= 2;
  const sibling = path[path.length - 1]!;
  const below = path.slice(0, -1);
  return m < k
    ? sha256(Buffer.from([1]), rootFromAuditPath(m, k, leaf, below), sibling)
    : sha256(Buffer.from([1]), sibling, rootFromAuditPath(m - k, n - k, leaf, below));
}

interface Checkpoint {
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  signature: string;
  publicKey: string;
}

describe('integrity: signed checkpoints and proofs', () => {
  let ledger: TestLedger;
  const auth = (role: 'auditor' | 'officer' | 'subscriber' | 'operator' | 'carrier' = 'auditor') =>
    `Bearer ${ledger.token(role, role === 'operator' ? { org: USCC_A } : role === 'carrier' ? { org: 'CT' } : {})}`;
  const get = (path: string, role?: Parameters<typeof auth>[0]) => ledger.http().get(path).set('Authorization', auth(role));
  const probe = (i: number, data: Record<string, unknown>) =>
    ledger.runtime.store.append(`integrity-probe-${i}`, 'no-stream', [
      {
        type: 'IntegrityProbe',
        data,
        metadata: { actor: 'officer-1', roles: ['officer'], correlationId: `c-${i}`, documentNo: '工信部信管〔2020〕81号' },
      },
    ]);

  beforeAll(async () => {
    ledger = await startTestLedger('integrity', { LEDGER_SIGNING_KEY: SIGNING_KEY });
    for (const [uscc, name] of [
      [USCC_A, '杭州某某呼叫中心有限公司'],
      [USCC_B, '深圳某某信息服务有限公司'],
    ] as const) {
      await ledger
        .http()
        .post('/v1/enterprises')
        .set('Authorization', auth('officer'))
        .send({ uscc, name, province: '330000' })
        .expect(201);
    }
    // A position taken and never used: leaf indices must follow the log's order, not its positions.
    await ledger.db.database.pool.query(`select nextval('ledger.event_position')`);
    for (let i = 0; i < 9; i++)
      await probe(i, { i, amount: 1.5 * i, big: 1e21, text: `第${i}号 "quoted" \u0007`, nested: { z: [true, null], a: '€' } });
    // Events are readable once every older transaction in the cluster has ended (a test file next door may be creating its database).
    const deadline = Date.now() + 15_000;
    while ((await ledger.runtime.store.headPosition()) < 12 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(() => ledger?.close());

  /**
   * A checkpoint of at least `size` leaves: the tree holds only readable events, which can trail
   * the appends for a moment (see beforeAll).
   */
  async function checkpointOf(size: number, role?: Parameters<typeof auth>[0]): Promise<Checkpoint> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { body } = await get('/v1/integrity/checkpoint', role).expect(200);
      if (body.treeSize >= size || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function eventJsons(): Promise<Array<Record<string, unknown> & { position: number }>> {
    return (await get('/v1/events?fromPosition=0&limit=500').expect(200)).body.items;
  }

  it('proves every event of the log in the signed tree, checked by an independent RFC 9162 verifier', async () => {
    const checkpoint = await checkpointOf(11);
    const events = await eventJsons();
    expect(checkpoint.treeSize).toBe(11);
    expect(events).toHaveLength(11);
    expect(events[2]!.position).toBe(4); // the gap
    for (const [ordinal, event] of events.entries()) {
      const proof = (await get(`/v1/integrity/proof/${event.position}`, 'auditor').expect(200)).body;
      expect(proof).toMatchObject({ leafIndex: ordinal, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
      expect(proof.leafHash).toBe(leafOf(event).toString('hex'));
      const root = rootFromAuditPath(
        ordinal,
        proof.treeSize,
        leafOf(event),
        proof.auditPath.map((h: string) => Buffer.from(h, 'hex')),
      );
      expect(root.toString('hex')).toBe(checkpoint.rootHash);
    }
    const older = (await get(`/v1/integrity/proof/${events[1]!.position}?treeSize=3`).expect(200)).body;
    expect(older).toMatchObject({ leafIndex: 1, treeSize: 3 });
    const root3 = rootFromAuditPath(
      1,
      3,
      leafOf(events[1]),
      older.auditPath.map((h: string) => Buffer.from(h, 'hex')),
    );
    expect(root3.toString('hex')).toBe(older.rootHash);
  });

  it('signs the checkpoint with Ed25519 over JCS({treeSize, rootHash, issuedAt}), verifiable with the published key', async () => {
    const checkpoint = await checkpointOf(11, 'officer');
    expect(checkpoint.publicKey).toBe(signingKeyFromPem(SIGNING_KEY).publicKeyPem);
    const signed = Buffer.from(
      `{"issuedAt":${JSON.stringify(checkpoint.issuedAt)},"rootHash":"${checkpoint.rootHash}","treeSize":${checkpoint.treeSize}}`,
    );
    const publicKey = createPublicKey(checkpoint.publicKey);
    expect(verify(null, signed, publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
    const forged = Buffer.from(signed.toString().replace(`"treeSize":${checkpoint.treeSize}`, `"treeSize":${checkpoint.treeSize + 1}`));
    expect(verify(null, forged, publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(false);
    // Nothing was appended, so asking again returns the same head rather than signing a new one.
    expect((await get('/v1/integrity/checkpoint').expect(200)).body).toEqual(checkpoint);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const first = await checkpointOf(11);
    for (let i = 100; i < 105; i++) await probe(i, { i });
    const second = await checkpointOf(first.treeSize + 5);
    expect(second.treeSize).toBe(first.treeSize + 5);
    const { body } = await get(`/v1/integrity/consistency?from=${first.treeSize}&to=${second.treeSize}`).expect(200);
    expect(body).toMatchObject({ from: first.treeSize, to: second.treeSize });
    const proof = body.proof.map((h: string) => Buffer.from(h, 'hex'));
    const [a, b] = [Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex')];
    expect(verifyConsistency(first.treeSize, second.treeSize, proof, a, b)).toBe(true);
    expect(verifyConsistency(first.treeSize, second.treeSize, proof, b, b)).toBe(false);
    // `to` defaults to the latest checkpoint.
    expect((await get(`/v1/integrity/consistency?from=${first.treeSize}`).expect(200)).body).toEqual(body);
  });

  it('answers what it cannot prove with problems, and only to auditors and officers (docs/http-contract.md, Roles)', async () => {
    const notFound = await get('/v1/integrity/proof/999999').expect(404);
    expect(notFound.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(notFound.body.code).toBe('NOT_FOUND');
    await get('/v1/integrity/proof/3').expect(404); // the unused position
    await get('/v1/integrity/proof/5?treeSize=2').expect(404); // leaf 3 is not in a tree of 2
    await get('/v1/integrity/proof/1?treeSize=100000').expect(404);
    for (const bad of [
      '/v1/integrity/proof/0',
      '/v1/integrity/proof/x',
      '/v1/integrity/proof/1?treeSize=-1',
      '/v1/integrity/consistency',
      '/v1/integrity/consistency?from=3&to=2',
      '/v1/integrity/consistency?from=1.5',
    ]) {
      const response = await get(bad).expect(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        violations: [expect.objectContaining({ field: expect.any(String) })],
      });
    }
    await get('/v1/integrity/consistency?from=1&to=100000').expect(404);
    await get('/v1/integrity/checkpoint', 'operator').expect(403);
    await get('/v1/integrity/checkpoint', 'carrier').expect(403);
    await get('/v1/integrity/checkpoint', 'subscriber').expect(403);
    await ledger.http().get('/v1/integrity/checkpoint').expect(401);
  });

  const serverOnly = process.env.DATABASE_URL ? it : it.skip;
  // Altering a row behind the triggers needs a superuser session of its own; embedded PGlite has one connection.
  serverOnly('names the position of an event altered behind the append-only triggers', async () => {
    const key = signingKeyFromPem(SIGNING_KEY).publicKey;
    await get('/v1/integrity/checkpoint').expect(200);
    const clean = await verifyLedger(ledger.db.database.pool, ledger.runtime.store, key);
    expect(clean).toMatchObject({ problems: 0, firstPosition: null, pending: 0 });
    expect(clean.events).toBe(clean.leaves);

    const target = (await eventJsons())[6]!.position;
    const admin = new Client({ connectionString: ledger.db.url });
    await admin.connect();
    try {
      await admin.query(`set session_replication_role = replica`);
      await admin.query(`update ledger.events set data = jsonb_set(data, '{amount}', '1000000') where position = $1`, [target]);
    } finally {
      await admin.end();
    }
    const report = await verifyLedger(ledger.db.database.pool, ledger.runtime.store, key);
    expect(report.firstPosition).toBe(target);
    expect(report.findings[0]).toMatchObject({ position: target, detail: expect.stringContaining('no longer matches its leaf') });
    expect(report.findings.some((f) => /signed tree head of size \d+ no longer matches the log/.test(f.detail))).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { serverUrl } from '../support/test-database';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

/** Codes that pass the GB 32100 check, made from a running number. */
function usccs(count: number, prefix: string): string[] {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  return Array.from({ length: count }, (_, i) => {
    const body = `${prefix}${String(i).padStart(17 - prefix.length, '0')}`;
    const sum = [...body].reduce((acc, c, k) => acc + alphabet.indexOf(c) * weights[k]!, 0);
    return body + alphabet[(31 - (sum % 31)) % 31];
  });
}

/**
 * What an idle-session timeout, a failover, a proxy restart or a network blip does to the ledger:
 * every connection of its pool is ended by the server while commands are being written. The
 * read side must come back by itself — no restart — with nothing applied twice and nothing lost,
 * and every penalty must still get exactly one automatic listing.
 */
(serverUrl() ? describe : describe.skip)('the database ends every connection of the ledger under load', () => {
  let ledger: TestLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('connection_loss', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    officer = `Bearer ${ledger.token('officer', { org: 'MIIT' })}`;
  });
  afterAll(() => ledger?.close());

  async function terminateEveryConnection(): Promise<number> {
    const admin = new Client({ connectionString: ledger.db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and application_name like 'call-centre-ledger%') t`,
      );
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  }

  it('recovers every projection and the penalty process without a restart', async () => {
    const enterprises = usccs(120, '91110000MA');
    const post = (path: string, body: object) => ledger.http().post(path).set('Authorization', officer).send(body);
    const answered = { ok: 0, unavailable: 0, other: [] as string[] };
    const record = ({ status, body }: { status: number; body: { code?: string; detail?: string; violations?: unknown } }) => {
      if (status === 201 || status === 200) answered.ok++;
      else if (status === 503) answered.unavailable++;
      else answered.other.push(`${status} ${body.code}: ${body.detail} ${JSON.stringify(body.violations ?? [])}`);
    };

    // Each enterprise: registered, then a case and a penalty (a fine), which the process manager lists.
    const work = enterprises.map(async (uscc, i) => {
      await new Promise((r) => setTimeout(r, i * 8));
      for (let attempt = 0; attempt < 20; attempt++) {
        const registered = await post('/v1/enterprises', { uscc, name: `企业${i}`, province: '110000', effectiveAt: '2021-01-04' });
        record(registered);
        if (registered.status === 201 || registered.status === 409) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const caseId = randomUUID();
      for (let attempt = 0; attempt < 20; attempt++) {
        const opened = await post('/v1/cases', {
          caseId,
          uscc,
          origin: 'complaint',
          violation: 'harassment-calls',
          summary: '用户投诉骚扰电话',
          effectiveAt: '2021-02-01',
        });
        record(opened);
        if (opened.status === 201 || opened.status === 409) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const penaltyId = randomUUID();
      for (let attempt = 0; attempt < 20; attempt++) {
        const penalty = await post(`/v1/cases/${caseId}/penalties`, {
          penaltyId,
          decidedOn: '2021-03-01',
          documentNo: `京通管罚〔2021〕${i}号`,
          legalBasis: ['电信条例第七十七条'],
          measures: [{ type: 'fine', amountCny: 10000 }],
        }).set('Idempotency-Key', `penalty-${i}`);
        record(penalty);
        if (penalty.status === 201 || penalty.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    const kills: number[] = [];
    const killer = (async () => {
      for (let round = 0; round < 6; round++) {
        await new Promise((r) => setTimeout(r, 150));
        kills.push(await terminateEveryConnection());
      }
    })();
    await Promise.all([...work, killer]);
    expect(kills.some((n) => n > 0)).toBe(true);

    const head = await ledger.runtime.store.committedHead();
    const names = ledger.runtime.projections.names();
    expect(await ledger.runtime.projections.waitFor(names, head, 30_000)).toBe(true);
    const status = await ledger.runtime.projections.status();
    expect(status.filter((s) => s.state === 'failed')).toEqual([]);
    expect((await ledger.runtime.readiness()).ready).toBe(true);

    const penalties = await ledger.runtime.store.readAll({ types: ['PenaltyImposed'], limit: 10_000 });
    expect(penalties).toHaveLength(enterprises.length);
    const deadline = Date.now() + 30_000;
    let listings = await ledger.runtime.store.readAll({ types: ['CreditListEntryAdded'], limit: 10_000 });
    while (listings.length < penalties.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      listings = await ledger.runtime.store.readAll({ types: ['CreditListEntryAdded'], limit: 10_000 });
    }
    // The listings came after the wait above: the read models must reach them too.
    expect(await ledger.runtime.projections.waitFor(names, await ledger.runtime.store.committedHead(), 30_000)).toBe(true);
    const listed = listings.map((e) => e.metadata.causationId);
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(penalties.map((p) => p.eventId)));

    // Nothing applied twice: every event of the enterprises' history once, every read-model row once.
    const [{ n: history }] = await ledger.runtime.dataSource.query(`select count(*)::int as n from enterprise_history`);
    const [{ n: events }] = await ledger.runtime.dataSource.query(
      `select count(*)::int as n from ledger.events e where exists (select 1 from stream_owners o where o.stream_id = e.stream_id)`,
    );
    expect(history).toBe(events);
    const [{ n: rows }] = await ledger.runtime.dataSource.query(`select count(*)::int as n from enterprises`);
    expect(rows).toBe(enterprises.length);
    const [{ n: entries }] = await ledger.runtime.dataSource.query(`select count(*)::int as n from credit_list_entries`);
    expect(entries).toBe(penalties.length);
    // While the database is unreachable a client hears 503 and may retry; never a 500.
    expect(answered.other).toEqual([]);
  });
});

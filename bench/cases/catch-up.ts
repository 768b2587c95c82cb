import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { EVENT_COLUMNS } from '@ledger/event-store/postgres/sql';
import { settle } from '../support/database';
import { figures, type Figures } from '../support/measure';
import type { CaseResult } from './appends';

const PAGE = 500;

/** Reads the whole log page by page the way projections and subscribers do (readPage). */
async function ledgerCatchUp(store: PostgresEventStore): Promise<Figures> {
  const latencies: number[] = [];
  let events = 0;
  let from = 0;
  const started = performance.now();
  for (;;) {
    const t0 = performance.now();
    const page = await store.readPage({ fromPosition: from, limit: PAGE });
    latencies.push(performance.now() - t0);
    events += page.events.length;
    from = page.nextPosition;
    if (page.events.length < PAGE) break;
  }
  return figures(latencies, events, performance.now() - started);
}

/** The same pages with nothing but an ordered keyset select: what reading the table costs at least. */
async function plainCatchUp(pool: Pool): Promise<Figures> {
  const latencies: number[] = [];
  let events = 0;
  let from = '0';
  const started = performance.now();
  for (;;) {
    const t0 = performance.now();
    const { rows } = await pool.query(`select ${EVENT_COLUMNS} from ledger.events e where e.position > $1 order by e.position limit $2`, [
      from,
      PAGE,
    ]);
    latencies.push(performance.now() - t0);
    events += rows.length;
    if (rows.length < PAGE) break;
    from = rows[rows.length - 1].position;
  }
  return figures(latencies, events, performance.now() - started);
}

/** Each reader runs twice, interleaved after a warm-up pass; the better run of each is kept. */
export async function catchUpCase(url: string): Promise<CaseResult> {
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined); // an idle client ended by the database's drop; queries report their own errors
  const store = await PostgresEventStore.create(pool, { listenUrl: url });
  try {
    await settle(url);
    await plainCatchUp(pool);
    const runs = { ledger: [] as Figures[], plain: [] as Figures[] };
    for (let i = 0; i < 2; i++) {
      runs.ledger.push(await ledgerCatchUp(store));
      runs.plain.push(await plainCatchUp(pool));
    }
    const best = (list: Figures[]) => list.reduce((a, b) => ((a.eventsPerSec ?? 0) >= (b.eventsPerSec ?? 0) ? a : b));
    return {
      id: 'catch-up',
      title: `catch-up read of the whole log, pages of ${PAGE}`,
      results: { ledger: best(runs.ledger), 'plain select': best(runs.plain) },
    };
  } finally {
    await store.close();
    await pool.end();
  }
}

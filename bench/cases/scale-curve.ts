import { Pool } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { migrate, openDatabase } from '@ledger/platform';
import { createBenchDatabase, settle } from '../support/database';
import { benchEvents } from '../support/events';
import { connect } from '../support/contenders';
import { runLoad, type Figures } from '../support/measure';
import { growLog } from '../support/seed';
import type { Scale } from '../scale';

export interface CurvePoint {
  readonly logEvents: number;
  readonly append: Figures;
  readonly asOfRead: Figures;
}

const STREAMS = 1_000;

/**
 * Grows one log through the sizes of the curve (the appends measured at one size stay in the log
 * for the next); at each, single-event appends at c8 over 1,000 new streams and as-of reads
 * (readStream with recordedAtOrBefore, what time travel runs) of random 100-event streams.
 */
export async function scaleCurve(adminUrl: string, scale: Scale, log: (line: string) => void): Promise<CurvePoint[]> {
  const db = await createBenchDatabase(adminUrl, '_curve');
  const points: CurvePoint[] = [];
  try {
    const database = await openDatabase({ url: db.url, poolSize: 2 });
    await migrate(database);
    await database.close();
    const pool = new Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined); // an idle client ended by the database's drop; queries report their own errors
    const store = await PostgresEventStore.create(pool, { listenUrl: null, pollMs: 60_000 });
    try {
      let seeded = 0;
      for (const size of scale.curve) {
        log(`  growing the log to ${size.toLocaleString('en')} events`);
        await growLog(pool, seeded, size);
        seeded = size;
        await settle(db.url);
        points.push({ logEvents: size, append: await appends(db.url, scale, size), asOfRead: await asOfReads(store, scale, size) });
      }
    } finally {
      await store.close();
      await pool.end();
    }
  } finally {
    await db.drop();
  }
  return points;
}

async function appends(url: string, scale: Scale, size: number): Promise<Figures> {
  const appender = await connect('ledger', url, 8);
  try {
    const versions = new Map<number, number>();
    const turns = Array.from({ length: 8 }, () => 0);
    const op = async (worker: number) => {
      const stream = worker + 8 * (turns[worker]!++ % (STREAMS / 8));
      const expected = versions.get(stream) ?? 0;
      versions.set(stream, expected + 1);
      await appender.append(`curve-${size}-${stream}`, expected, benchEvents(1, stream));
      return 1;
    };
    await runLoad({ concurrency: 8, operations: STREAMS, maxMs: scale.caseMs }, op);
    return await runLoad({ concurrency: 8, operations: scale.curveAppends, maxMs: scale.caseMs }, op);
  } finally {
    await appender.close();
  }
}

async function asOfReads(store: PostgresEventStore, scale: Scale, size: number): Promise<Figures> {
  const asOf = new Date().toISOString();
  const streams = Math.floor(size / 100);
  const read = async () => (await store.readStream(`scale-${Math.floor(Math.random() * streams)}`, { recordedAtOrBefore: asOf })).length;
  await runLoad({ concurrency: 1, operations: 50, maxMs: scale.caseMs }, read);
  return { ...(await runLoad({ concurrency: 1, operations: scale.queries, maxMs: scale.caseMs }, read)), unit: 'events/s read' };
}

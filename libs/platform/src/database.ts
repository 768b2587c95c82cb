import { mkdirSync } from 'node:fs';
import { Pool, type PoolConfig } from 'pg';
import { PglitePool } from './pglite-pool';

export type StorageMode = 'server' | 'embedded';

/**
 * The ledger's one connection pool. Everything — the event store's hand-written SQL, TypeORM's
 * read models, migrations — goes through it, so embedded mode (PGlite, one connection) and
 * server mode (PostgreSQL) run the same code.
 */
export interface Database {
  readonly pool: Pool;
  readonly mode: StorageMode;
  /** LISTEN/NOTIFY needs a second connection, which embedded PGlite cannot give. */
  readonly supportsListen: boolean;
  /** A connection string for a second client (LISTEN) in server mode. */
  readonly url: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent the ledger runs on embedded PGlite. */
  readonly url?: string;
  /** Where embedded PGlite keeps its files; `memory://` keeps nothing (tests). */
  readonly dataDir?: string;
  readonly poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openServer(options.url, options.poolSize ?? 20) : openEmbedded(options.dataDir ?? './data');
}

function openServer(url: string, max: number): Database {
  const pool = new Pool({ connectionString: url, max, application_name: 'call-centre-ledger' } satisfies PoolConfig);
  pool.on('error', () => undefined); // an idle client dying is reported to the query that next uses the pool
  return { pool, mode: 'server', supportsListen: true, url, close: () => pool.end() };
}

/**
 * PGlite is PostgreSQL compiled to WASM: a single-user backend in this process. PglitePool gives
 * it pg's Pool interface with one connection, so the rest of the code cannot tell the modes apart.
 */
async function openEmbedded(dataDir: string): Promise<Database> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Parse bigint and numeric as pg does (strings), so results look the same in both modes.
  const pglite = await PGlite.create(inMemory ? undefined : `${dataDir.replace(/\/$/, '')}/pgdata`, {
    parsers: { [types.INT8]: (value: string) => value, [types.NUMERIC]: (value: string) => value },
  });
  const pool = new PglitePool(pglite) as unknown as Pool;
  return {
    pool,
    mode: 'embedded',
    supportsListen: false,
    url: inMemory ? 'pglite://memory' : `pglite://${dataDir}`,
    close: async () => {
      await pool.end();
      await pglite.close();
    },
  };
}

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Where unqualified names resolve, for every connection of the ledger: read models first, then the
 * log's schema. Set by the connection itself, so neither the role's name (a role called `ledger`
 * finds schema `ledger` first through `"$user"`) nor its default search path changes what a
 * query, a migration or TypeORM's migrations table refers to. `public` is left out on purpose:
 * nothing of the ledger lives there.
 */
export const SEARCH_PATH = 'read, ledger';

/** How long taking a connection may wait: a new one's connect, or a free one from a busy pool. */
const CONNECT_TIMEOUT_MS = 10_000;

function openServer(url: string, max: number): Database {
  const pool = new Pool({
    connectionString: url,
    max,
    application_name: 'call-centre-ledger',
    // Without it a connect to an unreachable server waits for the OS (minutes); with it the
    // request gets its 503 and the reader its retry while the server is away.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: `-c search_path=${SEARCH_PATH.replace(/ /g, '')}`,
  } satisfies PoolConfig);
  pool.on('error', () => undefined); // an idle client dying is reported to the query that next uses the pool
  // pg's pool listens only on idle clients: one checked out (a transaction between statements)
  // whose backend the server ends would emit 'error' unheard, an uncaught exception ending the
  // process. Heard here, the fault reaches whoever sends the client its next statement, as a
  // transient error that reader retries.
  pool.on('connect', (client) => client.on('error', () => undefined));
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
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  // Parse bigint and numeric as pg does (strings), so results look the same in both modes.
  const pglite = await PGlite.create(inMemory ? undefined : `${dataDir.replace(/\/$/, '')}/pgdata`, {
    parsers: { [types.INT8]: (value: string) => value, [types.NUMERIC]: (value: string) => value },
  });
  await pglite.exec(`set search_path to ${SEARCH_PATH}`);
  const pool = new PglitePool(pglite) as unknown as Pool;
  return {
    pool,
    mode: 'embedded',
    supportsListen: false,
    url: inMemory ? 'pglite://memory' : `pglite://${dataDir}`,
    close: async () => {
      await pool.end();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * PGlite files must have one writer: a second process opening the same folder would corrupt
 * them. A lock file names the holder; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'ledger.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch {
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(`The embedded database in ${dataDir} is in use by process ${holder}. Stop it first, or set DATABASE_URL.`);
      }
      unlinkSync(file);
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

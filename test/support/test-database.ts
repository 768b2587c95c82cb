import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate, openDatabase, type Database, type StorageMode } from '@ledger/platform';

/**
 * Every test file gets a database of its own: on the PostgreSQL server of DATABASE_URL a fresh
 * database (dropped afterwards), otherwise an in-memory PGlite. Nothing leaks between files.
 */
export interface TestDatabase {
  readonly database: Database;
  readonly mode: StorageMode;
  /** Connection string of this test database (server mode), for extra raw clients. */
  readonly url: string;
  drop(): Promise<void>;
}

export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

/** Storage modes a suite can run on here: both when a server is configured. */
export function availableModes(): StorageMode[] {
  return serverUrl() ? ['server', 'embedded'] : ['embedded'];
}

export async function createTestDatabase(
  label: string,
  mode: StorageMode = serverUrl() ? 'server' : 'embedded',
  /** adminUrl: the server to make the database on, when not DATABASE_URL's (a cluster of the test's own). */
  options: { migrated?: boolean; adminUrl?: string } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (mode === 'embedded') {
    const database = await openDatabase({ dataDir: 'memory://' });
    if (migrated) await migrate(database);
    return { database, mode, url: database.url, drop: () => database.close() };
  }
  const adminUrl = options.adminUrl ?? serverUrl();
  if (!adminUrl) throw new Error('DATABASE_URL is not set: server-mode tests need a PostgreSQL server');
  const name = `ledger_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 60 });
  if (migrated) await migrate(database);
  return {
    database,
    mode,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

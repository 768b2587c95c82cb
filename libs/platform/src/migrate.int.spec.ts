import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../../../migrations';
import { migrate } from './data-source';
import { openDatabase, type Database } from './database';

const serverUrl = process.env.DATABASE_URL;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * API replicas and workers start at the same moment and each migrates before it serves. Server
 * mode only: the embedded database is one process with one connection.
 */
(serverUrl ? describe : describe.skip)('migrating one database from several processes at once', () => {
  const name = `ledger_migrate_${randomBytes(4).toString('hex')}`;
  const databases: Database[] = [];

  beforeAll(async () => {
    await admin(`create database "${name}"`);
  });
  afterAll(async () => {
    for (const database of databases) await database.close();
    await admin(`drop database if exists "${name}" with (force)`);
  });

  it('applies every migration exactly once, and every process starts', async () => {
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    for (let i = 0; i < 4; i++) databases.push(await openDatabase({ url: url.toString(), poolSize: 3 }));

    const applied = await Promise.all(databases.map((database) => migrate(database)));

    expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
    const { rows } = await databases[0]!.pool.query<{ count: string }>('select count(*) from ledger_migrations');
    expect(Number(rows[0]!.count)).toBe(MIGRATIONS.length);
  });
});

import { Client } from 'pg';
import { isTransientDatabaseError } from './transient';
import { openDatabase, type Database } from './database';

const serverUrl = process.env.DATABASE_URL;

/**
 * pg's pool listens for errors only on idle clients. A client checked out (a TypeORM transaction
 * between two statements, while the process manager or a projection works in JS) whose backend
 * the server ends — an idle-session timeout, a failover, pg_terminate_backend — emitted 'error'
 * with no listener: an uncaught exception that ends the process.
 */
(serverUrl ? describe : describe.skip)('a pooled connection the server ends while it is checked out', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({ url: serverUrl!, poolSize: 2 });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('fails its next statement as a transient fault instead of ending the process', async () => {
    const client = await database.pool.connect();
    await client.query('begin');
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const next = await client.query('select 1').then(
      () => null,
      (error: unknown) => error,
    );
    client.release(next as Error);
    expect(isTransientDatabaseError(next)).toBe(true);
    expect((await database.pool.query<{ ok: number }>('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });
});

import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as pg's own QueryResult types them: callers name their row type
type QueryResult = { rows: any[]; rowCount: number; fields: Array<{ name: string; dataTypeID: number }>; command?: string };
type Callback<T> = (error: Error | null, result?: T) => void;

/**
 * Serves PGlite, a single-user PostgreSQL, through the part of pg's Pool interface that the
 * ledger and TypeORM use. One "connection" at a time: `connect()` waits until the previous
 * client is released, exactly like a pg Pool with max = 1, so transactions never interleave.
 * (pglite-socket was tried first; it drops the connection on any error in the extended query
 * protocol, i.e. on every unique violation, which the event store relies on.)
 */
export class PglitePool extends EventEmitter {
  private queue: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(private readonly pglite: PGlite) {
    super();
  }

  /** Runs `work` with exclusive use of the database. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  query(text: string | { text: string; values?: unknown[] }, values?: unknown[], callback?: Callback<QueryResult>): Promise<QueryResult> {
    const sql = typeof text === 'string' ? text : text.text;
    const params = typeof text === 'string' ? values : text.values;
    const result = this.exclusive(() => this.run(sql, params));
    if (callback)
      result.then(
        (r) => callback(null, r),
        (e: Error) => callback(e),
      );
    return result;
  }

  /** pg's two forms: `connect()` returning a client, and `connect((err, client, release) => …)`. */
  connect(callback?: (error: Error | null, client?: PgliteClient, release?: (error?: unknown) => void) => void): Promise<PgliteClient> {
    if (this.ended) return Promise.reject(new Error('Pool is closed'));
    let releaseLock!: () => void;
    const held = new Promise<void>((resolve) => (releaseLock = resolve));
    const acquired = new Promise<PgliteClient>((resolve) => {
      this.queue = this.queue.then(() => {
        resolve(new PgliteClient(this.pglite, (sql, params) => this.run(sql, params), releaseLock));
        return held;
      });
    });
    if (callback) acquired.then((client) => callback(null, client, (error) => client.release(error)));
    return acquired;
  }

  async run(sql: string, params?: unknown[]): Promise<QueryResult> {
    if (!params || params.length === 0) {
      // exec accepts several statements, as pg's simple query protocol does.
      const results = await this.pglite.exec(sql);
      const last = results[results.length - 1];
      return {
        rows: last?.rows ?? [],
        rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
        fields: (last?.fields ?? []) as QueryResult['fields'],
      };
    }
    const result = await this.pglite.query(sql, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, fields: result.fields as QueryResult['fields'] };
  }

  get totalCount(): number {
    return 1;
  }

  get idleCount(): number {
    return 0;
  }

  get waitingCount(): number {
    return 0;
  }

  async end(callback?: (error?: Error) => void): Promise<void> {
    this.ended = true;
    await this.queue;
    callback?.();
  }
}

export class PgliteClient extends EventEmitter {
  private released = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly runner: (sql: string, params?: unknown[]) => Promise<QueryResult>,
    private readonly releaseLock: () => void,
  ) {
    super();
  }

  query(text: string | { text: string; values?: unknown[] }, values?: unknown[], callback?: Callback<QueryResult>): Promise<QueryResult> {
    const sql = typeof text === 'string' ? text : text.text;
    const params = typeof text === 'string' ? values : text.values;
    const result = this.runner(sql, params);
    if (callback)
      result.then(
        (r) => callback(null, r),
        (e: Error) => callback(e),
      );
    return result;
  }

  release(error?: unknown): void {
    if (this.released) return;
    this.released = true;
    // A client given back in a transaction (an error mid-way) must not leave it open for the next.
    void (error || this.pglite.isInTransaction() ? this.pglite.exec('rollback').catch(() => undefined) : Promise.resolve()).finally(
      this.releaseLock,
    );
  }
}

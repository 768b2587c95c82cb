/**
 * Faults that say nothing about the work being done, only about the way to the database: the
 * connection was lost or refused, the server is shutting down or starting, too many clients, a
 * statement timed out, or a transaction lost a serialization race. Done again on a fresh
 * connection, the same work may well succeed, so readers retry it and the HTTP edge answers 503.
 * Anything else (a constraint, a type, a bug) fails the same way every time.
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown: pg_terminate_backend, smart/fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, or in recovery
]);

const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What pg and its pool say when a connection ends or cannot be had; they set no code. */
const TRANSIENT_MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /timeout exceeded when trying to connect/,
  /^Client has already been connected/,
  /the database system is (starting up|shutting down|in recovery mode)/,
  /^terminating connection/,
  // TypeORM's, for a query sent through a runner whose connection was lost and released.
  /Query runner already released/,
];

export function isTransientDatabaseError(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // TypeORM wraps the driver's error (driverError); Error.cause chains wrap others.
    cause = (cause as { driverError?: unknown }).driverError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Told each time a reader (a projection, a process manager) retries after a failure, so that
 * retries are counted where operators look (ledger_reader_retries_total), not only logged.
 */
export type RetryObserver = (reader: string, fault: 'transient' | 'other') => void;

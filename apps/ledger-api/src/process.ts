import { Logger } from '@nestjs/common';
import { ConfigError } from '@ledger/platform';
import { TracedLogger } from './http/request-tracing';

/**
 * Structured logs: one JSON object a line for the log pipeline (LEDGER_LOG_FORMAT=text for
 * people), with the request and correlation ids of the request being served.
 */
export function useLedgerLogs(): void {
  const text = process.env.LEDGER_LOG_FORMAT === 'text';
  Logger.overrideLogger(new TracedLogger({ json: !text, colors: text }));
}

/** Stops cleanly on SIGINT/SIGTERM: the closers run in order (the app, then its runtime). */
export function stopOnSignals(...closers: Array<() => Promise<void>>): void {
  const shutdown = async () => {
    for (const close of closers) await close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** Runs a process's main; a configuration error is told in its own words, anything else with its stack. */
export function runMain(what: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
    console.error(`The ${what} could not start: ${message}`);
    process.exit(1);
  });
}

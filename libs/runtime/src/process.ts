import { Logger } from '@nestjs/common';
import { ConfigError } from '@ledger/platform';
import { TracedLogger } from './tracing';

/**
 * Structured logs: one JSON object a line for the log pipeline (LEDGER_LOG_FORMAT=text for
 * people), with the request and correlation ids of the request being served.
 */
export function useLedgerLogs(): void {
  const text = process.env.LEDGER_LOG_FORMAT === 'text';
  Logger.overrideLogger(new TracedLogger({ json: !text, colors: text }));
}

/**
 * Stops cleanly on SIGINT/SIGTERM: the closers run in order (the app, then its runtime), so
 * feeds end with their retry hint and the leader finishes its batch and releases its lease
 * before the connections close. A second signal stops at once, for an operator who will not wait.
 */
export function stopOnSignals(...closers: Array<() => Promise<void>>): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ msg: 'stopping now, without finishing', signal });
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    logger.log({ msg: 'stopping', signal });
    try {
      for (const close of closers) await close();
    } catch (error) {
      logger.error({ msg: 'stopping failed', error: error instanceof Error ? error.stack : String(error) });
      process.exit(1);
    }
    logger.log({ msg: 'stopped', ms: Date.now() - started });
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Runs a process's main; a configuration error is told in its own words, anything else with its stack. */
export function runMain(what: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
    console.error(`The ${what} could not start: ${message}`);
    process.exit(1);
  });
}

import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@ledger/platform';
import { AppModule } from '../../ledger-api/src/app';
import { startRuntime } from '../../ledger-api/src/runtime';

/**
 * The worker: projections, webhook delivery, the NATS relay and the process managers, without
 * HTTP. Run several for availability: one holds the leader lease (a PostgreSQL advisory lock)
 * and does the work; the others take over when it dies. API processes then run with
 * LEDGER_ROLE=api.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(new ConsoleLogger({ json: process.env.LEDGER_LOG_FORMAT !== 'text', colors: process.env.LEDGER_LOG_FORMAT === 'text' }));
  const logger = new Logger('LedgerWorker');
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('The worker needs DATABASE_URL: embedded mode runs everything in the API process (npm start).');
  const runtime = await startRuntime(config, { role: 'worker' });
  const context = await NestFactory.createApplicationContext(AppModule.forRuntime(runtime), { bufferLogs: false });
  await context.init();
  logger.log({ msg: 'worker started', leading: runtime.isLeading() });
  const shutdown = async () => {
    await context.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  console.error(`The worker could not start: ${message}`);
  process.exit(1);
});

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@ledger/platform';
import { runMain, startRuntime, stopOnSignals, useLedgerLogs } from '@ledger/runtime';
import { serveProbes } from './probes';
import { WorkerModule } from './worker.module';

/**
 * The worker: projections, webhook delivery, the NATS relay and the process managers, without
 * the API (it answers health probes and /metrics on LEDGER_WORKER_PORT). Run several for
 * availability: one holds the leader lease (a PostgreSQL advisory lock) and does the work; the
 * others take over when it dies. API processes then run with LEDGER_ROLE=api.
 */
runMain('worker', async () => {
  useLedgerLogs();
  const logger = new Logger('LedgerWorker');
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError('The worker needs DATABASE_URL: embedded mode runs everything in the API process (npm start).');
  const runtime = await startRuntime(config, { role: 'worker' });
  const context = await NestFactory.createApplicationContext(WorkerModule.forRuntime(runtime), { bufferLogs: false });
  const probes = await serveProbes(runtime, config.workerPort);
  logger.log({ msg: 'worker started', leading: runtime.isLeading(), probesPort: probes.port });
  stopOnSignals(
    () => new Promise<void>((resolve) => probes.server.close(() => resolve())),
    () => context.close(),
    () => runtime.close(),
  );
});

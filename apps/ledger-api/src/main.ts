import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@ledger/platform';
import { createApp } from './app';
import { startRuntime } from './runtime';

async function main(): Promise<void> {
  // Structured logs: one JSON object a line, for the log pipeline (LEDGER_LOG_FORMAT=text for people).
  Logger.overrideLogger(new ConsoleLogger({ json: process.env.LEDGER_LOG_FORMAT !== 'text', colors: process.env.LEDGER_LOG_FORMAT === 'text' }));
  const logger = new Logger('Ledger');
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const app = await createApp(runtime);
  const server = await app.listen(config.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.log({
    msg: 'ledger listening',
    url: `http://localhost:${port}`,
    storage: runtime.database.mode === 'embedded' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server',
  });
  if (config.jwtSecretGenerated) {
    logger.log(`No LEDGER_JWT_SECRET set: using the one kept in ${config.dataDir}/jwt-secret. Mint a token with: npm run cli -- token --role officer`);
  }
  const shutdown = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  console.error(`The ledger could not start: ${message}`);
  process.exit(1);
});

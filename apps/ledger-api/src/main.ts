import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@ledger/platform';
import { runMain, startRuntime, stopOnSignals, useLedgerLogs } from '@ledger/runtime';
import { createApp } from '@ledger/http';

runMain('ledger', async () => {
  useLedgerLogs();
  const logger = new Logger('Ledger');
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const app = await createApp(runtime);
  // Every interface, as Node's own default: Fastify's is loopback only, unreachable in a container.
  const server = await app.listen(config.port, '0.0.0.0');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.log({
    msg: 'ledger listening',
    url: `http://localhost:${port}`,
    storage: runtime.database.mode === 'embedded' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL server',
  });
  if (config.jwtSecretGenerated) {
    logger.log(
      `No LEDGER_JWT_SECRET set: using the one kept in ${config.dataDir}/jwt-secret. Mint a token with: npm run cli -- token --role officer --org MIIT`,
    );
  }
  stopOnSignals(
    () => app.close(),
    () => runtime.close(),
  );
});

import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig, openDatabase } from '@ledger/platform';
import { runMain, startRuntime } from '@ledger/runtime';
import { contractFiles, createApp } from '@ledger/http';

/**
 * `npm run docs:openapi`: writes docs/openapi.json and docs/http-operations.md from the document a
 * ledger serves, started on an in-memory database with throwaway keys so nothing lands in ./data.
 */
runMain('contract docs', async () => {
  // The ledger's start-up log says nothing about the contract; its warnings and errors still show.
  Logger.overrideLogger(['warn', 'error']);
  const config = loadConfig({
    LEDGER_JWT_SECRET: randomBytes(32).toString('base64url'),
    LEDGER_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const runtime = await startRuntime(config, { database: await openDatabase({ dataDir: 'memory://' }) });
  const app = await createApp(runtime, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const served = await fetch(`${await app.getUrl()}/docs-json`);
    const document = (await served.json()) as OpenAPIObject;
    for (const [path, text] of Object.entries(contractFiles(document))) {
      writeFileSync(join(process.cwd(), path), text);
      console.log(`wrote ${path}`);
    }
  } finally {
    await app.close();
    await runtime.close();
  }
});

import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { mintToken, isRole, ROLES } from '@ledger/auth';
import { PostgresEventStore } from '@ledger/event-store';
import { ConfigError, dataSourceFor, loadConfig, migrate, openDatabase } from '@ledger/platform';
import { allProjections, ProjectionRunner, READ_MODEL_ENTITIES, UnknownProjection } from '@ledger/projections';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                         apply pending migrations to the configured database
  rebuild NAME|--all              rebuild read models from the log (stop the API first, or use
                                  POST /v1/projections/NAME/rebuild on a running one)
  token --role R [--org X] [--sub NAME] [--ttl SECONDS]
                                  mint a bearer token signed with the ledger's secret
                                  roles: ${ROLES.join(', ')}

The database is DATABASE_URL, or the embedded one in LEDGER_DATA_DIR (default ./data).`;

async function main(argv: string[]): Promise<number> {
  Logger.overrideLogger(['error', 'warn']); // the CLI reports in its own words on stdout
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return runMigrate();
    case 'token':
      return runToken(rest);
    case 'rebuild':
      return runRebuild(rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function runMigrate(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const applied = await migrate(database);
    console.log(applied.length === 0 ? 'Nothing to migrate: the database is up to date.' : `Applied: ${applied.join(', ')}`);
    return 0;
  } finally {
    await database.close();
  }
}

async function runRebuild(args: string[]): Promise<number> {
  const [target] = args;
  if (!target) {
    console.error('rebuild needs a projection name, or --all');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  await migrate(database);
  const store = await PostgresEventStore.create(database.pool, { listenUrl: null });
  const dataSource = dataSourceFor(database, READ_MODEL_ENTITIES);
  await dataSource.initialize();
  const runner = new ProjectionRunner(store, dataSource, allProjections({ creditTerms: config.creditTerms }));
  try {
    const names = target === '--all' ? runner.names() : [target];
    for (const name of names) {
      const started = Date.now();
      const result = await runner.rebuild(name);
      console.log(`${name}: ${result.events} events up to position ${result.position} in ${Date.now() - started} ms`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UnknownProjection) {
      console.error(`${error.message} Known: ${runner.names().join(', ')}`);
      return 2;
    }
    throw error;
  } finally {
    await runner.stop();
    await store.close();
    await dataSource.destroy();
    await database.close();
  }
}

function runToken(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      org: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  const roles = values.role ?? [];
  if (roles.length === 0 || !roles.every(isRole)) {
    console.error(`--role is required, one or more of: ${ROLES.join(', ')}`);
    return 2;
  }
  const ttlSeconds = values.ttl === undefined ? 8 * 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    console.error('--ttl must be a positive number of seconds');
    return 2;
  }
  const config = loadConfig();
  const sub = values.sub ?? `${roles[0]}-cli`;
  console.log(mintToken({ sub, roles, org: values.org, ttlSeconds }, config.jwtSecret));
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof TypeError ? error.message : error);
    process.exit(1);
  });

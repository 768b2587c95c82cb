import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { mintToken, isRole, ROLES } from '@ledger/auth';
import { openEventStore } from '@ledger/event-store';
import { loadSigningKey, verifyLedger, type VerifyReport } from '@ledger/integrity';
import {
  ConfigError,
  dataSourceFor,
  grantRuntimeRole,
  loadConfig,
  migrate,
  openDatabase,
  RUNTIME_GROUP,
  runtimeGrantStatements,
} from '@ledger/platform';
import { allProjections, ProjectionRunner, READ_MODEL_ENTITIES, UnknownProjection } from '@ledger/projections';
import { runKeys } from './keys';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                         apply pending migrations to the configured database; needs
                                  only the ownership of the database
  grants [--role LOGIN] [--owner ROLE] [--print]
                                  make the group role ledger_writer with what the API and workers
                                  need (append to and read the log, write read models; no DDL,
                                  no update or delete of the log) and make LOGIN a member; with
                                  --owner, tables later migrations make are granted too. Run by
                                  a role that may create roles (a DBA), after migrate; --print
                                  only prints the SQL
  rebuild NAME|--all              rebuild read models from the log (stop the API first, or use
                                  POST /v1/projections/NAME/rebuild on a running one)
  keys [--dir DIR]                make the JWT secret (jwt-secret) and the tree-head signing key
                                  (signing-key.pem) in DIR (default LEDGER_DATA_DIR) unless they
                                  exist, and print the public key; point LEDGER_JWT_SECRET_FILE and
                                  LEDGER_SIGNING_KEY_FILE at them
  token --role R [--org X] [--sub NAME] [--ttl SECONDS]
                                  mint a bearer token signed with the ledger's secret
                                  roles: ${ROLES.join(', ')}; an officer's org is its
                                  authority, MIIT or a province code (110000): without
                                  one an officer may read but not decide
  verify                          recompute every leaf from the events and the Merkle tree from
                                  the leaves, check every signed tree head (and its signature),
                                  and name the first position where stored data no longer
                                  matches; exits 1 when anything does not
  export [--stream ID] [--from N] [--out FILE]
                                  the log (events after position N), or one stream (from
                                  version N), as NDJSON: one event JSON a line, to stdout or FILE
  seed [--enterprises N] [--seed S] [--force]
                                  demo data through the API: N enterprises (default 200) with
                                  licences, numbers, contracts, cases and credit-list entries,
                                  the same for the same seed; refuses a non-empty ledger unless
                                  --force

The database is DATABASE_URL, or the embedded one in LEDGER_DATA_DIR (default ./data).`;

async function main(argv: string[]): Promise<number> {
  Logger.overrideLogger(['error', 'warn']); // the CLI reports in its own words on stdout
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return runMigrate();
    case 'token':
      return runToken(rest);
    case 'grants':
      return runGrants(rest);
    case 'keys':
      return runKeys(rest);
    case 'rebuild':
      return runRebuild(rest);
    case 'verify':
      return runVerify();
    case 'export':
      return (await import('./export')).runExport(rest);
    case 'seed':
      return (await import('./seed')).runSeed(rest); // loaded on use: it brings the whole API
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

async function runGrants(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, owner: { type: 'string' }, print: { type: 'boolean' } },
    strict: true,
  });
  const grants = { login: values.role, owner: values.owner };
  if (values.print) {
    for (const statement of runtimeGrantStatements(grants)) console.log(`${statement};`);
    return 0;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    await grantRuntimeRole(database, grants);
    console.log(`Granted ${RUNTIME_GROUP} its privileges${values.role ? ` and made ${values.role} a member` : ''}.`);
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
  const store = await openEventStore(config.eventStore, database);
  const dataSource = dataSourceFor(database, READ_MODEL_ENTITIES);
  await dataSource.initialize();
  const runner = new ProjectionRunner(store, dataSource, allProjections({ creditTerms: config.creditTerms, schemas: store.schemas }));
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

async function runVerify(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const store = await openEventStore(config.eventStore, database);
  try {
    const key = loadSigningKey({ signingKey: config.integrity.signingKey, dataDir: config.dataDir });
    const started = Date.now();
    const report = await verifyLedger(database.pool, store, key?.publicKey ?? null);
    printReport(report, Date.now() - started);
    return report.problems === 0 ? 0 : 1;
  } catch (error) {
    // Verifying is reading: it does not migrate a database that predates the integrity tables.
    if ((error as { code?: string }).code === '42P01') {
      console.error('This database has no Merkle tree yet: start the ledger, or run `migrate`, first.');
      return 2;
    }
    throw error;
  } finally {
    await store.close();
    await database.close();
  }
}

function printReport(report: VerifyReport, ms: number): void {
  const pending = report.pending > 0 ? ` (${report.pending} newer events are not in the tree yet)` : '';
  console.log(
    `Checked ${report.events} events, ${report.leaves} leaves and ${report.treeHeads} signed tree head(s) in ${ms} ms${pending}.`,
  );
  if (report.latestHead) {
    const { treeSize, rootHash, issuedAt } = report.latestHead;
    console.log(`Latest signed tree head: size ${treeSize}, root ${rootHash}, issued ${issuedAt}.`);
  }
  if (report.problems === 0) {
    console.log('OK: every event matches its leaf, the tree its leaves, and every tree head its tree and signature.');
    return;
  }
  const first = report.firstPosition === null ? '' : ` The first position where stored data no longer matches: ${report.firstPosition}.`;
  console.log(`NOT OK: ${report.problems} problem${report.problems === 1 ? '' : 's'}.${first}`);
  for (const finding of report.findings)
    console.log(`  ${finding.position === null ? '' : `position ${finding.position}: `}${finding.detail}`);
  if (report.problems > report.findings.length) console.log(`  … and ${report.problems - report.findings.length} more`);
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

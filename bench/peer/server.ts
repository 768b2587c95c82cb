import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { CommandHandler, isExpectedVersionConflictError } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Pool } from 'pg';
import { InvalidTokenError, verifyToken, type JwtClaims } from '@ledger/auth/jwt';
import {
  Refusal,
  allocateNumber,
  enterpriseEvolve,
  enterpriseInitialState,
  enterpriseStreamId,
  numberEvolve,
  numberIdOf,
  numberInitialState,
  numberStreamId,
  registerEnterprise,
  violationsOfAllocation,
  violationsOfRegistration,
  type ActMetadata,
  type AllocateNumber,
  type RegisterEnterprise,
} from './registry';

/*
 * The peer of issue 20: what a team would build instead of the ledger for the same two commands,
 * an Express 5 app on Emmett 0.42 written as Emmett's samples write one (a CommandHandler per
 * stream, business logic as functions of command and state), with an HS256 bearer check and field
 * validation at the edge. Run by the bench as a process of its own, like the ledger's `npm start`.
 */

const handleEnterprise = CommandHandler({ evolve: enterpriseEvolve, initialState: enterpriseInitialState });
const handleNumber = CommandHandler({ evolve: numberEvolve, initialState: numberInitialState });

export function peerApp(eventStore: PostgresEventStore, secret: string) {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.use(officerOnly(secret));

  app.post('/v1/enterprises', async (request: Request, response: Response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const violations = violationsOfRegistration(body);
    if (violations.length > 0) throw new Refusal(400, 'VALIDATION_FAILED', violations.join('; '));
    const command = body as unknown as RegisterEnterprise;
    const metadata = actOf(response, typeof body.effectiveAt === 'string' ? body.effectiveAt : null);
    const streamId = enterpriseStreamId(command.uscc);
    const result = await handleEnterprise(eventStore, streamId, (state) => registerEnterprise(command, state, metadata));
    response
      .status(201)
      .json({ streamId, version: Number(result.nextExpectedStreamVersion), position: Number(result.lastEventGlobalPosition) });
  });

  app.post('/v1/numbers', async (request: Request, response: Response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const violations = violationsOfAllocation(body);
    if (violations.length > 0) throw new Refusal(400, 'VALIDATION_FAILED', violations.join('; '));
    const command = body as unknown as AllocateNumber;
    // 95 numbers are MIIT's to allocate, a province's 96 numbers its own (the ledger's jurisdiction rule).
    const org = (response.locals.claims as JwtClaims).org;
    if (org !== 'MIIT' && !(command.number.startsWith('96') && org === command.province)) {
      throw new Refusal(403, 'OUTSIDE_JURISDICTION', `Number ${command.number} is not allocated by ${String(org)}.`);
    }
    // The fact from another stream: the holder must be registered, read from the enterprise's stream.
    const { state: holder } = await eventStore.aggregateStream(enterpriseStreamId(command.uscc), {
      evolve: enterpriseEvolve,
      initialState: enterpriseInitialState,
    });
    const metadata = actOf(response, command.allocatedOn);
    const streamId = numberStreamId(numberIdOf(command.number, command.province));
    const result = await handleNumber(eventStore, streamId, (state) => allocateNumber(command, state, holder, metadata));
    response
      .status(201)
      .json({ streamId, version: Number(result.nextExpectedStreamVersion), position: Number(result.lastEventGlobalPosition) });
  });

  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const [status, code, detail] =
      error instanceof Refusal
        ? [error.status, error.code, error.message]
        : isExpectedVersionConflictError(error)
          ? [409, 'CONCURRENCY_CONFLICT', 'The stream changed while the command was decided.']
          : (error as { type?: string }).type === 'entity.parse.failed'
            ? [400, 'VALIDATION_FAILED', 'The body is not JSON.']
            : [500, 'INTERNAL', 'Unexpected error.'];
    response.status(status).type('application/problem+json').json({ status, code, detail });
  });
  return app;
}

/** Bearer HS256, on the same node:crypto check the ledger uses, and the officer role both commands need. */
function officerOnly(secret: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(new Refusal(401, 'UNAUTHENTICATED', 'A bearer token is required.'));
    let claims: JwtClaims;
    try {
      claims = verifyToken(header.slice('Bearer '.length), secret);
    } catch (error) {
      return next(error instanceof InvalidTokenError ? new Refusal(401, 'UNAUTHENTICATED', error.message) : error);
    }
    if (!Array.isArray(claims.roles) || !claims.roles.includes('officer'))
      return next(new Refusal(403, 'FORBIDDEN', 'Only officers record these acts.'));
    response.locals.claims = claims;
    next();
  };
}

function actOf(response: Response, effectiveAt: string | null): ActMetadata {
  const claims = response.locals.claims as JwtClaims;
  return { actor: String(claims.sub), correlationId: randomUUID(), effectiveAt: effectiveAt ?? new Date().toISOString() };
}

async function main(): Promise<void> {
  const { DATABASE_URL: url, PEER_JWT_SECRET: secret, PEER_POOL_SIZE: poolSize, PORT: port } = process.env;
  if (!url || !secret || !poolSize || !port) throw new Error('the peer needs DATABASE_URL, PEER_JWT_SECRET, PEER_POOL_SIZE and PORT');
  const pool = new Pool({ connectionString: url, max: Number(poolSize), application_name: 'bench-peer' });
  const eventStore = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
  await eventStore.schema.migrate();
  const server: Server = peerApp(eventStore, secret).listen(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  console.log(`peer listening on 127.0.0.1:${port}`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => {
      void eventStore
        .close()
        .then(() => pool.end())
        .catch(() => undefined)
        .finally(() => process.exit(0));
    });
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthModule, TokenVerifier } from '@ledger/auth';
import { ProblemException } from '@ledger/platform';
import { LedgerCoreModule } from '@ledger/core';
import type { LedgerRuntime } from '@ledger/runtime';
import { bindWithoutDeprecatedProperty } from './http/async-binding';
import { ProblemFilter, sendProblem } from './http/problem.filter';
import { traceOf, traceRequests } from './http/request-tracing';
import { rateLimit } from './http/rate-limit';
import { securityHeaders } from './http/security';
import { refuseUnsafeBodies } from './http/body-hygiene';
import { invalid } from './http/params';
import { EdgeValidation } from './http/validation';
import { openApiDocument } from './http/openapi';
import { CONTEXT_MODULES } from './contexts';
import { OperationsController } from './operations/operations.controller';
import { LogController } from './log/log.controller';
import { FeedController } from './feed/feed.controller';
import { ConsoleModule } from './console/console.module';
import { WorklistsModule } from './worklists/worklists.module';
import { StatisticsModule } from './statistics/statistics.module';

@Module({})
export class AppModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRuntime(runtime),
        AuthModule.forRoot({ secret: runtime.config.jwtSecret }),
        ...CONTEXT_MODULES,
        WorklistsModule,
        StatisticsModule,
        ConsoleModule,
      ],
      controllers: [OperationsController, LogController, FeedController],
    };
  }
}

/** A route as the server matches it: `GET /v1/cases/:id`. */
export interface ServedRoute {
  readonly method: string;
  readonly path: string;
}

const served = new WeakMap<object, readonly ServedRoute[]>();

/**
 * Every route the server answers, as Fastify registered it (Nest's controllers, Swagger's pages
 * and files, HEAD beside each GET), so that the hostile-input tests miss none.
 */
export function servedRoutes(app: NestFastifyApplication): readonly ServedRoute[] {
  return served.get(app) ?? [];
}

/** What JSON bodies arrive as; any other body is refused 415 (docs/http-contract.md, Conventions). */
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Fastify's router refuses a longer path parameter itself (414, in its own words); Node's 16 KiB
 * limit on a request's head comes first, so every parameter reaches its pipe, refused there, named.
 */
const MAX_PARAM_LENGTH = 16_384;

/**
 * The HTTP application over a running ledger, initialised and ready to listen; used by main.ts and
 * by the e2e tests. It runs on Fastify: under load the Express adapter, its router and its body
 * parser took about a fifth of the process's time (docs/benchmarks.md).
 */
export async function createApp(runtime: LedgerRuntime, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  bindWithoutDeprecatedProperty();
  const security = securityHeaders(runtime.config.corsOrigins);
  const adapter = new FastifyAdapter({
    bodyLimit: runtime.config.bodyLimitBytes,
    routerOptions: {
      maxParamLength: MAX_PARAM_LENGTH,
      // Express matched `/v1/enterprises/` as `/v1/enterprises`; clients written against it may send either.
      ignoreTrailingSlash: true,
    },
    // The body keeps `__proto__` and `constructor` as plain keys, for refuseUnsafeBodies to name.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // A URL the router cannot decode is refused before any hook or handler; answered here as
    // every refusal is, with the security headers and request ids the hooks would have given it.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem =
        error.code === 'FST_ERR_BAD_URL'
          ? invalid('path', 'is not percent-encoded UTF-8')
          : new ProblemException(error.statusCode ?? 400, 'VALIDATION_FAILED', error.message);
      security(request, reply, () => undefined);
      traceOf(request, reply);
      // A CORS preflight is answered by the security hook itself.
      if (!reply.sent) sendProblem(reply, problem.body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime), adapter, {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  const instance = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const routes: ServedRoute[] = [];
  instance.addHook('onRoute', ({ method, url }) => {
    for (const one of Array.isArray(method) ? method : [method]) routes.push({ method: one, path: url });
  });
  served.set(app, routes);
  instance.addHook('onRequest', security);
  traceRequests(instance, runtime.metrics);
  instance.addHook('onRequest', rateLimit(runtime.config, app.get(TokenVerifier)));
  acceptJsonBodies(instance, runtime.config.bodyLimitBytes);
  instance.addHook('preValidation', refuseUnsafeBodies);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(new EdgeValidation());
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  const feed = app.get(FeedController);
  runtime.metrics.countFeedClientsWith(() => feed.openStreams);
  await app.init();
  await instance.ready();
  return app;
}

/**
 * JSON is the one body the API takes: Fastify's own parsers (JSON with its own refusals, plain
 * text) are replaced, so a body of another type is 415 and one that does not parse is named.
 */
function acceptJsonBodies(instance: FastifyInstance, bodyLimit: number): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(JSON_TYPES, { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(
        new ProblemException(400, 'VALIDATION_FAILED', 'The request body is not valid JSON.', {
          violations: [{ field: 'body', message: 'malformed JSON' }],
        }),
        undefined,
      );
    }
  });
}

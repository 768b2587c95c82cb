import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { AuthModule } from '@ledger/auth';
import { ProblemException, type LedgerMetrics } from '@ledger/platform';
import { LedgerCoreModule } from '@ledger/core';
import type { LedgerRuntime } from '@ledger/runtime';
import { ProblemFilter } from './http/problem.filter';
import { traceRequests } from './http/request-tracing';
import { rateLimit } from './http/rate-limit';
import { applySecurity } from './http/security';
import { refuseUnsafeBodies } from './http/body-hygiene';
import { refuseUndecodablePaths } from './http/params';
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

/** The HTTP application over a running ledger; used by main.ts and by the e2e tests. */
export async function createApp(runtime: LedgerRuntime, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRuntime(runtime), {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  applySecurity(app, runtime.config.corsOrigins);
  app.use(traceRequests());
  app.use(timeRequests(runtime.metrics));
  app.use(rateLimit(runtime.config));
  app.use(refuseUndecodablePaths);
  app.use(requireJsonBodies);
  app.use(json({ limit: runtime.config.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(refuseUnsafeBodies);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(new EdgeValidation());
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  const feed = app.get(FeedController);
  runtime.metrics.countFeedClientsWith(() => feed.openStreams);
  return app;
}

/** Latency by route pattern (not by URL, which would make a series per licence number). */
function timeRequests(metrics: LedgerMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.http.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}

/** A command body that is not JSON is refused before it reaches validation (415). */
function requireJsonBodies(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (
    (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') &&
    hasBody &&
    !request.is(['application/json', 'application/*+json'])
  ) {
    next(new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the command as application/json.'));
    return;
  }
  next();
}

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { withTrace, type RequestTrace } from '@ledger/runtime';

/** Visible ASCII, as short as a header a log pipeline keeps whole; anything else is replaced, not refused. */
const TRACE_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Gives each request its ids, echoes them in X-Request-Id and X-Correlation-Id, runs the rest of
 * the request inside them (so every log line and every event it appends carries them) and logs
 * one line when the response is sent.
 */
export function traceRequests() {
  const logger = new Logger('HTTP');
  return (request: Request, response: Response, next: NextFunction): void => {
    const requestId = given(request, 'x-request-id') ?? randomUUID();
    const trace: RequestTrace = { requestId, correlationId: given(request, 'x-correlation-id') ?? requestId };
    response.setHeader('X-Request-Id', trace.requestId);
    response.setHeader('X-Correlation-Id', trace.correlationId);
    const started = performance.now();
    response.on('finish', () => {
      withTrace(trace, () =>
        logger.log({
          msg: 'request',
          method: request.method,
          route: request.route?.path ? `${request.baseUrl}${request.route.path}` : null,
          status: response.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          caller: (request as Request & { principal?: { sub?: string } }).principal?.sub ?? null,
        }),
      );
    });
    withTrace(trace, next);
  };
}

function given(request: Request, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && TRACE_ID.test(value) ? value : null;
}

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { LedgerMetrics } from '@ledger/platform';
import { withTrace, type RequestTrace } from '@ledger/runtime';
import { routeOf } from './request';

/** Visible ASCII, as short as a header a log pipeline keeps whole; anything else is replaced, not refused. */
const TRACE_ID = /^[\x21-\x7e]{1,200}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's ids, given on arrival (traceRequests). */
    trace: RequestTrace | null;
  }
}

/**
 * Gives each request its ids, echoes them in X-Request-Id and X-Correlation-Id, runs the rest of
 * the request inside them (so every log line and every event it appends carries them), and when
 * the response is sent logs one line and times it by route pattern (not by URL, which would make
 * a series per licence number).
 * Entered once, on arrival: Fastify carries the async context through reading the body
 * (its parser's callback is bound to it), so the handler runs inside the same ids.
 */
export function traceRequests(instance: FastifyInstance, metrics: LedgerMetrics): void {
  const logger = new Logger('HTTP');
  instance.decorateRequest('trace', null);
  instance.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    withTrace(traceOf(request, reply), done);
  });
  instance.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const route = routeOf(request);
    metrics.http.observe(
      { method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const line = () =>
      logger.log({
        msg: 'request',
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        caller: (request as FastifyRequest & { principal?: { sub?: string } | null }).principal?.sub ?? null,
      });
    if (request.trace) withTrace(request.trace, line);
    else line();
    done();
  });
}

/** The request's ids, from its headers or made here, kept on it and echoed in the response. */
export function traceOf(request: FastifyRequest, reply: FastifyReply): RequestTrace {
  const requestId = given(request, 'x-request-id') ?? randomUUID();
  const trace: RequestTrace = { requestId, correlationId: given(request, 'x-correlation-id') ?? requestId };
  request.trace = trace;
  reply.header('X-Request-Id', trace.requestId);
  reply.header('X-Correlation-Id', trace.correlationId);
  return trace;
}

function given(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && TRACE_ID.test(value) ? value : null;
}

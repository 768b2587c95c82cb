import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ConsoleLogger, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What ties a log line to the request it was written for, and a request to the events it caused. */
export interface RequestTrace {
  /** One HTTP exchange: the caller's X-Request-Id, else made here. */
  readonly requestId: string;
  /** One piece of work across requests and events: X-Correlation-Id, else the request id. */
  readonly correlationId: string;
}

const traces = new AsyncLocalStorage<RequestTrace>();

/** Visible ASCII, as short as a header a log pipeline keeps whole; anything else is replaced, not refused. */
const TRACE_ID = /^[\x21-\x7e]{1,200}$/;

/** The trace of the request being served, if any (undefined in the workers' own work). */
export function currentTrace(): RequestTrace | undefined {
  return traces.getStore();
}

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
      traces.run(trace, () =>
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
    traces.run(trace, next);
  };
}

function given(request: Request, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && TRACE_ID.test(value) ? value : null;
}

/**
 * Nest's JSON console logger, with the current request's ids merged into every line written
 * while serving it: a problem logged deep in a handler can be found from the caller's request id.
 */
export class TracedLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    super.log(traced(message), ...rest);
  }
  override error(message: unknown, ...rest: unknown[]): void {
    super.error(traced(message), ...rest);
  }
  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(traced(message), ...rest);
  }
  override debug(message: unknown, ...rest: unknown[]): void {
    super.debug(traced(message), ...rest);
  }
  override verbose(message: unknown, ...rest: unknown[]): void {
    super.verbose(traced(message), ...rest);
  }
  override fatal(message: unknown, ...rest: unknown[]): void {
    super.fatal(traced(message), ...rest);
  }
}

function traced(message: unknown): unknown {
  const trace = traces.getStore();
  if (!trace) return message;
  if (typeof message === 'object' && message !== null && !(message instanceof Error)) return { ...trace, ...message };
  return { msg: message, ...trace };
}

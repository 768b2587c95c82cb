import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger } from '@nestjs/common';

/** What ties a log line to the request it was written for, and a request to the events it caused. */
export interface RequestTrace {
  /** One HTTP exchange: the caller's X-Request-Id, else made here. */
  readonly requestId: string;
  /** One piece of work across requests and events: X-Correlation-Id, else the request id. */
  readonly correlationId: string;
}

const traces = new AsyncLocalStorage<RequestTrace>();

/** The trace of the request being served, if any (undefined in the workers' own work). */
export function currentTrace(): RequestTrace | undefined {
  return traces.getStore();
}

/** Runs `work` inside a request's ids, so its log lines and the events it appends carry them. */
export function withTrace<T>(trace: RequestTrace, work: () => T): T {
  return traces.run(trace, work);
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

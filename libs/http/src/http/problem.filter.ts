import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTransientDatabaseError, ProblemException, type ProblemBody } from '@ledger/platform';
import { isMalformedInput, RuleViolation, type Violation } from '@ledger/regulation/shared';
import { IdempotencyKeyReused, RefusalRecorded, VersionConflict } from '@ledger/core';
import { pathOf } from './request';

/** How long a client is asked to wait before sending a request answered 503 again. */
const RETRY_AFTER_SECONDS = 1;

/** Rule codes answered with a status of their own rather than 422 (docs/http-contract.md, Conventions). */
const RULE_STATUS: Partial<Record<Violation['code'], number>> = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CARRIER_MISMATCH: 403,
  AUTHORITY_REQUIRED: 403,
  OUTSIDE_JURISDICTION: 403,
};

/**
 * Renders every error as application/problem+json (RFC 9457). Deciders and the command layer
 * raise domain errors that know nothing of HTTP; this is the one place they become answers, so a
 * process manager sending the same commands sees the refusal itself. The database out of reach (lost
 * connection, restart, failover, timeout) is a 503 with Retry-After: the request may be sent
 * again as it was, and nothing about the ledger is wrong. Unknown errors become a 500 whose
 * body says nothing about internals; the details go to the log, under the request's ids
 * (X-Request-Id, which the caller can quote).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toProblem(exception, request);
    if (body.status === 503) {
      // Not a fault of the ledger's: an error here would page someone for a client's retry.
      this.logger.warn({
        msg: 'not yet',
        code: body.code,
        method: request.method,
        path: pathOf(request),
        error: exception instanceof Error ? exception.message : String(exception),
      });
    } else if (body.status >= 500) {
      this.logger.error({
        msg: 'request failed',
        method: request.method,
        path: pathOf(request),
        error: exception instanceof Error ? exception.stack : String(exception),
      });
    }
    sendProblem(response, body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemBody {
    if (exception instanceof ProblemException) return exception.body;
    if (exception instanceof RuleViolation) return ruleProblem(exception).body;
    if (exception instanceof VersionConflict) {
      const { streamId, expectedVersion, actualVersion } = exception;
      return new ProblemException(409, exception.code, exception.message, { streamId, expectedVersion, actualVersion }).body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = statusCode(status, exception);
      const detail = detailOf(exception, request);
      return new ProblemException(status, code, detail).body;
    }
    if (isTransientDatabaseError(exception)) {
      return new ProblemException(
        503,
        'DATABASE_UNAVAILABLE',
        'The ledger’s database cannot be reached just now. Send the request again shortly; a command sent with the same Idempotency-Key is recorded once, however often it is sent.',
      ).body;
    }
    return new ProblemException(
      500,
      'INTERNAL_ERROR',
      'The ledger could not complete this request. Nothing was recorded unless a response said so.',
    ).body;
  }
}

/** A problem as the answer, with the headers its status calls for; also for what Fastify refuses before Nest sees it. */
export function sendProblem(reply: FastifyReply, body: ProblemBody): void {
  // Every 503 of the ledger is "not yet" (the database out of reach, a read model or the tree
  // behind): the same request, sent again, may succeed, and Retry-After says when.
  if (body.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  // The guard may already have said why the token was refused (error="invalid_token"): keep that.
  if (body.status === 401 && !reply.getHeader('WWW-Authenticate')) reply.header('WWW-Authenticate', 'Bearer');
  reply.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

function ruleProblem(violation: RuleViolation): ProblemException {
  if (violation instanceof RefusalRecorded) {
    return new ProblemException(422, violation.code, violation.message, {
      violations: violation.violations.map(({ code, message }) => ({ code, message })),
      ...violation.recorded,
    });
  }
  if (violation instanceof IdempotencyKeyReused) return new ProblemException(422, violation.code, violation.message);
  // Malformed input is refused as the edge refuses it, whatever rules the decider also found broken.
  const malformed = violation.violations.filter(isMalformedInput);
  if (malformed.length > 0) {
    return new ProblemException(400, 'VALIDATION_FAILED', malformed.map((m) => m.message).join('; '), {
      violations: malformed.map(({ field, message }) => ({ field, message })),
    });
  }
  const status = RULE_STATUS[violation.code] ?? 422;
  return new ProblemException(status, status === 403 ? 'FORBIDDEN' : violation.code, violation.message, {
    ...(violation.violations.length > 1 || status === 422 ? { violations: violation.violations } : {}),
  });
}

function statusCode(status: number, exception: HttpException): string {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return (
        exception.name
          .replace(/Exception$/, '')
          .replace(/([a-z])([A-Z])/g, '$1_$2')
          .toUpperCase() || 'ERROR'
      );
  }
}

/**
 * Fastify refuses an oversized body and a body of a type no parser takes before any handler runs;
 * Nest hands those on as an HttpException with Fastify's own wording, which is replaced by the
 * contract's.
 */
const FIXED_DETAIL: Partial<Record<number, string>> = {
  413: 'The request body is larger than the limit.',
  415: 'Send the command as application/json.',
};

function detailOf(exception: HttpException, request: FastifyRequest): string {
  if (exception.getStatus() === 404) return `No route ${request.method} ${pathOf(request)}.`;
  const fixed = FIXED_DETAIL[exception.getStatus()];
  if (fixed !== undefined) return fixed;
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
}

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashRequest, type Actor, type CommandEnvelope } from '@ledger/core';
import { ProblemException } from '@ledger/platform';
import { isCalendarDate, isDateOnly, toInstant } from '@ledger/regulation/shared';
import { currentTrace } from '@ledger/runtime';
import { pathOf, routeOf } from '../http/request';

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function envelopeFrom(request: FastifyRequest, actor: Actor, body: Record<string, unknown>): CommandEnvelope {
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw badHeader('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
  }
  const ifMatchRaw = header(request, 'if-match');
  let ifMatch: number | null = null;
  if (ifMatchRaw !== null) {
    const match = IF_MATCH.exec(ifMatchRaw);
    if (!match) throw badHeader('If-Match', 'must be a stream version in quotes, e.g. "3"');
    ifMatch = Number(match[1]);
  }
  return {
    actor,
    // The tracing middleware settles it for the whole request; it is absent only when a handler runs without it (tests).
    correlationId: currentTrace()?.correlationId ?? randomUUID(),
    causationId: null,
    documentNo: typeof body.documentNo === 'string' ? body.documentNo : null,
    legalBasis: Array.isArray(body.legalBasis) ? (body.legalBasis as string[]) : [],
    idempotencyKey,
    requestHash: idempotencyKey === null ? null : hashRequest(request.method, routeOf(request) ?? pathOf(request), request.params, body),
    ifMatch,
    effectiveAt: typeof body.effectiveAt === 'string' ? body.effectiveAt : null,
    receivedAt: new Date().toISOString(),
  };
}

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function badHeader(field: string, message: string): ProblemException {
  return new ProblemException(400, 'VALIDATION_FAILED', `Header ${field} ${message}.`, {
    violations: [{ field, message }],
  });
}

/**
 * When the act takes legal effect: the command's own date (decidedOn, heldOn, …), else the
 * body's effectiveAt, else now. Acts dated in the future are refused (docs/http-contract.md, Conventions).
 */
export function effectiveInstant(envelope: CommandEnvelope, ownDate?: { field: string; value: string | undefined | null }): string {
  const [field, value] = ownDate?.value ? [ownDate.field, ownDate.value] : ['effectiveAt', envelope.effectiveAt];
  // effectiveAt is checked even when the command's own date wins, so no impossible date is recorded.
  const given: ReadonlyArray<readonly [string, string | null | undefined]> = [
    [field as string, value],
    ['effectiveAt', envelope.effectiveAt],
  ];
  for (const [name, date] of given) {
    if (date && !isRealMoment(date)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', `${name} is not a real date or date-time.`, {
        violations: [{ field: name, message: 'is not a real date or date-time' }],
      });
    }
  }
  if (!value) return envelope.receivedAt;
  const instant = toInstant(value);
  const now = Date.parse(envelope.receivedAt);
  // A calendar date is a whole CST day: today is allowed even though its end is still to come.
  const latest = isDateOnly(value) ? now : now + 60_000;
  if (Number.isNaN(Date.parse(instant)) || Date.parse(instant) > latest) {
    throw new ProblemException(400, 'VALIDATION_FAILED', `${field} may not be in the future.`, {
      violations: [{ field, message: 'may not be in the future' }],
    });
  }
  return instant;
}

/**
 * Date parsing rolls impossible days over (2021-02-30 becomes 2 March) or throws on them, and
 * PostgreSQL refuses years before 1: an act is dated on a day that exists, in a four-digit year.
 */
function isRealMoment(value: string): boolean {
  const day = value.slice(0, 10);
  return isCalendarDate(day) && day >= '1000-01-01' && !Number.isNaN(Date.parse(value));
}

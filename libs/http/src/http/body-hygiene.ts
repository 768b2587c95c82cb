import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ProblemException, type ProblemViolation } from '@ledger/platform';

/**
 * Far deeper than any command needs (a penalty's measure, the deepest, is at level 3 counting the
 * body). class-transformer copies nested values recursively, so a few thousand levels would
 * overflow its stack and answer 500.
 */
const MAX_DEPTH = 8;

/**
 * Keys that name an object's prototype are never field names. Copied onto a DTO by
 * class-transformer they swap its prototype or its constructor, the very things class-validator
 * finds the rules by, and all three got past the unknown-field check (a 201).
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * NUL and lone surrogates (`\p{Cs}` matches only unpaired ones under the u flag) cannot be stored
 * in PostgreSQL text or jsonb, so they would fail the append after validation. Other C0 and C1
 * controls have no place in a regulatory record and can rewrite the terminal that shows one; tab,
 * line feed and carriage return stay allowed in free text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cs}]/u;

/** One answer names at most this many bad places, so a hostile body cannot make a huge answer. */
const MAX_VIOLATIONS = 20;

/**
 * Refuses (400) a parsed JSON body that no command can mean: not an object, nested too deep, with
 * prototype keys, or with characters that cannot be recorded. A `preValidation` hook: after the
 * JSON parser, before validation, which checks each command's shape.
 */
export function refuseUnsafeBodies(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const body: unknown = request.body;
  if (body === undefined) return done();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return done(refusal([{ field: 'body', message: 'must be a JSON object' }]));
  }
  const violations = inspect(body);
  if (violations.length === 0) done();
  else done(refusal(violations));
}

/** Walks the body without recursion, so its own depth costs no stack. */
function inspect(body: object): ProblemViolation[] {
  const violations: ProblemViolation[] = [];
  const pending: Array<{ value: unknown; field: string; depth: number }> = [{ value: body, field: '', depth: 1 }];
  while (pending.length > 0 && violations.length < MAX_VIOLATIONS) {
    const { value, field, depth } = pending.pop() as (typeof pending)[number];
    if (typeof value === 'string') {
      if (FORBIDDEN_CHARACTERS.test(value))
        violations.push({ field: field || 'body', message: 'contains a control character or an unpaired surrogate' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) {
      violations.push({ field, message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const path = field === '' ? key : `${field}.${key}`;
      if (PROTOTYPE_KEYS.has(key)) violations.push({ field: path, message: 'is a reserved name' });
      else if (FORBIDDEN_CHARACTERS.test(key))
        violations.push({ field: field || 'body', message: 'has a field name with a control character or an unpaired surrogate' });
      else pending.push({ value: child, field: path, depth: depth + 1 });
    }
  }
  return violations;
}

function refusal(violations: ProblemViolation[]): ProblemException {
  return new ProblemException(400, 'VALIDATION_FAILED', `The request has ${violations.length} invalid field(s).`, { violations });
}

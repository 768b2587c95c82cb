import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ProblemException } from '@ledger/platform';
import { malformed, RuleViolation } from '@ledger/regulation/shared';
import { IdempotencyKeyReused, RefusalRecorded, VersionConflict } from '@ledger/core';
import { ProblemFilter } from './problem.filter';

/** What a client receives for `error`: status, content type and the body exactly as sent. */
function answer(error: unknown): { status: number; type: string; body: string } {
  const sent = { status: 0, type: '', body: '' };
  const response = {
    status: (status: number) => ((sent.status = status), response),
    type: (type: string) => ((sent.type = type), response),
    send: (body: string) => void (sent.body = body),
    header: () => response,
    getHeader: () => undefined,
  };
  const request = { method: 'POST', url: '/v1/test' };
  new ProblemFilter().catch(error, {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost);
  return sent;
}

// The bodies are the contract's (docs/http-contract.md, Conventions) and are compared as sent, key order
// included: they are what the API answered before rule errors were mapped here.
describe('ProblemFilter maps domain errors to problem responses', () => {
  it('answers a broken rule 422 with the rule code, listing the rule', () => {
    expect(answer(new RuleViolation('LICENCE_NOT_VALID', 'The enterprise holds no valid licence.'))).toEqual({
      status: 422,
      type: 'application/problem+json',
      body: '{"type":"https://ledger.example/problems/licence-not-valid","title":"Unprocessable Content","status":422,"detail":"The enterprise holds no valid licence.","code":"LICENCE_NOT_VALID","violations":[{"code":"LICENCE_NOT_VALID","message":"The enterprise holds no valid licence."}]}',
    });
  });

  it('lists every broken rule, named by the first', () => {
    const violation = RuleViolation.of([
      { code: 'LICENCE_NOT_VALID', message: 'no licence' },
      { code: 'CREDIT_CONSTRAINT', message: 'on the dishonest list' },
    ]);
    expect(answer(violation).body).toBe(
      '{"type":"https://ledger.example/problems/licence-not-valid","title":"Unprocessable Content","status":422,"detail":"no licence; on the dishonest list","code":"LICENCE_NOT_VALID","violations":[{"code":"LICENCE_NOT_VALID","message":"no licence"},{"code":"CREDIT_CONSTRAINT","message":"on the dishonest list"}]}',
    );
  });

  it('answers malformed input 400 VALIDATION_FAILED naming every bad field, whatever rules also failed', () => {
    const violation = RuleViolation.of([
      { code: 'LICENCE_NOT_VALID', message: 'no licence' },
      malformed('uscc', 'wrong check character'),
      malformed('number', 'not a 95/96 number'),
    ]);
    expect(answer(violation)).toEqual({
      status: 400,
      type: 'application/problem+json',
      body: '{"type":"https://ledger.example/problems/validation-failed","title":"Bad Request","status":400,"detail":"wrong check character; not a 95/96 number","code":"VALIDATION_FAILED","violations":[{"field":"uscc","message":"wrong check character"},{"field":"number","message":"not a 95/96 number"}]}',
    });
  });

  it.each([
    [
      'NOT_FOUND',
      404,
      '{"type":"https://ledger.example/problems/not-found","title":"Not Found","status":404,"detail":"No case c-1.","code":"NOT_FOUND"}',
    ],
    [
      'ALREADY_EXISTS',
      409,
      '{"type":"https://ledger.example/problems/already-exists","title":"Conflict","status":409,"detail":"No case c-1.","code":"ALREADY_EXISTS"}',
    ],
    [
      'CARRIER_MISMATCH',
      403,
      '{"type":"https://ledger.example/problems/forbidden","title":"Forbidden","status":403,"detail":"No case c-1.","code":"FORBIDDEN"}',
    ],
    [
      'AUTHORITY_REQUIRED',
      403,
      '{"type":"https://ledger.example/problems/forbidden","title":"Forbidden","status":403,"detail":"No case c-1.","code":"FORBIDDEN"}',
    ],
    [
      'OUTSIDE_JURISDICTION',
      403,
      '{"type":"https://ledger.example/problems/forbidden","title":"Forbidden","status":403,"detail":"No case c-1.","code":"FORBIDDEN"}',
    ],
  ] as const)('answers %s %i, without a list of one', (code, status, body) => {
    expect(answer(new RuleViolation(code, 'No case c-1.'))).toEqual({ status, type: 'application/problem+json', body });
  });

  it('still lists the rules when several fail under a code with its own status', () => {
    const violation = RuleViolation.of([
      { code: 'ALREADY_EXISTS', message: 'already opened' },
      { code: 'ENTERPRISE_NOT_REGISTERED', message: 'not registered' },
    ]);
    expect(answer(violation).body).toBe(
      '{"type":"https://ledger.example/problems/already-exists","title":"Conflict","status":409,"detail":"already opened; not registered","code":"ALREADY_EXISTS","violations":[{"code":"ALREADY_EXISTS","message":"already opened"},{"code":"ENTERPRISE_NOT_REGISTERED","message":"not registered"}]}',
    );
  });

  it('answers a version conflict 409 CONCURRENCY_CONFLICT with both versions', () => {
    expect(answer(new VersionConflict('case-c-1', 2, 3))).toEqual({
      status: 409,
      type: 'application/problem+json',
      body: '{"type":"https://ledger.example/problems/concurrency-conflict","title":"Conflict","status":409,"detail":"The record changed while this command was being decided: expected version 2, found 3. Read it again and retry.","code":"CONCURRENCY_CONFLICT","streamId":"case-c-1","expectedVersion":2,"actualVersion":3}',
    });
  });

  it('answers a reused Idempotency-Key 422 IDEMPOTENCY_KEY_REUSED', () => {
    expect(answer(new IdempotencyKeyReused())).toEqual({
      status: 422,
      type: 'application/problem+json',
      body: '{"type":"https://ledger.example/problems/idempotency-key-reused","title":"Unprocessable Content","status":422,"detail":"This Idempotency-Key was already used for a different request. Use a new key for a new request.","code":"IDEMPOTENCY_KEY_REUSED"}',
    });
  });

  it('answers a recorded refusal 422 with every failed check and where the refusal is on record', () => {
    const refusal = new RefusalRecorded(
      [
        { code: 'NUMBER_NOT_HELD', message: 'not held' },
        { code: 'CREDIT_CONSTRAINT', message: 'listed' },
      ],
      { streamId: 'access-contract-a-1', version: 1, position: 42, events: [{ eventId: 'e-1', type: 'AccessRefused', position: 42 }] },
    );
    expect(answer(refusal)).toEqual({
      status: 422,
      type: 'application/problem+json',
      body: '{"type":"https://ledger.example/problems/number-not-held","title":"Unprocessable Content","status":422,"detail":"not held; listed","code":"NUMBER_NOT_HELD","violations":[{"code":"NUMBER_NOT_HELD","message":"not held"},{"code":"CREDIT_CONSTRAINT","message":"listed"}],"streamId":"access-contract-a-1","version":1,"position":42,"events":[{"eventId":"e-1","type":"AccessRefused","position":42}]}',
    });
  });
});

describe('ProblemFilter logs', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a 503 (a read model behind, the database out of reach) as a warning, never as an error', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect(
      answer(new ProblemException(503, 'PROJECTION_BEHIND', 'The read model has not yet reached position 9. Retry shortly.')).status,
    ).toBe(503);
    expect(answer(new Error('Connection terminated unexpectedly')).status).toBe(503);
    expect(error).not.toHaveBeenCalled();
    expect(warn.mock.calls.map(([line]) => (line as { code: string }).code)).toEqual(['PROJECTION_BEHIND', 'DATABASE_UNAVAILABLE']);
  });

  it('a 500 as an error', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(answer(new Error('a bug')).status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
  });
});

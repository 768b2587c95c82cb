import { RuleViolation, type Violation } from '@ledger/regulation/shared';
import type { CommandResponse } from './command-executor';

/**
 * The errors the command layer raises besides the deciders' RuleViolation. Each names what
 * happened to the command, not how a caller should answer it: ProblemFilter maps them to HTTP at
 * the edge, and a process manager decides for itself what a refusal means for its work.
 */

/** The stream is not at the version the command was decided on (If-Match, or a concurrent append). */
export class VersionConflict extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      `The record changed while this command was being decided: expected version ${expectedVersion}, found ${actualVersion ?? 'a newer one'}. Read it again and retry.`,
    );
    this.name = 'VersionConflict';
  }
}

/**
 * The Idempotency-Key was first used for a different request. A rule of the contract (docs/http-contract.md,
 * Conventions) rather than of the Notice, so it names no broken rule beyond its code.
 */
export class IdempotencyKeyReused extends RuleViolation {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
    this.name = 'IdempotencyKeyReused';
  }
}

/**
 * The checks failed and the refusal itself was appended (AccessRefused: 核实必要信息并留存记录),
 * so the caller learns both that it was refused and where the refusal is on record.
 */
export class RefusalRecorded extends RuleViolation {
  constructor(
    failed: readonly Violation[],
    readonly recorded: CommandResponse['body'],
  ) {
    super(failed[0]!.code, RuleViolation.of(failed).message, failed);
    this.name = 'RefusalRecorded';
  }
}

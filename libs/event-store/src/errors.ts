import type { ExpectedVersion } from './event-store';

/** The stream is not at the version the writer expected: somebody else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(`Stream ${streamId} is at version ${actual ?? 'unknown'}, expected ${expected}.`);
    this.name = 'ConcurrencyError';
  }
}

/** An Idempotency-Key was used before by the same actor; nothing was written this time. */
export class IdempotencyKeyUsed extends Error {
  constructor(
    readonly actor: string,
    readonly key: string,
  ) {
    super(`Idempotency key ${key} was already used by ${actor}.`);
    this.name = 'IdempotencyKeyUsed';
  }
}

/** A stream the append required (AppendOptions.requires) has no events; nothing was written. */
export class RequiredStreamMissing extends Error {
  constructor(
    readonly streamId: string,
    readonly missing: string,
  ) {
    super(`Appending to ${streamId} requires stream ${missing}, which has no events.`);
    this.name = 'RequiredStreamMissing';
  }
}

/**
 * A stored event this release cannot read as its type's current shape: no chain of upcasters
 * leads from the version it was written in, or a later release wrote it.
 */
export class UnreadableSchemaVersion extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    reason: string,
  ) {
    super(`${type} events of schema version ${schemaVersion} cannot be read: ${reason}.`);
    this.name = 'UnreadableSchemaVersion';
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  appendResultOf,
  ConcurrencyError,
  RequiredStreamMissing,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
} from '@ledger/event-store';
import type { LedgerMetrics } from '@ledger/platform';
import {
  assertWithinJurisdiction,
  type Command,
  type Decider,
  type DomainEvent,
  type JurisdictionSubject,
  type Violation,
} from '@ledger/regulation/shared';
import { oneDecision } from '../facts/facts.service';
import { EVENT_STORE, METRICS } from '../ledger.tokens';
import type { CommandEnvelope } from './command-envelope';
import { IdempotencyKeyReused, RefusalRecorded, VersionConflict } from './command-errors';

/** What a command endpoint answers (docs/http-contract.md, Conventions). */
export interface CommandResponse {
  readonly status: 200 | 201;
  readonly body: {
    streamId: string;
    version: number;
    position: number;
    events: Array<{ eventId: string; type: string; position: number }>;
  };
}

export interface Decision<C extends Command, E extends DomainEvent, S, Ctx> {
  readonly streamId: string;
  readonly decider: Decider<C, E, S, Ctx>;
  readonly command: C;
  readonly envelope: CommandEnvelope;
  /** The instant the act takes effect (see effectiveInstant). */
  readonly effectiveAt: string;
  /** Reads the cross-stream facts the rule needs, from read models, for this state. */
  readonly context: (state: S, version: number) => Promise<Ctx> | Ctx;
  /**
   * For a command that opens its stream: the context with facts assumed rather than read, where
   * each is one that once true stays true (a stream, once written, always has events), and the
   * streams whose events make them so. The append requires those streams, in the same statement
   * (AppendOptions.requires); if one has none, the command is decided again on the facts as read,
   * which answers it as if nothing had been assumed. Saves the read, a round trip, on every
   * command that goes through. Null: nothing to assume for this command.
   */
  readonly assumed?: (state: S) => { readonly context: Ctx; readonly requires: readonly string[] } | null;
  /**
   * For decisions that record a refusal (AccessRefused): the failed checks, so the command is
   * answered 422 after the refusal has been appended.
   */
  readonly refusal?: (events: readonly { type: string; data: unknown }[]) => readonly Violation[] | null;
  /**
   * What the command acts on, read from the command and the stream's state, for the jurisdiction
   * check (docs/domain.md §1: an authority acts only on what it issued). Absent: the act is on nothing an
   * authority issues, and any authority may decide it; an officer without one still may not.
   */
  readonly jurisdiction?: (state: S) => readonly JurisdictionSubject[];
}

/**
 * The write path of docs/architecture.md: read the stream, fold, decide, append with the expected
 * version; a version clash is retried once against fresh state, then reported as 409. Idempotency
 * keys are recorded in the same transaction as the events, so a retried request never writes twice.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS) private readonly metrics: LedgerMetrics,
  ) {}

  /**
   * An Idempotency-Key is looked up only when the command cannot go through as sent (a refusal,
   * a conflict, a key the append finds taken): a first request, the common case, costs no extra
   * query, and a repeated one is still answered with the first one's response. The append itself
   * records the key with the events, so a repeat can never write twice.
   */
  async execute<C extends Command, E extends DomainEvent, S, Ctx>(decision: Decision<C, E, S, Ctx>): Promise<CommandResponse> {
    let appended: { result: AppendResult; events: readonly E[] };
    try {
      appended = await this.decideAndAppend(decision);
    } catch (error) {
      const replay = await this.replayIfRepeated(decision);
      if (replay) return replay;
      throw error;
    }
    return this.answer(decision, appended.result, appended.events, 201);
  }

  private async decideAndAppend<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
  ): Promise<{ result: AppendResult; events: readonly E[] }> {
    const { envelope } = decision;
    // Every command, whatever its stream: an officer without an authority may read but not decide.
    assertWithinJurisdiction(envelope.actor);
    if ((envelope.ifMatch === null || envelope.ifMatch === 0) && decision.decider.opens?.includes(decision.command.type)) {
      const opened = await this.openStream(decision);
      if (opened) return opened;
    }
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.store.aggregateStream(decision.streamId, decision.decider);
      const events = await this.decideOn(decision, state, version);
      try {
        return { result: await this.appendDecided(decision, version === 0 ? 'no-stream' : version, events), events };
      } catch (error) {
        if (error instanceof ConcurrencyError) {
          this.metrics.conflicts.inc();
          if (envelope.ifMatch === null && attempt < 2) continue;
          throw new VersionConflict(decision.streamId, envelope.ifMatch ?? version, error.actual);
        }
        throw error;
      }
    }
  }

  /**
   * A command that opens its stream (`Decider.opens`) is decided on the initial state, which is
   * the stream's state if it has no events, and appended as its first events: the append refuses
   * them if the stream exists, so the stream is read only then (a registration costs one round
   * trip, not two). Null when the stream exists or the decision on the initial state fails: the
   * command is then decided on the stream as read, which answers it as if this had not been tried.
   */
  private async openStream<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
  ): Promise<{ result: AppendResult; events: readonly E[] } | null> {
    const initial = decision.decider.initialState();
    const assumed = decision.assumed?.(initial) ?? null;
    let events: readonly E[];
    try {
      events = await this.decideOn(decision, initial, 0, assumed);
    } catch {
      return null;
    }
    try {
      const result = await this.appendDecided(decision, 'no-stream', events, assumed?.requires);
      return { result, events };
    } catch (error) {
      if (error instanceof ConcurrencyError || error instanceof RequiredStreamMissing) return null;
      throw error;
    }
  }

  private async decideOn<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
    state: S,
    version: number,
    assumed: { readonly context: Ctx } | null = null,
  ): Promise<readonly E[]> {
    const { envelope } = decision;
    // Before If-Match: an act outside the authority's jurisdiction is refused whatever the version.
    if (decision.jurisdiction) assertWithinJurisdiction(envelope.actor, decision.jurisdiction(state));
    if (envelope.ifMatch !== null && envelope.ifMatch !== version) {
      throw new VersionConflict(decision.streamId, envelope.ifMatch, version);
    }
    const context = assumed ? assumed.context : await oneDecision(() => decision.context(state, version));
    return decision.decider.decide(decision.command, state, context);
  }

  private async appendDecided<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
    expected: ExpectedVersion,
    events: readonly E[],
    requires: readonly string[] = [],
  ): Promise<AppendResult> {
    const { envelope } = decision;
    const result = await this.store.append(
      decision.streamId,
      expected,
      events.map((e) => ({ type: e.type, data: e.data, metadata: metadataOf(envelope), effectiveAt: decision.effectiveAt })),
      {
        ...(envelope.idempotencyKey ? { idempotency: idempotencyClaimOf(envelope, envelope.idempotencyKey) } : {}),
        ...(requires.length > 0 ? { requires } : {}),
      },
    );
    for (const e of result.events) this.metrics.appends.inc({ type: e.type });
    return result;
  }

  private async replayIfRepeated<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
  ): Promise<CommandResponse | null> {
    const { envelope } = decision;
    if (!envelope.idempotencyKey) return null;
    const claim = await this.store.findIdempotencyClaim(envelope.actor.sub, envelope.idempotencyKey);
    if (!claim) return null;
    if (claim.requestHash !== envelope.requestHash) throw new IdempotencyKeyReused();
    const events = await this.store.readPositions(claim.firstPosition, claim.lastPosition);
    return this.answer(
      decision,
      appendResultOf(claim.streamId, events),
      events.map((e) => this.store.schemas.toDomainEvent<E>(e)),
      200,
    );
  }

  private answer<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Decision<C, E, S, Ctx>,
    result: AppendResult,
    decided: readonly { type: string; data: unknown }[],
    status: 200 | 201,
  ): CommandResponse {
    const body = {
      streamId: result.streamId,
      version: result.version,
      position: result.position,
      events: result.events.map((e) => ({ eventId: e.eventId, type: e.type, position: e.position })),
    };
    const failed = decision.refusal?.(decided);
    if (failed && failed.length > 0) throw new RefusalRecorded(failed, body);
    return { status, body };
  }
}

function idempotencyClaimOf(envelope: CommandEnvelope, key: string): { actor: string; key: string; requestHash: string } {
  // A key without the hash of what it was sent with could never tell a replay from a reuse.
  if (envelope.requestHash === null) throw new Error(`the envelope of Idempotency-Key ${key} has no request hash`);
  return { actor: envelope.actor.sub, key, requestHash: envelope.requestHash };
}

function metadataOf(envelope: CommandEnvelope): EventMetadata {
  return {
    actor: envelope.actor.sub,
    roles: envelope.actor.roles,
    org: envelope.actor.org ?? null,
    documentNo: envelope.documentNo,
    legalBasis: envelope.legalBasis,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    idempotencyKey: envelope.idempotencyKey,
  };
}

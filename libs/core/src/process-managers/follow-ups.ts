import type { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@ledger/event-store';
import { RuleViolation, type Command, type DomainEvent } from '@ledger/regulation/shared';
import type { CommandExecutor, Decision } from '../commands/command-executor';
import { hashRequest, type CommandEnvelope } from '../commands/command-envelope';

/**
 * How a process manager records what an event makes another stream do: a command caused by the
 * event (its causation id, its correlation, its document number, the authority of the decision
 * that caused it), under an idempotency key derived from the event, so a replay never acts twice.
 */
export class FollowUps {
  /** The highest position these follow-ups have written: later facts must include them. */
  private written = 0;

  constructor(
    /** The consumer's name, which request hashes are keyed by. */
    private readonly process: string,
    /** Who the follow-ups' events name as their actor, e.g. `system:licence-consequences`. */
    private readonly actor: string,
    private readonly executor: CommandExecutor,
    private readonly logger: Logger,
    /** Refusals meaning "already done", as a replay after a crash meets them. */
    private readonly alreadyDone: ReadonlySet<string>,
  ) {}

  /**
   * Sends the follow-up; a refusal by a rule is logged, not retried: the same command would be
   * refused again, and retrying it would hold back every later event.
   */
  async send<C extends Command, E extends DomainEvent, S, Ctx>(
    decision: Omit<Decision<C, E, S, Ctx>, 'envelope'>,
    cause: RecordedEvent,
    key: string,
  ): Promise<void> {
    try {
      const { body } = await this.executor.execute({ ...decision, envelope: this.envelope(cause, key) } as Decision<C, E, S, Ctx>);
      this.written = Math.max(this.written, body.position);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      if (this.alreadyDone.has(error.code)) {
        this.logger.log({ msg: 'follow-up already recorded', key, code: error.code });
        return;
      }
      this.logger.warn({ msg: 'follow-up refused by a rule', key, code: error.code, detail: error.message });
    }
  }

  /**
   * The position a follow-up of `cause` reads its facts as of: the cause's, or the manager's own
   * latest write if later (a second penalty must see the listing the first one made).
   */
  factsPosition(cause: RecordedEvent): number {
    return Math.max(cause.position, this.written);
  }

  private envelope(cause: RecordedEvent, key: string): CommandEnvelope {
    return {
      actor: { sub: this.actor, roles: ['system'], org: cause.metadata.org ?? null },
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
      documentNo: (cause.data.documentNo as string | undefined) ?? cause.metadata.documentNo ?? null,
      legalBasis: (cause.data.legalBasis as string[] | undefined) ?? cause.metadata.legalBasis ?? [],
      idempotencyKey: key,
      requestHash: hashRequest('PROCESS', this.process, { key }, { causationId: cause.eventId }),
      ifMatch: null,
      effectiveAt: null,
      receivedAt: new Date().toISOString(),
    };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventFailure } from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { AccessContractView, NumberView } from '@ledger/projections';
import { accessContractStreamId, accessDecider, type AccessContractState } from '@ledger/regulation/access';
import {
  accessConsequences,
  numberConsequences,
  type HolderNumber,
  type LicenceDecision,
  type NumberChange,
} from '@ledger/regulation/consequences';
import type { LicenceFact, LicensingEvent } from '@ledger/regulation/licensing';
import { numberingDecider, numberStreamId, type NumberingEvent, type NumberStatus } from '@ledger/regulation/numbering';
import { cstDate, startOfDayCst } from '@ledger/regulation/shared';
import { In } from 'typeorm';
import type { LedgerRuntime } from '@ledger/runtime';
import { ProcessManager } from './process-manager';
import { CommandExecutor } from '../commands/command-executor';
import { EVENT_STORE, LEDGER_RUNTIME } from '../ledger.tokens';
import { ReadModels } from '../queries/read-models';
import { licencesOfHolders } from '../facts/licences-of-holders';
import { FollowUps } from './follow-ups';

export const LICENCE_CONSEQUENCES_PROCESS = 'process:licence-consequences';

type LicenceDecisionEvent = Extract<
  LicensingEvent,
  {
    type:
      | 'LicenceGranted'
      | 'LicenceRenewed'
      | 'LicenceSuspended'
      | 'LicenceReinstated'
      | 'LicenceRevoked'
      | 'LicenceWithdrawn'
      | 'LicenceCancelled'
      | 'LicenceVaried';
  }
>;
type NumberChangeEvent = Extract<NumberingEvent, { type: 'NumberReclaimed' | 'NumberFilingStopped' | 'NumberFilingResumed' }>;

const LICENCE_DECISIONS: Record<LicenceDecisionEvent['type'], LicenceDecision['kind']> = {
  LicenceGranted: 'granted',
  LicenceRenewed: 'renewed',
  LicenceSuspended: 'suspended',
  LicenceReinstated: 'reinstated',
  LicenceRevoked: 'revoked',
  LicenceWithdrawn: 'withdrawn',
  LicenceCancelled: 'cancelled',
  LicenceVaried: 'varied',
};
const NUMBER_CHANGES: Record<NumberChangeEvent['type'], NumberChange['kind']> = {
  NumberReclaimed: 'reclaimed',
  NumberFilingStopped: 'stopped',
  NumberFilingResumed: 'resumed',
};

/**
 * When a licence decision changes what the licence allows: when it takes effect, except a
 * suspension, on the first day of its period (责令停业整顿 from a later day). Null when that day
 * had not come when the suspension was recorded.
 */
function takesEffectAt(licensing: LicenceDecisionEvent, event: RecordedEvent): string | null {
  if (licensing.type !== 'LicenceSuspended' || licensing.data.from <= cstDate(event.effectiveAt)) return event.effectiveAt;
  return licensing.data.from <= cstDate(event.recordedAt) ? startOfDayCst(licensing.data.from) : null;
}

function isLicenceDecision(event: LicenceDecisionEvent | NumberChangeEvent): event is LicenceDecisionEvent {
  return event.type in LICENCE_DECISIONS;
}
export const LICENCE_CONSEQUENCES_TYPES = [...Object.keys(LICENCE_DECISIONS), ...Object.keys(NUMBER_CHANGES)];
/** A replayed consequence meets these: the number or contract already moved. */
const ALREADY_DONE = new Set(['INVALID_TRANSITION', 'NUMBER_NOT_HELD']);

/**
 * Carries every decision on a licence to the numbers and access contracts it touches (docs/domain.md
 * §5, libs/regulation/src/consequences): a licence decision stops, reclaims or resumes the
 * holder's numbers; a number's change then removes it from, suspends or resumes the contracts
 * that give access to it (the process manager reads its own number events back from the log).
 * It starts at the beginning of the log, so decisions recorded before it existed get their
 * consequences too: recorded now, effective at the decision's date, caused by it.
 */
@Injectable()
export class LicenceConsequencesProcessManager extends ProcessManager {
  private readonly logger = new Logger('LicenceConsequences');
  private readonly followUps: FollowUps;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_RUNTIME) runtime: LedgerRuntime,
    executor: CommandExecutor,
    private readonly readModels: ReadModels,
  ) {
    // An old LicenceRevoked may be read as LicenceWithdrawn: ask for every type stored for these.
    super(store, readModels, runtime, {
      name: LICENCE_CONSEQUENCES_PROCESS,
      eventTypes: store.schemas.storedTypes(LICENCE_CONSEQUENCES_TYPES),
      pageSize: 200,
    });
    this.followUps = new FollowUps(LICENCE_CONSEQUENCES_PROCESS, 'system:licence-consequences', executor, this.logger, ALREADY_DONE);
  }

  /** In log order: a number's stop must reach its contracts before its resumption does. */
  protected async handle(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    for (const event of events) {
      signal.throwIfAborted();
      try {
        const domain = this.store.schemas.toDomainEvent<LicenceDecisionEvent | NumberChangeEvent>(event);
        if (isLicenceDecision(domain)) await this.onLicenceDecision(domain, event);
        else await this.onNumberChange(domain, event);
      } catch (error) {
        throw new EventFailure(event.position, error);
      }
    }
  }

  private async onLicenceDecision(licensing: LicenceDecisionEvent, event: RecordedEvent): Promise<void> {
    const { data } = licensing;
    const effectiveAt = takesEffectAt(licensing, event);
    // A suspension whose period had not begun when it was recorded stops nothing yet: its numbers
    // are judged stopped at the query's bounds (numberStatusAt), never by a future-dated event.
    if (effectiveAt === null) return;
    const decision: LicenceDecision = {
      kind: LICENCE_DECISIONS[licensing.type],
      licenceNumber: data.licenceNumber,
      uscc: data.uscc,
      effectiveOn: cstDate(effectiveAt),
      caseId: licensing.type === 'LicenceRevoked' ? licensing.data.caseId : null,
      penaltyId: licensing.type === 'LicenceRevoked' ? licensing.data.penaltyId : null,
    };
    await this.readModels.caughtUp(['licences', 'numbers'], this.followUps.factsPosition(event));
    const numbers: HolderNumber[] = (await this.readModels.dataSource.manager.findBy(NumberView, { uscc: decision.uscc }))
      .filter((row) => row.status !== 'none' && row.status !== 'reclaimed')
      .map((row) => ({ numberId: row.numberId, province: row.province, status: row.status as HolderNumber['status'] }));
    // Most decisions concern holders with no number, and a grant or renewal only restores stopped ones.
    const restoresOnly = decision.kind === 'granted' || decision.kind === 'renewed';
    if (numbers.length === 0 || (restoresOnly && !numbers.some((n) => n.status === 'stopped'))) return;
    const licences = await this.licencesWhenDecided(decision.uscc, event, effectiveAt);
    for (const { numberId, command } of numberConsequences(decision, licences, numbers)) {
      await this.followUps.send(
        { streamId: numberStreamId(numberId), decider: numberingDecider, command, effectiveAt, context: () => ({ at: effectiveAt }) },
        event,
        `consequence:${event.eventId}:${command.type}:${numberId}`,
      );
    }
  }

  /**
   * Every licence of the holder as the ledger had recorded it when the decision was recorded,
   * judged at `at`: a decision followed late (the log read from its start) must not be judged by
   * what was decided after it. `recordedAt` is in milliseconds and the log in microseconds, hence
   * the millisecond added so the decision itself is included.
   */
  private async licencesWhenDecided(uscc: string, event: RecordedEvent, at: string): Promise<LicenceFact[]> {
    const asOf = new Date(Date.parse(event.recordedAt) + 1).toISOString();
    return (await licencesOfHolders(this.readModels, [uscc], { asOf, validAt: at })).get(uscc) ?? [];
  }

  private async onNumberChange(number: NumberChangeEvent, event: RecordedEvent): Promise<void> {
    const change: NumberChange = {
      kind: NUMBER_CHANGES[number.type],
      numberId: number.data.numberId,
      cause: number.type === 'NumberFilingStopped' ? number.data.cause : undefined,
      effectiveOn: cstDate(event.effectiveAt),
    };
    await this.readModels.caughtUp(['numbers', 'access-contracts'], this.followUps.factsPosition(event));
    const manager = this.readModels.dataSource.manager;
    const rows = await manager
      .createQueryBuilder(AccessContractView, 'a')
      .where(':numberId = any(a.numbers)', { numberId: change.numberId })
      .andWhere(`a.status in ('active', 'suspended')`)
      .getMany();
    const contracts = rows.map((row) => ({
      contractId: row.contractId,
      status: row.status as 'active' | 'suspended',
      suspendedBy: (row.state as AccessContractState).suspendedBy ?? (row.status === 'suspended' ? ('carrier' as const) : null),
      numbers: row.numbers,
    }));
    const others = [...new Set(contracts.flatMap((c) => c.numbers))];
    const statuses = new Map(
      others.length === 0
        ? []
        : (await manager.findBy(NumberView, { numberId: In(others) })).map((row) => [row.numberId, row.status as NumberStatus]),
    );
    for (const { contractId, command } of accessConsequences(change, contracts, (id) => statuses.get(id) ?? null)) {
      await this.followUps.send(
        {
          streamId: accessContractStreamId(contractId),
          decider: accessDecider,
          command,
          effectiveAt: event.effectiveAt,
          context: () => ({ at: event.effectiveAt }),
        },
        event,
        `consequence:${event.eventId}:${command.type}:${contractId}`,
      );
    }
  }
}

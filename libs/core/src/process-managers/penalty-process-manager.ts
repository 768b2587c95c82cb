import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Checkpoints, Consumer, EventFailure } from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProblemException, type LedgerConfig } from '@ledger/platform';
import { CaseView } from '@ledger/projections';
import { creditEntryStreamId, creditListDecider } from '@ledger/regulation/credit-list';
import {
  creditListingFor,
  onPenaltyAnnulled,
  penaltyFollowUps,
  penaltyListingEntryId,
  type CaseState,
  type PenaltyAnnulled,
  type PenaltyImposed,
} from '@ledger/regulation/enforcement';
import { licenceApplicationStreamId, licensingDecider } from '@ledger/regulation/licensing';
import { numberingDecider, numberStreamId } from '@ledger/regulation/numbering';
import { RuleViolation, startOfDayCst, type Command, type DomainEvent } from '@ledger/regulation/shared';
import type { Decision } from '../commands/command-executor';
import { CommandExecutor } from '../commands/command-executor';
import { hashRequest, type CommandEnvelope } from '../commands/command-envelope';
import { Facts, factsAsOf } from '../facts/facts.service';
import { EVENT_STORE, LEDGER_CONFIG, LEDGER_RUNTIME } from '../ledger.tokens';
import { ReadModels } from '../queries/read-models';
import type { LeaderWork, LedgerRuntime } from '@ledger/runtime';

export const PENALTY_PROCESS = 'process:penalties';
const ACTOR = 'system:penalty-process-manager';
/** Refusals that mean "already done" (a replay after a crash): the follow-up is complete. */
const ALREADY_DONE = new Set(['ALREADY_EXISTS', 'INVALID_TRANSITION', 'NOT_ON_LIST']);
/** Penalty events read at once. */
const PAGE = 200;
/** Enterprises whose penalties are followed up at the same time. */
const LANES = 16;
/** The facts a follow-up reads wait for read models that are catching up; they will. */
const READ_MODELS_BEHIND = 'PROJECTION_BEHIND';

/**
 * Carries a penalty decision's consequences into the other contexts, as commands, so that no one
 * has to remember them: a licence-revocation measure revokes the licence (吊销), a
 * number-reclamation measure reclaims the number (收回), and the enterprise is listed on the bad
 * list — the dishonest list when its licence is revoked — from the decision date (电信业务经营许可
 * 管理办法 art. 42, within 30 days); an annulment lifts that listing. Each command carries the
 * penalty's event id as causationId and an idempotency key derived from the penalty, and the
 * checkpoint only moves after the commands are recorded: replaying the log never acts twice.
 * It follows the log as an at-least-once consumer (libs/consumers), which keeps its checkpoint
 * and retries its faults.
 */
@Injectable()
export class PenaltyProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown, LeaderWork {
  private readonly logger = new Logger('PenaltyProcessManager');
  private readonly consumer: Consumer;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_RUNTIME) private readonly runtime: LedgerRuntime,
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
    private readonly readModels: ReadModels,
  ) {
    this.consumer = new Consumer(
      store,
      new Checkpoints(readModels.dataSource),
      {
        name: PENALTY_PROCESS,
        eventTypes: ['PenaltyImposed', 'PenaltyAnnulled'],
        pageSize: PAGE,
        writes: 'at-least-once',
        isTransient: (error) => error instanceof ProblemException && error.code === READ_MODELS_BEHIND,
        handle: (events, { signal }) => this.followUp(events, signal),
      },
      { onRetry: runtime.metrics.countRetry },
    );
  }

  /** Runs only in the process holding the leader lease, like the projections. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.registerLeaderWork(this);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.unregisterLeaderWork(this);
  }

  async start(): Promise<void> {
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }

  /**
   * A page of penalties at a time. Each follow-up waits for read models and appends, so one at a
   * time the manager fell far behind a busy ledger (about 5 penalties/s while 30–100 were imposed,
   * and meanwhile the credit-list check said "not listed"). The page's enterprises are handled
   * side by side, up to LANES at once; each enterprise's events stay in log order, so an
   * annulment never overtakes its penalty. The checkpoint moves after the whole page; a page
   * that fails is handled again, which the follow-ups' idempotency keys make harmless. Stopped,
   * it leaves the rest of the page to the next run.
   */
  private async followUp(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    await inLanes(byEnterprise(events), LANES, async (enterprise) => {
      for (const event of enterprise) {
        signal.throwIfAborted();
        try {
          await this.handle(event);
        } catch (error) {
          throw new EventFailure(event.position, error);
        }
      }
    });
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const penalty = this.store.schemas.toDomainEvent<PenaltyImposed | PenaltyAnnulled>(event);
    await factsAsOf(event.position, () => (penalty.type === 'PenaltyImposed' ? this.onImposed(penalty, event) : this.onAnnulled(penalty, event)));
  }

  private async onImposed(penalty: PenaltyImposed, event: RecordedEvent): Promise<void> {
    const { uscc, caseId, penaltyId, decidedOn } = penalty.data;
    const at = startOfDayCst(decidedOn);
    const caseRow = await this.readModels.dataSource.manager.findOneBy(CaseView, { caseId });
    const annulled = ((caseRow?.state as CaseState | undefined)?.penalties ?? []).some((p) => p.penaltyId === penaltyId && p.annulment);
    const licences = (await this.facts.licencesOf(uscc, at)).map(({ licenceNumber, status }) => ({ licenceNumber, status }));
    const followUps = penaltyFollowUps(penalty, event, { licences, numbers: await this.facts.numbersOf(uscc), penaltyAnnulled: annulled });
    for (const skipped of followUps.skipped) this.logger.log({ msg: 'penalty follow-up skipped', penaltyId, ...skipped });
    for (const followUp of followUps.commands) {
      const envelope = this.envelope(event, followUp.idempotencyKey);
      if (followUp.target === 'licence') {
        const applicationId = await this.facts.applicationIdOfLicence(followUp.licenceNumber);
        if (!applicationId) continue;
        await this.send(
          { streamId: licenceApplicationStreamId(applicationId), decider: licensingDecider, command: followUp.command, envelope, effectiveAt: at, context: () => ({ at }) },
          followUp.idempotencyKey,
        );
      } else {
        await this.send(
          { streamId: numberStreamId(followUp.numberId), decider: numberingDecider, command: followUp.command, envelope, effectiveAt: at, context: () => ({ at }) },
          followUp.idempotencyKey,
        );
      }
    }
    if (annulled) return;
    const listing = creditListingFor(penalty, {
      terms: this.config.creditTerms,
      enterpriseName: (await this.facts.enterpriseName(uscc)) ?? undefined,
      licenceNumber: licences[0]?.licenceNumber,
    });
    const key = `penalty:${caseId}:${penaltyId}:credit-listing`;
    await this.send(
      {
        streamId: creditEntryStreamId(listing.data.entryId),
        decider: creditListDecider,
        command: listing,
        envelope: this.envelope(event, key),
        effectiveAt: at,
        context: async () => ({ at, enterpriseRegistered: await this.facts.enterpriseRegistered(uscc), terms: this.config.creditTerms }),
      },
      key,
    );
  }

  private async onAnnulled(annulment: PenaltyAnnulled, event: RecordedEvent): Promise<void> {
    const { caseId, penaltyId, decidedOn } = annulment.data;
    const entry = await this.facts.creditEntry(penaltyListingEntryId(caseId, penaltyId));
    const removal = onPenaltyAnnulled(annulment, entry);
    if (!removal) return;
    const key = `penalty:${caseId}:${penaltyId}:credit-removal`;
    const at = startOfDayCst(decidedOn);
    await this.send(
      { streamId: creditEntryStreamId(removal.entryId), decider: creditListDecider, command: removal.command, envelope: this.envelope(event, key), effectiveAt: at, context: () => ({ at }) },
      key,
    );
  }

  private async send<C extends Command, E extends DomainEvent, S, Ctx>(decision: Decision<C, E, S, Ctx>, key: string): Promise<void> {
    try {
      await this.executor.execute(decision);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      if (ALREADY_DONE.has(error.code)) {
        this.logger.log({ msg: 'penalty follow-up already recorded', key, code: error.code });
        return;
      }
      // A rule refuses the follow-up (e.g. the licence expired meanwhile): the same command would
      // be refused again, so retrying would only hold back every later penalty.
      this.logger.warn({ msg: 'penalty follow-up refused by a rule', key, code: error.code, detail: error.message });
    }
  }

  private envelope(event: RecordedEvent, key: string): CommandEnvelope {
    return {
      actor: { sub: ACTOR, roles: ['system'], org: null },
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
      documentNo: (event.data.documentNo as string | undefined) ?? event.metadata.documentNo ?? null,
      legalBasis: (event.data.legalBasis as string[] | undefined) ?? [],
      idempotencyKey: key,
      requestHash: hashRequest('PROCESS', PENALTY_PROCESS, { key }, { causationId: event.eventId }),
      ifMatch: null,
      effectiveAt: null,
      receivedAt: new Date().toISOString(),
    };
  }
}

/** The page's events by enterprise, each enterprise's in log order. */
function byEnterprise(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const key = String(event.data.uscc ?? event.streamId);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return [...groups.values()];
}

/** Runs `work` on every item, at most `lanes` at once; the first failure fails the whole, after the others settle. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventFailure } from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { LedgerConfig } from '@ledger/platform';
import { CaseView } from '@ledger/projections';
import { creditEntryStreamId, creditListDecider, type AddCreditListEntry, type ListingBasisFact } from '@ledger/regulation/credit-list';
import {
  creditListingFor,
  creditTermRestartsFor,
  isAboutEnterprise,
  nonPerformanceBasisFact,
  nonPerformanceListingEntryId,
  nonPerformanceListingFor,
  onAnnualReportConfirmed,
  onNonPenaltyListing,
  onPenaltyAnnulled,
  penaltyBasisFact,
  penaltyFollowUps,
  penaltyListingEntryId,
  type CaseState,
  type CreditRemovalFollowUp,
  type PenaltyAnnulled,
  type PenaltyImposed,
  type PenaltyNotPerformed,
} from '@ledger/regulation/enforcement';
import type { AnnualReportConfirmed } from '@ledger/regulation/enterprises';
import { licenceApplicationStreamId, licensingDecider } from '@ledger/regulation/licensing';
import { numberingDecider, numberStreamId } from '@ledger/regulation/numbering';
import { startOfDayCst } from '@ledger/regulation/shared';
import { CommandExecutor } from '../commands/command-executor';
import { FollowUps } from './follow-ups';
import { Facts, factsAsOf } from '../facts/facts.service';
import { EVENT_STORE, LEDGER_CONFIG, LEDGER_RUNTIME } from '../ledger.tokens';
import { ReadModels } from '../queries/read-models';
import type { LedgerRuntime } from '@ledger/runtime';
import { ProcessManager } from './process-manager';

export const PENALTY_PROCESS = 'process:penalties';
export const PENALTY_PROCESS_TYPES = ['PenaltyImposed', 'PenaltyAnnulled', 'PenaltyNotPerformed', 'AnnualReportConfirmed'];
const ACTOR = 'system:penalty-process-manager';
/** Refusals that mean "already done" (a replay after a crash): the follow-up is complete. */
const ALREADY_DONE = new Set(['ALREADY_EXISTS', 'INVALID_TRANSITION', 'NOT_ON_LIST']);
/** Penalty events read at once. */
const PAGE = 200;
/** Enterprises whose penalties are followed up at the same time. */
const LANES = 16;

/**
 * Carries a penalty decision's consequences into the other contexts, as commands, so that no one
 * has to remember them: a licence-revocation measure revokes the licence (吊销), a
 * number-reclamation measure reclaims the number (收回), and the enterprise is listed on the bad
 * list — the dishonest list when its licence is revoked — from the decision date (电信业务经营许可
 * 管理办法 art. 42, within 30 days), with the penalty as the listing's basis; the terms of its
 * entries already in force restart from that date; an annulment lifts the penalty's own listing.
 * A business-suspension measure (责令停业整顿) suspends the enterprise's valid licences for its
 * period (effective at its start, `until` its end); a penalty not performed (逾期不履行) lists
 * the enterprise on the dishonest list, the non-performance as basis. A decision that imposes
 * no penalty type (a version 1 one whose measures were only a rectification order or an
 * exposure) lists nobody, and an automatic listing already recorded on it is removed from its
 * listing date. The confirmation of an annual report (art. 38) takes the enterprise's listings
 * resting on that year's orders off the list from its date.
 * Each command carries the penalty's event id as causationId and an idempotency key derived
 * from the penalty, and the checkpoint only moves after the commands are recorded: replaying the
 * log never acts twice.
 * It follows the log as an at-least-once consumer (libs/consumers), which keeps its checkpoint
 * and retries its faults.
 */
@Injectable()
export class PenaltyProcessManager extends ProcessManager {
  private readonly logger = new Logger('PenaltyProcessManager');
  private readonly followUps: FollowUps;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_RUNTIME) runtime: LedgerRuntime,
    executor: CommandExecutor,
    private readonly facts: Facts,
    private readonly readModels: ReadModels,
  ) {
    super(store, readModels, runtime, { name: PENALTY_PROCESS, eventTypes: PENALTY_PROCESS_TYPES, pageSize: PAGE });
    this.followUps = new FollowUps(PENALTY_PROCESS, ACTOR, executor, this.logger, ALREADY_DONE);
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
  protected async handle(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    await inLanes(byEnterprise(events), LANES, async (enterprise) => {
      for (const event of enterprise) {
        signal.throwIfAborted();
        try {
          await this.followUp(event);
        } catch (error) {
          throw new EventFailure(event.position, error);
        }
      }
    });
  }

  private async followUp(event: RecordedEvent): Promise<void> {
    const penalty = this.store.schemas.toDomainEvent<PenaltyImposed | PenaltyAnnulled | PenaltyNotPerformed | AnnualReportConfirmed>(event);
    // An annulment or a confirmation must see the listing it lifts, which may be recorded after its
    // position (a penalty annulled before this manager listed it, a listing decided just before the
    // confirmation was recorded): it reads the latest facts.
    if (penalty.type === 'PenaltyAnnulled') await this.onAnnulled(penalty, event);
    else if (penalty.type === 'AnnualReportConfirmed') await this.onAnnualReportConfirmed(penalty, event);
    else if (penalty.type === 'PenaltyNotPerformed')
      await factsAsOf(this.followUps.factsPosition(event), () => this.onNotPerformed(penalty, event));
    else await factsAsOf(this.followUps.factsPosition(event), () => this.onImposed(penalty, event));
  }

  private async onImposed(penalty: PenaltyImposed, event: RecordedEvent): Promise<void> {
    // A carrier's penalty acts on no licence or number and lists nobody (penaltyFollowUps, creditListingFor).
    if (!isAboutEnterprise(penalty)) return;
    const { uscc, caseId, penaltyId, decidedOn } = penalty.data;
    const at = startOfDayCst(decidedOn);
    const caseRow = await this.readModels.dataSource.manager.findOneBy(CaseView, { caseId });
    const annulled = ((caseRow?.state as CaseState | undefined)?.penalties ?? []).some((p) => p.penaltyId === penaltyId && p.annulment);
    const licences = (await this.facts.licencesOf(uscc, at)).map(({ licenceNumber, status }) => ({ licenceNumber, status }));
    const followUps = penaltyFollowUps(penalty, event, { licences, numbers: await this.facts.numbersOf(uscc), penaltyAnnulled: annulled });
    for (const skipped of followUps.skipped) this.logger.log({ msg: 'penalty follow-up skipped', penaltyId, ...skipped });
    for (const followUp of followUps.commands) {
      if (followUp.target === 'licence') {
        const applicationId = await this.facts.applicationIdOfLicence(followUp.licenceNumber);
        if (!applicationId) continue;
        await this.followUps.send(
          {
            streamId: licenceApplicationStreamId(applicationId),
            decider: licensingDecider,
            command: followUp.command,
            effectiveAt: at,
            context: () => ({ at }),
          },
          event,
          followUp.idempotencyKey,
        );
      } else if (followUp.target === 'licence-suspension') {
        const applicationId = await this.facts.applicationIdOfLicence(followUp.licenceNumber);
        if (!applicationId) continue;
        const from = startOfDayCst(followUp.effectiveOn);
        await this.followUps.send(
          {
            streamId: licenceApplicationStreamId(applicationId),
            decider: licensingDecider,
            command: followUp.command,
            effectiveAt: from,
            context: () => ({ at: from }),
          },
          event,
          followUp.idempotencyKey,
        );
      } else {
        await this.followUps.send(
          {
            streamId: numberStreamId(followUp.numberId),
            decider: numberingDecider,
            command: followUp.command,
            effectiveAt: at,
            context: () => ({ at }),
          },
          event,
          followUp.idempotencyKey,
        );
      }
    }
    if (annulled) return;
    const listing = creditListingFor(penalty, event, {
      terms: this.config.creditTerms,
      enterpriseName: (await this.facts.enterpriseName(uscc)) ?? undefined,
      licenceNumber: licences[0]?.licenceNumber,
    });
    if (!listing) {
      await this.liftNonPenaltyListing(penalty, event);
      return;
    }
    await this.list(listing, penaltyBasisFact(penalty, event), at, event, `penalty:${caseId}:${penaltyId}:credit-listing`);
    const restarts = creditTermRestartsFor(penalty, event, await this.facts.creditEntriesOf(uscc), this.config.creditTerms);
    for (const restart of restarts) {
      await this.followUps.send(
        {
          streamId: creditEntryStreamId(restart.entryId),
          decider: creditListDecider,
          command: restart.command,
          effectiveAt: at,
          context: () => ({ at, terms: this.config.creditTerms }),
        },
        event,
        restart.idempotencyKey,
      );
    }
  }

  /** An automatic listing, resting on the event that caused it. */
  private async list(listing: AddCreditListEntry, basis: ListingBasisFact, at: string, event: RecordedEvent, key: string): Promise<void> {
    const { uscc } = listing.data;
    await this.followUps.send(
      {
        streamId: creditEntryStreamId(listing.data.entryId),
        decider: creditListDecider,
        command: listing,
        effectiveAt: at,
        context: async () => ({
          at,
          enterpriseRegistered: await this.facts.enterpriseRegistered(uscc),
          basis,
          terms: this.config.creditTerms,
        }),
      },
      event,
      key,
    );
  }

  /** Not a penalty (a version 1 decision of only 责令改正/曝光): its automatic listing comes off from its listing date. */
  private async liftNonPenaltyListing(penalty: PenaltyImposed, event: RecordedEvent): Promise<void> {
    const { caseId, penaltyId } = penalty.data;
    const removal = onNonPenaltyListing(penalty, await this.facts.creditEntry(penaltyListingEntryId(caseId, penaltyId)));
    if (!removal) return;
    await this.removeListing(
      removal,
      startOfDayCst(removal.command.data.removedOn),
      event,
      `penalty:${caseId}:${penaltyId}:not-a-penalty-removal`,
    );
  }

  /** 逾期不履行: the dishonest list from the day it was recorded, the non-performance as basis. */
  private async onNotPerformed(notPerformed: PenaltyNotPerformed, event: RecordedEvent): Promise<void> {
    // A carrier that does not perform is not listed (nonPerformanceListingFor).
    if (!isAboutEnterprise(notPerformed)) return;
    const { uscc, caseId, penaltyId, recordedOn } = notPerformed.data;
    const at = startOfDayCst(recordedOn);
    const licences = await this.facts.licencesOf(uscc, at);
    const listing = nonPerformanceListingFor(notPerformed, event, {
      terms: this.config.creditTerms,
      enterpriseName: (await this.facts.enterpriseName(uscc)) ?? undefined,
      licenceNumber: licences[0]?.licenceNumber,
      authority: (await this.facts.penaltyAuthority(caseId, penaltyId)) ?? undefined,
    });
    if (!listing) return;
    await this.list(
      listing,
      nonPerformanceBasisFact(notPerformed, event),
      at,
      event,
      `penalty:${caseId}:${penaltyId}:non-performance-listing`,
    );
  }

  /** An annulment lifts the penalty's own listing and the one its non-performance caused, each from the annulment date. */
  private async onAnnulled(annulment: PenaltyAnnulled, event: RecordedEvent): Promise<void> {
    const { caseId, penaltyId, decidedOn } = annulment.data;
    const at = startOfDayCst(decidedOn);
    const listings = [
      { entryId: penaltyListingEntryId(caseId, penaltyId), key: `penalty:${caseId}:${penaltyId}:credit-removal` },
      { entryId: nonPerformanceListingEntryId(caseId, penaltyId), key: `penalty:${caseId}:${penaltyId}:non-performance-removal` },
    ];
    for (const { entryId, key } of listings) {
      const removal = onPenaltyAnnulled(annulment, await this.facts.creditEntry(entryId), entryId);
      if (removal) await this.removeListing(removal, at, event, key);
    }
  }

  /** Art. 38: the listings resting on the confirmed year's orders come off from the confirmation date. */
  private async onAnnualReportConfirmed(confirmed: AnnualReportConfirmed, event: RecordedEvent): Promise<void> {
    const removals = onAnnualReportConfirmed(confirmed, event, await this.facts.annualReportListingsOf(confirmed.data.uscc));
    for (const removal of removals) await this.removeListing(removal, startOfDayCst(removal.effectiveOn), event, removal.idempotencyKey);
  }

  /** A listing comes off (an annulment, a non-penalty, a confirmed report), from `at`, caused by `event`. */
  private async removeListing(removal: CreditRemovalFollowUp, at: string, event: RecordedEvent, key: string): Promise<void> {
    await this.followUps.send(
      {
        streamId: creditEntryStreamId(removal.entryId),
        decider: creditListDecider,
        command: removal.command,
        effectiveAt: at,
        context: () => ({ at }),
      },
      event,
      key,
    );
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

import {
  DEFAULT_CREDIT_LIST_TERMS,
  defaultExpiresOn,
  isInForce,
  type AddCreditListEntry,
  type CreditEntryFact,
  type CreditListTerms,
  type ListingBasis,
  type ListingBasisFact,
  type RestartCreditListTerm,
} from '../credit-list';
import type { AnnualReportConfirmed } from '../enterprises';
import { wording, type Reason } from '../shared';
import { deterministicUuid } from './deterministic-id';
import {
  isAboutEnterprise,
  isAdministrativePenalty,
  type OfEnterprise,
  type PenaltyAnnulled,
  type PenaltyImposed,
  type PenaltyNotPerformed,
} from './events';
import { isRevocable, type HeldLicenceFact, type HeldNumberFact } from './facts';

/*
 * Pure process managers: what a recorded penalty decision makes other streams do (docs/domain.md §5).
 * The lead's runner feeds them events from the global log and sends the returned commands; they
 * read nothing themselves. Each is idempotent given fresh facts, so replaying the log never
 * revokes, reclaims, lists or removes twice.
 */

/** Where the triggering event sits in the log: the follow-ups carry it as their cause. */
export interface EventSource {
  readonly eventId: string;
  readonly position: number;
}

/** The penalised enterprise's holdings now, from the licences and numbers read models. */
export interface HoldingsFacts {
  readonly licences: readonly HeldLicenceFact[];
  readonly numbers: readonly HeldNumberFact[];
  /**
   * Whether the case already shows the penalty annulled, for a runner that has fallen behind: a
   * revocation cannot be undone (licensing has no reinstatement after 吊销), so none is sent late.
   */
  readonly penaltyAnnulled?: boolean;
}

interface FollowUpEnvelope {
  /** The penalty decision date: the follow-up takes effect then (its `effectiveAt`). */
  readonly effectiveOn: string;
  readonly causationId: string;
  readonly causationPosition: number;
  /** Stable across replays: usable as the command's Idempotency-Key. */
  readonly idempotencyKey: string;
}

/** Data shaped like licensing's RevokeLicence, without importing that context. */
export interface RevokeLicenceFollowUp extends FollowUpEnvelope {
  readonly target: 'licence';
  readonly licenceNumber: string;
  readonly command: {
    readonly type: 'RevokeLicence';
    readonly data: { readonly reason: Reason; readonly penaltyId: string; readonly caseId: string };
  };
}

/** Data shaped like numbering's ReclaimNumber, without importing that context. */
export interface ReclaimNumberFollowUp extends FollowUpEnvelope {
  readonly target: 'number';
  readonly numberId: string;
  readonly command: {
    readonly type: 'ReclaimNumber';
    readonly data: { readonly reason: Reason; readonly penaltyId: string; readonly caseId: string };
  };
}

/**
 * Data shaped like licensing's SuspendLicence with its period, without importing that context:
 * 责令停业整顿 suspends the licence from `from` (the follow-up's effectiveOn) until `until`.
 */
export interface SuspendLicenceFollowUp extends FollowUpEnvelope {
  readonly target: 'licence-suspension';
  readonly licenceNumber: string;
  readonly command: {
    readonly type: 'SuspendLicence';
    readonly data: { readonly reason: Reason; readonly from: string; readonly until: string };
  };
}

export type PenaltyFollowUp = RevokeLicenceFollowUp | ReclaimNumberFollowUp | SuspendLicenceFollowUp;

/** A target the decision names or implies that gets no command, and why (for the runner's log). */
export interface SkippedTarget {
  readonly target: 'licence' | 'number' | 'licence-suspension';
  readonly id: string;
  readonly reason: 'already-revoked' | 'cancelled' | 'expired' | 'already-reclaimed' | 'not-held' | 'penalty-annulled' | 'not-valid';
}

export interface PenaltyFollowUps {
  readonly commands: readonly PenaltyFollowUp[];
  readonly skipped: readonly SkippedTarget[];
}

/**
 * The revocations (吊销) and reclamations (收回) a penalty decision orders. A revocation naming no
 * licence applies to every licence the enterprise holds in force; a reclamation naming no number
 * applies to the numbers the case concerns. Targets not held, or already revoked, reclaimed,
 * cancelled or expired, are skipped: licensing refuses to revoke those, and a number reallocated
 * since must not be taken from its new holder. A carrier's penalty orders none: a carrier holds
 * no call-centre licence or number (its case refuses those measures, NOT_FOR_A_CARRIER).
 */
export function penaltyFollowUps(penalty: PenaltyImposed, source: EventSource, facts: HoldingsFacts): PenaltyFollowUps {
  if (!isAboutEnterprise(penalty)) return { commands: [], skipped: [] };
  const { caseId, penaltyId, decidedOn, documentNo, measures, caseNumbers } = penalty.data;
  const commands: PenaltyFollowUp[] = [];
  const skipped: SkippedTarget[] = [];
  const envelope = (action: string, id: string): FollowUpEnvelope => ({
    effectiveOn: decidedOn,
    causationId: source.eventId,
    causationPosition: source.position,
    idempotencyKey: `penalty:${caseId}:${penaltyId}:${action}:${id}`,
  });
  const data = (what: 'penalty-licence-revocation' | 'penalty-number-reclamation') => ({
    reason: wording(what, { documentNo, decidedOn, caseId }),
    penaltyId,
    caseId,
  });

  const licenceNumbers = targets(
    measures,
    'licence-revocation',
    (m) => m.licenceNumber,
    () => facts.licences.map((licence) => licence.licenceNumber),
  );
  const numberIds = targets(
    measures,
    'number-reclamation',
    (m) => m.numberId,
    () => caseNumbers,
  );
  const suspensions = measures.filter(
    (measure) => measure.type === 'business-suspension' && measure.from !== null && measure.until !== null,
  );
  if (facts.penaltyAnnulled) {
    return {
      commands: [],
      skipped: [
        ...licenceNumbers.map((id) => ({ target: 'licence' as const, id, reason: 'penalty-annulled' as const })),
        ...numberIds.map((id) => ({ target: 'number' as const, id, reason: 'penalty-annulled' as const })),
        ...(suspensions.length > 0
          ? facts.licences.map((licence) => ({
              target: 'licence-suspension' as const,
              id: licence.licenceNumber,
              reason: 'penalty-annulled' as const,
            }))
          : []),
      ],
    };
  }

  // 责令停业整顿: every licence of the enterprise in force (valid) is suspended for the period; one
  // revoked by the same decision is not (the revocation comes first and ends it).
  for (const suspension of licenceNumbers.length > 0 ? [] : suspensions) {
    const from = suspension.from as string;
    const until = suspension.until as string;
    for (const licence of facts.licences) {
      if (licence.status !== 'valid') {
        skipped.push({ target: 'licence-suspension', id: licence.licenceNumber, reason: 'not-valid' });
        continue;
      }
      // Recorded as decided, with its period: a period still to come begins by itself (never a future-dated event).
      commands.push({
        ...envelope(`suspend-licence:${from}:${until}`, licence.licenceNumber),
        target: 'licence-suspension',
        licenceNumber: licence.licenceNumber,
        command: {
          type: 'SuspendLicence',
          data: { reason: wording('penalty-business-suspension', { from, until, documentNo, decidedOn, caseId }), from, until },
        },
      });
    }
  }

  for (const licenceNumber of licenceNumbers) {
    const licence = facts.licences.find((held) => held.licenceNumber === licenceNumber);
    if (licence && isRevocable(licence)) {
      commands.push({
        ...envelope('revoke-licence', licenceNumber),
        target: 'licence',
        licenceNumber,
        command: { type: 'RevokeLicence', data: data('penalty-licence-revocation') },
      });
    } else {
      skipped.push({ target: 'licence', id: licenceNumber, reason: licenceSkipReason(licence) });
    }
  }

  for (const numberId of numberIds) {
    const number = facts.numbers.find((held) => held.numberId === numberId);
    if (number && number.status !== 'reclaimed') {
      commands.push({
        ...envelope('reclaim-number', numberId),
        target: 'number',
        numberId,
        command: { type: 'ReclaimNumber', data: data('penalty-number-reclamation') },
      });
    } else {
      skipped.push({ target: 'number', id: numberId, reason: number ? 'already-reclaimed' : 'not-held' });
    }
  }
  return { commands, skipped };
}

function licenceSkipReason(licence: HeldLicenceFact | undefined): SkippedTarget['reason'] {
  if (!licence) return 'not-held';
  if (licence.status === 'cancelled' || licence.status === 'expired') return licence.status;
  return 'already-revoked';
}

/** Distinct targets of the measures of one type, in decision order; a measure naming none means the default set. */
function targets(
  measures: PenaltyImposed['data']['measures'],
  type: 'licence-revocation' | 'number-reclamation',
  named: (measure: PenaltyImposed['data']['measures'][number]) => string | null,
  otherwise: () => readonly string[],
): string[] {
  const ids = measures.filter((measure) => measure.type === type).flatMap((measure) => named(measure) ?? otherwise());
  return [...new Set(ids)];
}

export interface CreditListingOptions {
  readonly terms?: CreditListTerms;
  /** For the published entry (公示), from the enterprises read model. */
  readonly enterpriseName?: string;
  /** For the published entry when no revoked licence is named, from the licences read model. */
  readonly licenceNumber?: string;
  /** The listing authority of a non-performance: the authority that imposed the penalty (its case's record). */
  readonly authority?: string;
}

export const DEFAULT_CREDIT_LISTING_OPTIONS: CreditListingOptions = { terms: DEFAULT_CREDIT_LIST_TERMS };

/**
 * The credit-list entry id of a penalty: the same on every run, so a replayed listing is refused
 * as ALREADY_EXISTS instead of listing twice. Case and penalty id together, as penaltyId is only
 * unique within its case.
 */
export function penaltyListingEntryId(caseId: string, penaltyId: string): string {
  return deterministicUuid('credit-listing', caseId, penaltyId);
}

/**
 * The entry id of the dishonest listing for a penalty not performed (逾期不履行): its own entry,
 * beside the penalty's bad listing, the same on every run.
 */
export function nonPerformanceListingEntryId(caseId: string, penaltyId: string): string {
  return deterministicUuid('credit-listing', caseId, penaltyId, 'non-performance');
}

export function revokesLicence(penalty: PenaltyImposed): boolean {
  return penalty.data.measures.some((measure) => measure.type === 'licence-revocation');
}

/**
 * Telecom Business Licensing Measures art. 42: an enterprise penalised by a communications
 * administration goes on the bad list (不良名单) within 30 days of the decision, and one whose
 * penalty revokes its licence on the dishonest list (失信名单) instead. The Notice's "circulated,
 * interviewed or penalised ... by law" adds no listing of its own for circulars and interviews, so
 * only PenaltyImposed lists automatically (and PenaltyNotPerformed, see nonPerformanceListingFor).
 * Listed on the decision date, which is within the 30 days; the penalty is the listing's basis,
 * and the term follows from the list. A decision with no penalty type (a version 1 one whose
 * measures were only a rectification order or an exposure) lists nobody: null; nor does a
 * carrier's penalty (docs/domain.md §5: carriers go through the same steps, except listing).
 */
export function creditListingFor(
  penalty: PenaltyImposed,
  source: EventSource,
  options: CreditListingOptions = DEFAULT_CREDIT_LISTING_OPTIONS,
): AddCreditListEntry | null {
  if (!isAdministrativePenalty(penalty.data) || !isAboutEnterprise(penalty)) return null;
  const { caseId, penaltyId, uscc, decidedOn, documentNo, authority, measures } = penalty.data;
  const list = revokesLicence(penalty) ? 'dishonest' : 'bad';
  const revoked = measures.find((measure) => measure.type === 'licence-revocation' && measure.licenceNumber !== null);
  const licenceNumber = revoked?.licenceNumber ?? options.licenceNumber;
  return {
    type: 'AddCreditListEntry',
    data: {
      entryId: penaltyListingEntryId(caseId, penaltyId),
      uscc,
      list,
      reason: wording(list === 'dishonest' ? 'listing-penalty-revocation' : 'listing-penalty', { documentNo, decidedOn }),
      listedOn: decidedOn,
      basis: { eventId: source.eventId, documentNo },
      ...(authority !== null ? { authority } : {}),
      ...(licenceNumber !== null && licenceNumber !== undefined ? { licenceNumber } : {}),
      ...(options.enterpriseName !== undefined ? { enterpriseName: options.enterpriseName } : {}),
    },
  };
}

/** The penalty as the basis fact of the listing it causes: the process manager has it in hand. */
export function penaltyBasisFact(penalty: OfEnterprise<PenaltyImposed>, source: EventSource): ListingBasisFact {
  const { uscc, documentNo, decidedOn, caseId, penaltyId } = penalty.data;
  return { eventId: source.eventId, type: 'PenaltyImposed', uscc, documentNo, on: decidedOn, caseId, penaltyId, annulled: false };
}

export interface CreditTermRestartFollowUp extends FollowUpEnvelope {
  readonly entryId: string;
  readonly command: RestartCreditListTerm;
}

/**
 * A new penalty within the term restarts it (docs/domain.md §5): each of the enterprise's entries in
 * force on the decision date runs a full term again from that date. `entries` are the
 * enterprise's entries as the credit-list read model has them; the penalty's own listing is not
 * restarted by it, nor is an entry whose term already runs longer (a penalty recorded late). A
 * carrier's penalty restarts nothing: a carrier is never listed.
 */
export function creditTermRestartsFor(
  penalty: PenaltyImposed,
  source: EventSource,
  entries: readonly CreditEntryFact[],
  terms: CreditListTerms = DEFAULT_CREDIT_LIST_TERMS,
): CreditTermRestartFollowUp[] {
  if (!isAboutEnterprise(penalty)) return [];
  const { caseId, penaltyId, decidedOn, documentNo } = penalty.data;
  const own = penaltyListingEntryId(caseId, penaltyId);
  const basis: ListingBasis = { kind: 'penalty', eventId: source.eventId, documentNo, caseId, penaltyId };
  return entries
    .filter(
      (entry) => entry.entryId !== own && isInForce(entry, decidedOn) && defaultExpiresOn(entry.list, decidedOn, terms) > entry.expiresOn,
    )
    .map((entry) => ({
      effectiveOn: decidedOn,
      causationId: source.eventId,
      causationPosition: source.position,
      idempotencyKey: `penalty:${caseId}:${penaltyId}:credit-term-restart:${entry.entryId}`,
      entryId: entry.entryId,
      command: { type: 'RestartCreditListTerm', data: { restartedOn: decidedOn, basis } },
    }));
}

export interface CreditRemovalFollowUp {
  readonly entryId: string;
  readonly command: {
    readonly type: 'RemoveCreditListEntry';
    readonly data: { readonly reason: Reason; readonly removedOn: string };
  };
}

/**
 * Our reading of docs/domain.md §5: an art. 42 listing rests on the penalty decision, and entries also
 * come off "by a decision"; an annulment (after 行政复议 or 行政诉讼) removes that ground, so the
 * listing is lifted from the annulment date, by a removal event that keeps the entry in history.
 * `entry` is the listing as the credit-list read model has it (null if never listed); nothing is
 * returned when it is not in force on that date (already removed, expired, or never listed).
 */
export function onPenaltyAnnulled(
  annulled: PenaltyAnnulled,
  entry: CreditEntryFact | null,
  /** The penalty's own listing by default; its non-performance listing (nonPerformanceListingEntryId) rests on it too. */
  entryId: string = penaltyListingEntryId(annulled.data.caseId, annulled.data.penaltyId),
): CreditRemovalFollowUp | null {
  const { caseId, penaltyId, decidedOn, documentNo, reason } = annulled.data;
  if (entry && entry.entryId !== entryId) {
    throw new Error(`onPenaltyAnnulled got entry ${entry.entryId}; penalty ${penaltyId} of case ${caseId} is ${entryId}`);
  }
  if (!entry || !isInForce(entry, decidedOn)) return null;
  return {
    entryId,
    command: {
      type: 'RemoveCreditListEntry',
      data: { reason: wording('removal-penalty-annulled', { documentNo, decidedOn, reason }), removedOn: decidedOn },
    },
  };
}

/**
 * 逾期不履行 (docs/domain.md §5; Licensing Measures art. 42: an enterprise that fails to carry out a
 * penalty decision goes on the dishonest list): listed on the day the non-performance was
 * recorded, with that event as the basis. A carrier that does not perform is not listed: null.
 */
export function nonPerformanceListingFor(
  notPerformed: PenaltyNotPerformed,
  source: EventSource,
  options: CreditListingOptions = DEFAULT_CREDIT_LISTING_OPTIONS,
): AddCreditListEntry | null {
  if (!isAboutEnterprise(notPerformed)) return null;
  const { caseId, penaltyId, uscc, recordedOn, documentNo } = notPerformed.data;
  return {
    type: 'AddCreditListEntry',
    data: {
      entryId: nonPerformanceListingEntryId(caseId, penaltyId),
      uscc,
      list: 'dishonest',
      reason: wording('listing-non-performance', { documentNo, recordedOn }),
      listedOn: recordedOn,
      basis: { eventId: source.eventId, documentNo },
      ...(options.authority !== undefined ? { authority: options.authority } : {}),
      ...(options.licenceNumber !== undefined ? { licenceNumber: options.licenceNumber } : {}),
      ...(options.enterpriseName !== undefined ? { enterpriseName: options.enterpriseName } : {}),
    },
  };
}

/** The non-performance as the basis fact of the listing it causes. */
export function nonPerformanceBasisFact(notPerformed: OfEnterprise<PenaltyNotPerformed>, source: EventSource): ListingBasisFact {
  const { uscc, documentNo, recordedOn, caseId, penaltyId } = notPerformed.data;
  return { eventId: source.eventId, type: 'PenaltyNotPerformed', uscc, documentNo, on: recordedOn, caseId, penaltyId, annulled: false };
}

/**
 * Item 7 of issue 17: an automatic listing that rested on a decision which, read as the law
 * types it, is no penalty (a version 1 PenaltyImposed whose measures were only a rectification
 * order or an exposure) comes off from its listing date, as if it had never been in force.
 * `entry` is that listing as the credit-list read model has it; null when there is nothing to
 * lift (no listing, or already removed).
 */
export function onNonPenaltyListing(penalty: PenaltyImposed, entry: CreditEntryFact | null): CreditRemovalFollowUp | null {
  if (isAdministrativePenalty(penalty.data)) return null;
  const { caseId, penaltyId, documentNo, decidedOn } = penalty.data;
  const entryId = penaltyListingEntryId(caseId, penaltyId);
  if (!entry || entry.entryId !== entryId || entry.removedOn !== null) return null;
  return {
    entryId,
    command: {
      type: 'RemoveCreditListEntry',
      data: {
        reason: wording('removal-not-a-penalty', { documentNo, decidedOn }),
        removedOn: entry.listedOn,
      },
    },
  };
}

/** A credit-list entry resting on an annual-report order (责令限期报告), with the year the order was for. */
export interface AnnualReportListingFact extends CreditEntryFact {
  readonly orderYear: number;
}

export interface AnnualReportRemovalFollowUp extends CreditRemovalFollowUp, FollowUpEnvelope {}

/**
 * Art. 38: an enterprise listed for not filing its annual report comes off once it has reported and
 * the administration confirms. Every entry of the enterprise resting on an order for the confirmed
 * year is removed from the confirmation date; one listed after that date (a confirmation recorded
 * late) is removed from its own listing date, as never rightly in force. `listings` are the
 * enterprise's entries resting on annual-report orders; one already removed or expired by then
 * gets nothing, so replays remove nothing twice.
 */
export function onAnnualReportConfirmed(
  confirmed: AnnualReportConfirmed,
  source: EventSource,
  listings: readonly AnnualReportListingFact[],
): AnnualReportRemovalFollowUp[] {
  const { uscc, year, reportedOn, confirmedOn } = confirmed.data;
  const reason = wording('removal-annual-report-confirmed', { year: String(year), reportedOn, confirmedOn });
  return listings
    .filter((entry) => entry.uscc === uscc && entry.orderYear === year && entry.removedOn === null)
    .map((entry) => ({ entry, removedOn: entry.listedOn > confirmedOn ? entry.listedOn : confirmedOn }))
    .filter(({ entry, removedOn }) => isInForce(entry, removedOn))
    .map(({ entry, removedOn }) => ({
      effectiveOn: removedOn,
      causationId: source.eventId,
      causationPosition: source.position,
      idempotencyKey: `annual-report:${uscc}:${year}:confirmation-removal:${entry.entryId}`,
      entryId: entry.entryId,
      command: { type: 'RemoveCreditListEntry', data: { reason, removedOn } },
    }));
}

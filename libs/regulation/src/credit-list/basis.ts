import type { Violation } from '../shared';
import type { ListingBasis, ListingBasisKind } from './events';

/** The basis a listing command names: an event in the log, with the document number the officer cites. */
export interface ListingBasisReference {
  readonly eventId: string;
  readonly documentNo?: string | null;
}

/** The event a listing names as its basis, as the handler found it in the log (read models). */
export interface ListingBasisFact {
  readonly eventId: string;
  readonly type: string;
  /** The enterprise the event is about. */
  readonly uscc: string;
  readonly documentNo: string | null;
  /** The CST day the act took effect: a listing cannot precede what it rests on. */
  readonly on: string;
  readonly caseId: string | null;
  readonly penaltyId: string | null;
  /** A penalty annulled after reconsideration or a court ruling grounds nothing any more. */
  readonly annulled: boolean;
  /**
   * A version 1 PenaltyImposed whose measures were only a rectification order or an exposure is
   * no administrative penalty, and grounds nothing (issue 17 item 7).
   */
  readonly notAPenalty?: boolean;
  /** A circular's or interview's case: the violation it is about (CaseOpened.violation). */
  readonly violation?: string | null;
  /**
   * An AnnualReportOrdered: its deadline, when the year's report was filed and when the
   * administration confirmed it (null or absent: not yet).
   */
  readonly annualReport?: { readonly deadline: string; readonly reportedOn: string | null; readonly confirmedOn?: string | null };
}

/**
 * The events that can ground a listing. Circulars and interviews ground one only in a case about
 * harassment calls (the Notice: 因骚扰电话问题被通报、约谈 … 列入不良名单), which its case records.
 */
const GROUNDS: Readonly<Record<string, ListingBasisKind>> = {
  PenaltyImposed: 'penalty',
  CircularIssued: 'circular',
  InterviewHeld: 'interview',
  PenaltyNotPerformed: 'non-performance',
  AnnualReportOrdered: 'annual-report-order',
};

/**
 * The basis recorded with a listing, or the reason it has none (LISTING_BASIS_REQUIRED). `fact`
 * is null when no such event about the enterprise is in the log.
 */
export function judgeListingBasis(
  reference: ListingBasisReference | undefined,
  fact: ListingBasisFact | null,
  uscc: string,
  listedOn: string,
): ListingBasis | Violation {
  const refused = (message: string): Violation => ({ code: 'LISTING_BASIS_REQUIRED', message });
  if (!reference) {
    return refused(
      'A credit-list entry must rest on a recorded act: name the penalty, circular, interview, non-performance of a penalty or overdue annual-report order it is based on (basis.eventId).',
    );
  }
  if (!fact || fact.eventId !== reference.eventId) {
    return refused(`There is no recorded event ${reference.eventId} about enterprise ${uscc} to base the listing on.`);
  }
  const kind = GROUNDS[fact.type];
  if (!kind) {
    return refused(
      `Event ${fact.eventId} is a ${fact.type}, which cannot ground a listing: a listing rests on a penalty, a circular, an interview, the non-performance of a penalty or an annual-report order left unreported.`,
    );
  }
  if (fact.uscc !== uscc) {
    return refused(`Event ${fact.eventId} is about enterprise ${fact.uscc}, not ${uscc}.`);
  }
  if ((kind === 'circular' || kind === 'interview') && fact.violation !== 'harassment-calls') {
    return refused(
      `The ${kind} ${fact.eventId} belongs to case ${fact.caseId}, about ${fact.violation ?? 'no recorded violation'}; a circular or interview grounds a listing only in a case about harassment calls (harassment-calls).`,
    );
  }
  if (fact.annulled) {
    return refused(`Penalty ${fact.penaltyId} (${fact.documentNo}) was annulled, so it can no longer ground a listing.`);
  }
  if (fact.notAPenalty) {
    return refused(
      `Decision ${fact.documentNo} imposed no administrative penalty (its rectification order or exposure is an act of its own), so it cannot ground a listing.`,
    );
  }
  // Art. 38: the order grounds a listing only once its deadline has passed with no report.
  if (fact.annualReport) {
    const { deadline, reportedOn } = fact.annualReport;
    if (listedOn <= deadline)
      return refused(`The order ${fact.eventId} gives until ${deadline} to report; a listing on ${listedOn} is too early.`);
    if (reportedOn !== null && reportedOn <= deadline)
      return refused(`The annual report the order ${fact.eventId} asked for was filed on ${reportedOn}, by its deadline.`);
    // The confirmation takes the order's listings off (art. 38); one recorded after it would stay on.
    const { confirmedOn } = fact.annualReport;
    if (confirmedOn)
      return refused(
        `The annual report the order ${fact.eventId} asked for was filed on ${reportedOn} and confirmed on ${confirmedOn}, so the order grounds no listing any more.`,
      );
  }
  if (listedOn < fact.on) {
    return refused(`Event ${fact.eventId} took effect on ${fact.on}; a listing on ${listedOn} cannot rest on it.`);
  }
  const cited = reference.documentNo ?? null;
  if (cited !== null && fact.documentNo !== null && cited !== fact.documentNo) {
    return refused(`Event ${fact.eventId} was recorded under document ${fact.documentNo}, not ${cited}.`);
  }
  return { kind, eventId: fact.eventId, documentNo: fact.documentNo ?? cited, caseId: fact.caseId, penaltyId: fact.penaltyId };
}

export function isListingBasis(judged: ListingBasis | Violation): judged is ListingBasis {
  return 'kind' in judged;
}

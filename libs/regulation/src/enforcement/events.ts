import type { CarrierCode, DomainEvent } from '../shared';

export type CaseOrigin = 'complaint' | 'inspection' | 'referral' | 'monitoring';

/** What a case is about (docs/domain.md §5), so officers can find and count cases by what was done. */
export const CASE_VIOLATIONS = [
  'harassment-calls',
  'marketing-outbound',
  'number-transfer-or-lease',
  'trunk-resale',
  'number-concealment',
  'records-not-kept',
  'personal-information',
  'unlicensed-operation',
  'annual-report',
  'other',
] as const;
export type CaseViolation = (typeof CASE_VIOLATIONS)[number];

/**
 * Penalty types of 行政处罚法 art. 9 the ledger records: 警告, 通报批评, 罚款, 没收违法所得, 责令停业整顿,
 * 吊销许可证. A decision needs at least one of them to be an administrative penalty.
 */
export const PENALTY_TYPES = [
  'warning',
  'circulated-criticism',
  'fine',
  'confiscation',
  'business-suspension',
  'licence-revocation',
] as const;
export type PenaltyType = (typeof PENALTY_TYPES)[number];

/** A penalty type, or the measure attached to a penalty: 收回码号 (number reclamation), not a penalty by itself. */
export type PenaltyMeasureType = PenaltyType | 'number-reclamation';
export const PENALTY_MEASURE_TYPES: readonly PenaltyMeasureType[] = [...PENALTY_TYPES, 'number-reclamation'];

/**
 * Acts that schema version 1 recorded as penalty measures, which are acts of their own now
 * (责令改正 → RectificationOrdered, 曝光 → ExposureMade), and neither is a penalty.
 */
export type SeparateActType = 'rectification-order' | 'exposure';

/** A measure as recorded: every field present, null where it does not apply or was not given. */
export interface PenaltyMeasure {
  readonly type: PenaltyMeasureType;
  /** fine: the amount; confiscation: the amount when stated. */
  readonly amountCny: number | null;
  /** business-suspension: the period (calendar dates, both included). */
  readonly from: string | null;
  readonly until: string | null;
  /** licence-revocation: the licence named; null only in version 1 events, meaning every licence in force. */
  readonly licenceNumber: string | null;
  /** number-reclamation: the number named; null only in version 1 events, meaning the case's numbers. */
  readonly numberId: string | null;
}

/** A rectification order or exposure that a version 1 penalty recorded among its measures. */
export interface SeparateAct {
  readonly type: SeparateActType;
  readonly deadline: string | null;
}

/**
 * Whom a case is about (docs/domain.md §5): an enterprise by its USCC, or a carrier (基础电信企业) by
 * its code; exactly one is set, the other null. Two flat fields rather than one object, so that
 * every reader of `uscc` (the enterprise history, the worklists, the penalty process manager, the
 * subscribers) keeps reading enterprise cases as before, and sees a carrier case as naming no
 * enterprise.
 */
export type CaseParty = {
  readonly uscc: string | null;
  readonly carrier: CarrierCode | null;
};

/*
 * Every event repeats caseId and the party (uscc, carrier), so the enterprise's enforcement view
 * and its history can be projected from any one event without reading the case stream.
 */

export type CaseOpened = DomainEvent<
  'CaseOpened',
  CaseParty & {
    readonly caseId: string;
    readonly origin: CaseOrigin;
    /** Version 1 events did not record it: they read as 'other'. */
    readonly violation: CaseViolation;
    readonly summary: string;
    readonly numbers: readonly string[];
    readonly openedOn: string;
    /** The 双随机 draw whose inspection led to the case; null when it came otherwise (and in versions before 4). */
    readonly drawId: string | null;
  }
>;

/** 通报 */
export type CircularIssued = DomainEvent<
  'CircularIssued',
  CaseParty & {
    readonly caseId: string;
    readonly issuedOn: string;
    readonly summary: string;
    readonly documentNo: string | null;
  }
>;

/** 约谈 */
export type InterviewHeld = DomainEvent<
  'InterviewHeld',
  CaseParty & {
    readonly caseId: string;
    readonly heldOn: string;
    readonly attendees: readonly string[];
    readonly minutes: string;
    readonly commitments: readonly string[];
    readonly documentNo: string | null;
  }
>;

/** 曝光: public exposure; not a penalty, and lists nobody. */
export type ExposureMade = DomainEvent<
  'ExposureMade',
  CaseParty & {
    readonly caseId: string;
    readonly exposedOn: string;
    readonly channel: string;
    readonly summary: string;
    readonly documentNo: string | null;
  }
>;

/** 责令改正 / 限期整改: not a penalty, and lists nobody; overdue is derived from the deadline. */
export type RectificationOrdered = DomainEvent<
  'RectificationOrdered',
  CaseParty & {
    readonly caseId: string;
    readonly orderId: string;
    readonly orderedOn: string;
    readonly deadline: string;
    readonly requirements: readonly string[];
    readonly documentNo: string | null;
  }
>;

export type RectificationResult = 'done' | 'not-done';

export type RectificationVerified = DomainEvent<
  'RectificationVerified',
  CaseParty & {
    readonly caseId: string;
    readonly orderId: string;
    readonly verifiedOn: string;
    readonly result: RectificationResult;
    readonly findings: readonly string[];
    /** Of the order, so a read model can tell a late verification without a lookup. */
    readonly deadline: string;
  }
>;

/** 行政处罚决定: one decision with its penalty types and attached measures. */
export type PenaltyImposed = DomainEvent<
  'PenaltyImposed',
  CaseParty & {
    readonly caseId: string;
    readonly penaltyId: string;
    readonly decidedOn: string;
    readonly documentNo: string;
    readonly legalBasis: readonly string[];
    readonly measures: readonly PenaltyMeasure[];
    /** The date by which the decision must be carried out; null when not given. */
    readonly performanceDeadline: string | null;
    /** The penalising authority (MIIT or a provincial 通信管理局); null when not given. */
    readonly authority: string | null;
    /** The numbers the case concerns, which a version 1 number-reclamation naming none applies to. */
    readonly caseNumbers: readonly string[];
    /**
     * Rectification orders and exposures a version 1 decision recorded among its measures: acts of
     * their own, not part of the penalty. Always empty in events recorded now.
     */
    readonly separateActs: readonly SeparateAct[];
  }
>;

/** 履行完毕 */
export type PenaltyPerformed = DomainEvent<
  'PenaltyPerformed',
  CaseParty & {
    readonly caseId: string;
    readonly penaltyId: string;
    /** Of the penalty decision. */
    readonly documentNo: string;
    readonly performedOn: string;
    readonly evidence: readonly string[];
  }
>;

/** 逾期不履行: lists the enterprise on the dishonest list, with this event as the basis. */
export type PenaltyNotPerformed = DomainEvent<
  'PenaltyNotPerformed',
  CaseParty & {
    readonly caseId: string;
    readonly penaltyId: string;
    /** Of the penalty decision. */
    readonly documentNo: string;
    readonly recordedOn: string;
    readonly performanceDeadline: string | null;
  }
>;

/** After administrative reconsideration (行政复议) or a court ruling (行政诉讼). */
export type PenaltyAnnulled = DomainEvent<
  'PenaltyAnnulled',
  CaseParty & {
    readonly caseId: string;
    readonly penaltyId: string;
    /** Of the annulled penalty decision, so a read model can mark it without a lookup. */
    readonly documentNo: string;
    readonly decidedOn: string;
    readonly reason: string;
  }
>;

export type CaseClosed = DomainEvent<
  'CaseClosed',
  CaseParty & { readonly caseId: string; readonly outcome: string; readonly closedOn: string }
>;

export type EnforcementEvent =
  | CaseOpened
  | CircularIssued
  | InterviewHeld
  | ExposureMade
  | RectificationOrdered
  | RectificationVerified
  | PenaltyImposed
  | PenaltyPerformed
  | PenaltyNotPerformed
  | PenaltyAnnulled
  | CaseClosed;

export const ENFORCEMENT_EVENT_TYPES: readonly EnforcementEvent['type'][] = [
  'CaseOpened',
  'CircularIssued',
  'InterviewHeld',
  'ExposureMade',
  'RectificationOrdered',
  'RectificationVerified',
  'PenaltyImposed',
  'PenaltyPerformed',
  'PenaltyNotPerformed',
  'PenaltyAnnulled',
  'CaseClosed',
];

/** Whether a decision imposes at least one penalty type: a version 1 one may have none left. */
export function isAdministrativePenalty(penalty: Pick<PenaltyImposed['data'], 'measures'>): boolean {
  return penalty.measures.some((measure) => (PENALTY_TYPES as readonly string[]).includes(measure.type));
}

/** An event of a case about an enterprise: only such a case lists anyone or acts on licences and numbers. */
export type OfEnterprise<E extends EnforcementEvent> = E & { readonly data: { readonly uscc: string; readonly carrier: null } };

export function isAboutEnterprise<E extends EnforcementEvent>(event: E): event is OfEnterprise<E> {
  return event.data.uscc !== null;
}

import type { DomainEvent, Reason } from '../shared';

/** 国内呼叫中心业务 / 离岸呼叫中心业务. */
export type LicenceScope = 'domestic' | 'offshore';
/** The Notice: renting only seats (坐席出租) or only the system (系统出租) is call-centre business too. */
export type ServiceModel = 'operated' | 'seat-rental' | 'system-rental';
/** 告知承诺 (工信厅信管〔2019〕86号) is open only to applicants in a free-trade pilot zone. */
export type ApprovalPath = 'standard' | 'commitment';
/** Not a bar but a mark for the case officer: the enterprise is on the bad list (不良名单). */
export type CreditFlag = 'bad-list';
export type InspectionResult = 'passed' | 'failed';
/**
 * Why a licence was revoked (吊销, a penalty measure): a penalty decision or another decision. A
 * failed 告知承诺 verification withdraws the licence instead (LicenceWithdrawn); revocations an
 * older release recorded on that ground are read as withdrawals (./schemas.ts).
 */
export type RevocationGround = 'penalty' | 'decision';
/** Why a grant is undone (撤销): a failed 告知承诺 verification, or an officer's decision (e.g. fraud). */
export type WithdrawalGround = 'commitment-verification-failed' | 'decision';

/**
 * Every event names the application (the stream) and, once granted, the licence number, so a
 * projection needs nothing else. Dates are CST calendar days; absent values are `null`.
 * Coverage is `['nationwide']` or sorted, distinct GB/T 2260 province codes.
 */
interface ApplicationRef {
  readonly applicationId: string;
  readonly uscc: string;
}

interface LicenceRef extends ApplicationRef {
  readonly licenceNumber: string;
}

export type LicenceApplicationSubmitted = DomainEvent<
  'LicenceApplicationSubmitted',
  ApplicationRef & {
    readonly scope: LicenceScope;
    readonly coverage: readonly string[];
    readonly serviceModel: ServiceModel;
    readonly approvalPath: ApprovalPath;
    readonly freeTradeZone: string | null;
    /** The Notice: a licence never covers commercial marketing outbound calls (商业营销类电话呼出). */
    readonly commitments: { readonly noMarketingOutbound: true };
    readonly creditFlags: readonly CreditFlag[];
    readonly submittedOn: string;
  }
>;

export type LicenceApplicationAccepted = DomainEvent<'LicenceApplicationAccepted', ApplicationRef & { readonly acceptedOn: string }>;

/** 不予受理. */
export type LicenceApplicationNotAccepted = DomainEvent<
  'LicenceApplicationNotAccepted',
  ApplicationRef & { readonly decidedOn: string; readonly reason: string | null }
>;

/** 实地查验: the Notice requires it before a grant on the standard path. */
export type SiteInspectionRecorded = DomainEvent<
  'SiteInspectionRecorded',
  ApplicationRef & {
    readonly inspectedOn: string;
    readonly inspectors: readonly string[];
    readonly result: InspectionResult;
    readonly findings: readonly string[];
  }
>;

export type LicenceGranted = DomainEvent<
  'LicenceGranted',
  LicenceRef & {
    readonly scope: LicenceScope;
    readonly coverage: readonly string[];
    readonly serviceModel: ServiceModel;
    readonly approvalPath: ApprovalPath;
    readonly freeTradeZone: string | null;
    /** The issuing authority read from the number: null for MIIT (`B2-…`), else the province (`京B2-…`). */
    readonly issuingProvince: string | null;
    readonly grantedOn: string;
    readonly validFrom: string;
    /** The last day the licence is in force. */
    readonly validUntil: string;
    /** 告知承诺 only: the day by which the commitments must have been verified; null on the standard path. */
    readonly verificationDueOn: string | null;
    readonly creditFlags: readonly CreditFlag[];
  }
>;

export type LicenceRefused = DomainEvent<'LicenceRefused', ApplicationRef & { readonly refusedOn: string; readonly reason: string | null }>;

export type LicenceRenewed = DomainEvent<
  'LicenceRenewed',
  LicenceRef & { readonly renewedOn: string; readonly previousValidUntil: string; readonly validUntil: string }
>;

export interface LicenceTerms {
  readonly coverage: readonly string[];
  readonly serviceModel: ServiceModel;
  /** The holder's name as varied on the licence; null until a variation names it. */
  readonly name: string | null;
}

/** 变更: the terms in full after the variation, the ones they replace, and which differ. */
export type LicenceVaried = DomainEvent<
  'LicenceVaried',
  LicenceRef &
    LicenceTerms & {
      readonly variedOn: string;
      readonly changed: readonly (keyof LicenceTerms)[];
      readonly previous: LicenceTerms;
    }
>;

/**
 * Recorded on `suspendedOn`, the day it was decided. `from`: the first day the licence is
 * suspended, which a penalty of 责令停业整顿 may set later than its decision; `until`: the last
 * day of a suspension with a period, after which the licence is in force again by itself, or null
 * until a reinstatement. Both ends are derived at the query's time, never future-dated events.
 * Schema version 2 added `until`, version 4 `from` (earlier suspensions began when recorded).
 */
export type LicenceSuspended = DomainEvent<
  'LicenceSuspended',
  LicenceRef & { readonly suspendedOn: string; readonly from: string; readonly reason: Reason; readonly until: string | null }
>;

export type LicenceReinstated = DomainEvent<'LicenceReinstated', LicenceRef & { readonly reinstatedOn: string; readonly reason: string }>;

/** 吊销. */
export type LicenceRevoked = DomainEvent<
  'LicenceRevoked',
  LicenceRef & {
    readonly revokedOn: string;
    readonly reason: Reason;
    readonly ground: RevocationGround;
    readonly penaltyId: string | null;
    readonly caseId: string | null;
  }
>;

/**
 * 撤销: the grant should not have been made, so it is undone. Not a penalty, unlike 吊销. A
 * withdrawal for fraud (以欺骗等不正当手段取得) bars the enterprise from applying again for a term.
 */
export type LicenceWithdrawn = DomainEvent<
  'LicenceWithdrawn',
  LicenceRef & {
    readonly withdrawnOn: string;
    readonly reason: Reason;
    readonly ground: WithdrawalGround;
    readonly fraud: boolean;
  }
>;

/** 注销. */
export type LicenceCancelled = DomainEvent<'LicenceCancelled', LicenceRef & { readonly cancelledOn: string; readonly reason: string }>;

/** The check after a 告知承诺 grant that the written commitments were true. */
export type CommitmentVerificationRecorded = DomainEvent<
  'CommitmentVerificationRecorded',
  LicenceRef & {
    readonly verifiedOn: string;
    readonly dueOn: string;
    readonly result: InspectionResult;
    readonly findings: readonly string[];
  }
>;

export type LicensingEvent =
  | LicenceApplicationSubmitted
  | LicenceApplicationAccepted
  | LicenceApplicationNotAccepted
  | SiteInspectionRecorded
  | LicenceGranted
  | LicenceRefused
  | LicenceRenewed
  | LicenceVaried
  | LicenceSuspended
  | LicenceReinstated
  | LicenceRevoked
  | LicenceWithdrawn
  | LicenceCancelled
  | CommitmentVerificationRecorded;

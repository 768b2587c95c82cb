import type { CarrierCode, DomainEvent, Reason, RuleBreach } from '../shared';
import type { CreditStandingFact, LicenceCoverageFact, NumberFact } from '../numbering';

/** One failed check of an access request: a rule code and the reason in words. */
export type FailedCheck = RuleBreach;

/** A number as the carrier found it when verifying: who holds it and what is filed for it. */
export interface NumberChecked {
  readonly numberId: string;
  readonly province: string | null;
  /** False when the ledger has no such number; holder, status and filing are then null. */
  readonly known: boolean;
  readonly holder: string | null;
  readonly status: NumberFact['status'] | null;
  readonly filing: NumberFact['filing'];
}

export interface Caution {
  readonly kind: 'bad-list';
  readonly message: string;
}

/**
 * 核实必要信息并留存记录: what the carrier checked before giving access, kept whether access was
 * given or refused.
 */
export interface VerificationRecord {
  readonly enterpriseRegistered: boolean;
  /** Every licence of the enterprise, as it stood when checked. */
  readonly licences: readonly LicenceCoverageFact[];
  /** The valid licences that cover the numbers' provinces. */
  readonly licencesRelied: readonly string[];
  readonly numbers: readonly NumberChecked[];
  readonly creditStanding: CreditStandingFact;
  /** Not bars, but reasons for caution (审慎合作), e.g. the bad list. */
  readonly cautions: readonly Caution[];
}

interface AccessRequestData {
  readonly contractId: string;
  readonly carrier: CarrierCode;
  readonly uscc: string;
  readonly numbers: readonly string[];
  readonly trunkLines: number | null;
  readonly verifiedOn: string;
  readonly verification: VerificationRecord;
}

export type AccessContractSigned = DomainEvent<'AccessContractSigned', AccessRequestData>;

/** The carrier's refusal is itself a record it must keep, with every failed check. */
export type AccessRefused = DomainEvent<'AccessRefused', AccessRequestData & { readonly failedChecks: readonly FailedCheck[] }>;

interface AccessActData {
  readonly contractId: string;
  readonly carrier: CarrierCode;
  readonly uscc: string;
  /** An officer's or carrier's words, or the ledger's own for a consequence (shared/wording.ts). */
  readonly reason: Reason;
}

/**
 * Who suspended access: the carrier (on violations, by its own decision), or the ledger because
 * every number of the contract stopped with a suspension of the holder's licence (docs/domain.md §5),
 * which ends when they return. Schema version 2; version 1 events were all the carrier's.
 */
export type AccessSuspensionCause = 'carrier' | 'numbers-stopped';

export type AccessSuspended = DomainEvent<'AccessSuspended', AccessActData & { readonly cause: AccessSuspensionCause }>;

/** Access given again after a suspension, by the carrier or because the numbers are back in force. */
export type AccessResumed = DomainEvent<'AccessResumed', AccessActData & { readonly cause: AccessSuspensionCause }>;

/** An access contract loses a number that was reclaimed or whose filing stopped for good (docs/domain.md §5). */
export type AccessNumberRemoved = DomainEvent<
  'AccessNumberRemoved',
  AccessActData & { readonly numberId: string; readonly cause: 'number-reclaimed' | 'number-stopped' }
>;

export type AccessTerminated = DomainEvent<'AccessTerminated', AccessActData>;

export type AccessEvent = AccessContractSigned | AccessRefused | AccessSuspended | AccessResumed | AccessNumberRemoved | AccessTerminated;

import { assertNever, cstDate, isProvinceCode } from '../shared';
import type { ApprovalPath, CreditFlag, InspectionResult, LicenceScope, LicensingEvent, ServiceModel } from './events';

export type ApplicationStage = 'none' | 'submitted' | 'accepted' | 'not-accepted' | 'granted' | 'refused';

/** What the recorded acts made of the licence; expiry is not here because it is derived from the date. */
export type RecordedStanding = 'in-force' | 'suspended' | 'revoked' | 'withdrawn' | 'cancelled';

/** The status the contract shows (docs/http-contract.md): expiry follows `validUntil` against the query's time. */
export type LicenceStatus = 'valid' | 'suspended' | 'revoked' | 'withdrawn' | 'cancelled' | 'expired';

export interface Application {
  readonly applicationId: string;
  readonly uscc: string;
  readonly scope: LicenceScope;
  readonly coverage: readonly string[];
  readonly serviceModel: ServiceModel;
  readonly approvalPath: ApprovalPath;
  readonly freeTradeZone: string | null;
  readonly creditFlags: readonly CreditFlag[];
  readonly submittedOn: string;
}

export interface SiteInspection {
  readonly inspectedOn: string;
  readonly inspectors: readonly string[];
  readonly result: InspectionResult;
  readonly findings: readonly string[];
}

export interface CommitmentVerification {
  readonly dueOn: string;
  /** Null until verified. */
  readonly verifiedOn: string | null;
  readonly result: InspectionResult | null;
}

/** 撤销 of the grant; a withdrawal for fraud bars the enterprise's new applications for a term. */
export interface Withdrawal {
  readonly withdrawnOn: string;
  readonly fraud: boolean;
}

export interface Licence {
  readonly licenceNumber: string;
  readonly coverage: readonly string[];
  readonly serviceModel: ServiceModel;
  readonly name: string | null;
  readonly issuingProvince: string | null;
  readonly grantedOn: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly standing: RecordedStanding;
  /** While suspended: the first day, when later than the decision; absent in states saved before. */
  readonly suspendedFrom?: string | null;
  /** While suspended for a period: its last day; absent in states saved before periods existed. */
  readonly suspendedUntil?: string | null;
  /** Null on the standard path. */
  readonly verification: CommitmentVerification | null;
  /** Null unless withdrawn (撤销). */
  readonly withdrawal: Withdrawal | null;
  /**
   * The latest 实地查验 recorded on the stream since the coverage was last decided (the grant or a
   * widening variation): what a variation adding provinces on the standard path relies on, as the
   * grant relies on the inspections before it. Null when none has been recorded since.
   */
  readonly variationInspection: SiteInspection | null;
}

export interface LicensingState {
  readonly stage: ApplicationStage;
  readonly application: Application | null;
  readonly siteInspections: readonly SiteInspection[];
  /** The reason given for not accepting or refusing. */
  readonly decisionReason: string | null;
  readonly licence: Licence | null;
  /**
   * The CST date of the latest act on the stream. Acts are kept in date order so that folding by
   * effective time (valid-time reads) meets them in the order they were decided.
   */
  readonly lastActOn: string | null;
}

/**
 * One stream per application; after the grant it is also the licence's stream, so the licence's
 * whole history (application, inspection, grant, renewals, revocation) reads in one place. A
 * licence number is resolved to its application id by the licences read model.
 */
export function licenceApplicationStreamId(applicationId: string): string {
  return `licence-application-${applicationId}`;
}

export const initialLicensingState = (): LicensingState => ({
  stage: 'none',
  application: null,
  siteInspections: [],
  decisionReason: null,
  licence: null,
  lastActOn: null,
});

export function evolveLicensing(state: LicensingState, event: LicensingEvent): LicensingState {
  switch (event.type) {
    case 'LicenceApplicationSubmitted': {
      const { commitments: _commitments, submittedOn, ...application } = event.data;
      return { ...state, stage: 'submitted', application: { ...application, submittedOn }, lastActOn: submittedOn };
    }
    case 'LicenceApplicationAccepted':
      return { ...state, stage: 'accepted', lastActOn: event.data.acceptedOn };
    case 'LicenceApplicationNotAccepted':
      return { ...state, stage: 'not-accepted', decisionReason: event.data.reason, lastActOn: event.data.decidedOn };
    case 'SiteInspectionRecorded': {
      const { inspectedOn, inspectors, result, findings } = event.data;
      const inspection = { inspectedOn, inspectors, result, findings };
      return {
        ...state,
        siteInspections: [...state.siteInspections, inspection],
        licence: state.licence && { ...state.licence, variationInspection: inspection },
        lastActOn: inspectedOn,
      };
    }
    case 'LicenceGranted': {
      const d = event.data;
      return {
        ...state,
        stage: 'granted',
        lastActOn: d.grantedOn,
        licence: {
          licenceNumber: d.licenceNumber,
          coverage: d.coverage,
          serviceModel: d.serviceModel,
          name: null,
          issuingProvince: d.issuingProvince,
          grantedOn: d.grantedOn,
          validFrom: d.validFrom,
          validUntil: d.validUntil,
          standing: 'in-force',
          verification: d.verificationDueOn === null ? null : { dueOn: d.verificationDueOn, verifiedOn: null, result: null },
          withdrawal: null,
          variationInspection: null,
        },
      };
    }
    case 'LicenceRefused':
      return { ...state, stage: 'refused', decisionReason: event.data.reason, lastActOn: event.data.refusedOn };
    case 'LicenceRenewed':
      return withLicence(state, event.data.renewedOn, { validUntil: event.data.validUntil });
    case 'LicenceVaried': {
      const { coverage, serviceModel, name, previous } = event.data;
      // A widening consumes the inspection it relied on; the next widening needs one of its own.
      const widened = addedCoverage(previous.coverage, coverage).length > 0;
      return withLicence(state, event.data.variedOn, {
        coverage,
        serviceModel,
        name,
        ...(widened ? { variationInspection: null } : {}),
      });
    }
    case 'LicenceSuspended':
      return withLicence(state, event.data.suspendedOn, {
        standing: 'suspended',
        suspendedFrom: event.data.from,
        suspendedUntil: event.data.until,
      });
    case 'LicenceReinstated':
      return withLicence(state, event.data.reinstatedOn, { standing: 'in-force', suspendedFrom: null, suspendedUntil: null });
    case 'LicenceRevoked':
      return withLicence(state, event.data.revokedOn, { standing: 'revoked' });
    case 'LicenceWithdrawn': {
      const { withdrawnOn, fraud } = event.data;
      return withLicence(state, withdrawnOn, { standing: 'withdrawn', withdrawal: { withdrawnOn, fraud } });
    }
    case 'LicenceCancelled':
      return withLicence(state, event.data.cancelledOn, { standing: 'cancelled' });
    case 'CommitmentVerificationRecorded': {
      const { verifiedOn, result, dueOn } = event.data;
      return withLicence(state, verifiedOn, { verification: { dueOn, verifiedOn, result } });
    }
    default:
      return assertNever(event);
  }
}

function withLicence(state: LicensingState, on: string, change: Partial<Licence>): LicensingState {
  if (!state.licence) return state;
  return { ...state, licence: { ...state.licence, ...change }, lastActOn: on };
}

export function applicationStage(state: LicensingState): ApplicationStage {
  return state.stage;
}

/** The latest site inspection supersedes earlier ones (they are kept in date order). */
export function latestSiteInspection(state: LicensingState): SiteInspection | null {
  return state.siteInspections[state.siteInspections.length - 1] ?? null;
}

export const NATIONWIDE = 'nationwide';

/**
 * The provinces `next` covers that `previous` did not: every province when a provincial coverage
 * becomes nationwide, none when a nationwide one narrows.
 */
export function addedCoverage(previous: readonly string[], next: readonly string[]): string[] {
  if (previous.includes(NATIONWIDE)) return [];
  return next.filter((c) => !previous.includes(c));
}

/**
 * The licence's status at `atInstant`, for a state folded up to that instant; null when no
 * licence was granted. Revocation, withdrawal and cancellation are final and win over expiry; a suspended
 * licence past `validUntil` is expired, since reinstatement can no longer put it back in force.
 */
export function licenceStatusAt(state: LicensingState, atInstant: string): LicenceStatus | null {
  const licence = state.licence;
  if (!licence) return null;
  if (licence.standing === 'revoked' || licence.standing === 'withdrawn' || licence.standing === 'cancelled') {
    return licence.standing;
  }
  if (cstDate(atInstant) > licence.validUntil) return 'expired';
  return licence.standing === 'suspended' && suspensionInForce(licence.suspendedFrom ?? null, licence.suspendedUntil ?? null, atInstant)
    ? 'suspended'
    : 'valid';
}

/** A suspension with a period ends by time, after its last day (CST). */
export function suspensionEnded(until: string | null, atInstant: string): boolean {
  return until !== null && cstDate(atInstant) > until;
}

/** A recorded suspension holds from its first day (null: from when recorded) through its last (null: until reinstated). */
export function suspensionInForce(from: string | null, until: string | null, atInstant: string): boolean {
  return !suspensionEnded(until, atInstant) && (from === null || cstDate(atInstant) >= from);
}

/** A process manager revoking on a penalty relies on this to stay idempotent. */
export function isRevoked(state: LicensingState): boolean {
  return state.licence?.standing === 'revoked';
}

/** A licence as other contexts see it (numbering, access): the read model's row. */
export interface LicenceFact {
  readonly licenceNumber: string;
  readonly uscc: string;
  readonly status: LicenceStatus;
  readonly coverage: readonly string[];
  readonly validUntil: string;
}

/**
 * Whether the licence's coverage includes `provinceCode`; a nationwide licence covers every
 * province. `null` asks for national reach (a 95 number is allocated for the whole country), which
 * only a nationwide licence has. Coverage only: combine with `status === 'valid'` (`licenceValidFor`).
 */
export function licenceCovers(licence: Pick<LicenceFact, 'coverage'>, provinceCode: string | null): boolean {
  if (licence.coverage.includes(NATIONWIDE)) return provinceCode === null || isProvinceCode(provinceCode);
  return provinceCode !== null && licence.coverage.includes(provinceCode);
}

/** In force and covering the province: what number filings and carriers' access require. */
export function licenceValidFor(licence: Pick<LicenceFact, 'coverage' | 'status'>, provinceCode: string | null): boolean {
  return licence.status === 'valid' && licenceCovers(licence, provinceCode);
}

import { assertNever, cstDate, isProvinceCode } from '../shared';
import type { ApprovalPath, CreditFlag, InspectionResult, LicenceScope, LicensingEvent, ServiceModel } from './events';
import { NATIONWIDE } from './rules';

export type ApplicationStage = 'none' | 'submitted' | 'accepted' | 'not-accepted' | 'granted' | 'refused';

/** What the recorded acts made of the licence; expiry is not here because it is derived from the date. */
export type RecordedStanding = 'in-force' | 'suspended' | 'revoked' | 'cancelled';

/** The status the contract shows (api.md): expiry follows `validUntil` against the query's time. */
export type LicenceStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired';

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
  /** Null on the standard path. */
  readonly verification: CommitmentVerification | null;
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
      return {
        ...state,
        siteInspections: [...state.siteInspections, { inspectedOn, inspectors, result, findings }],
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
          verification:
            d.verificationDueOn === null ? null : { dueOn: d.verificationDueOn, verifiedOn: null, result: null },
        },
      };
    }
    case 'LicenceRefused':
      return { ...state, stage: 'refused', decisionReason: event.data.reason, lastActOn: event.data.refusedOn };
    case 'LicenceRenewed':
      return withLicence(state, event.data.renewedOn, { validUntil: event.data.validUntil });
    case 'LicenceVaried': {
      const { coverage, serviceModel, name } = event.data;
      return withLicence(state, event.data.variedOn, { coverage, serviceModel, name });
    }
    case 'LicenceSuspended':
      return withLicence(state, event.data.suspendedOn, { standing: 'suspended' });
    case 'LicenceReinstated':
      return withLicence(state, event.data.reinstatedOn, { standing: 'in-force' });
    case 'LicenceRevoked':
      return withLicence(state, event.data.revokedOn, { standing: 'revoked' });
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

/**
 * The licence's status at `atInstant`, for a state folded up to that instant; null when no
 * licence was granted. Revocation and cancellation are final and win over expiry; a suspended
 * licence past `validUntil` is expired, since reinstatement can no longer put it back in force.
 */
export function licenceStatusAt(state: LicensingState, atInstant: string): LicenceStatus | null {
  const licence = state.licence;
  if (!licence) return null;
  if (licence.standing === 'revoked' || licence.standing === 'cancelled') return licence.standing;
  if (cstDate(atInstant) > licence.validUntil) return 'expired';
  return licence.standing === 'suspended' ? 'suspended' : 'valid';
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

export function licenceFactAt(state: LicensingState, atInstant: string): LicenceFact | null {
  const status = licenceStatusAt(state, atInstant);
  if (!state.licence || !state.application || status === null) return null;
  const { licenceNumber, coverage, validUntil } = state.licence;
  return { licenceNumber, uscc: state.application.uscc, status, coverage, validUntil };
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
export function licenceValidFor(
  licence: Pick<LicenceFact, 'coverage' | 'status'>,
  provinceCode: string | null,
): boolean {
  return licence.status === 'valid' && licenceCovers(licence, provinceCode);
}

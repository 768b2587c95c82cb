import type { Command, Reason } from '../shared';
import type { ApprovalPath, InspectionResult, LicenceScope, ServiceModel } from './events';

export type SubmitLicenceApplication = Command<
  'SubmitLicenceApplication',
  {
    readonly applicationId: string;
    readonly uscc: string;
    readonly scope: LicenceScope;
    /** `['nationwide']` or GB/T 2260 province codes. */
    readonly coverage: readonly string[];
    readonly serviceModel: ServiceModel;
    readonly approvalPath: ApprovalPath;
    readonly freeTradeZone?: string;
    readonly commitments: { readonly noMarketingOutbound: boolean };
  }
>;

/*
 * The commands below target an existing application stream (`licenceApplicationStreamId`); the
 * handler resolves a licence number to its application id through the licences read model.
 */

export type DecideAcceptance = Command<'DecideAcceptance', { readonly decision: 'accepted' | 'not-accepted'; readonly reason?: string }>;

export type RecordSiteInspection = Command<
  'RecordSiteInspection',
  {
    readonly inspectedOn: string;
    readonly inspectors: readonly string[];
    readonly result: InspectionResult;
    readonly findings?: readonly string[];
  }
>;

export type DecideApplication = Command<
  'DecideApplication',
  {
    readonly decision: 'granted' | 'refused';
    readonly licenceNumber?: string;
    readonly validFrom?: string;
    readonly validUntil?: string;
    readonly reason?: string;
  }
>;

export type RenewLicence = Command<'RenewLicence', { readonly validUntil: string }>;

export type VaryLicence = Command<
  'VaryLicence',
  { readonly coverage?: readonly string[]; readonly serviceModel?: ServiceModel; readonly name?: string }
>;

/** `from`: the first day of the suspension when later than the decision (a 停业整顿 period); `until`: its last day. */
export type SuspendLicence = Command<
  'SuspendLicence',
  { readonly reason: Reason; readonly from?: string | null; readonly until?: string | null }
>;

export type ReinstateLicence = Command<'ReinstateLicence', { readonly reason: string }>;

export type RevokeLicence = Command<'RevokeLicence', { readonly reason: Reason; readonly penaltyId?: string; readonly caseId?: string }>;

/** 撤销: `decidedOn` is the day of the decision; a withdrawal for fraud bars new applications. */
export type WithdrawLicence = Command<'WithdrawLicence', { readonly decidedOn: string; readonly reason: Reason; readonly fraud: boolean }>;

export type CancelLicence = Command<'CancelLicence', { readonly reason: string }>;

export type RecordCommitmentVerification = Command<
  'RecordCommitmentVerification',
  { readonly verifiedOn: string; readonly result: InspectionResult; readonly findings?: readonly string[] }
>;

export type ApplicationCommand = SubmitLicenceApplication | DecideAcceptance | RecordSiteInspection | DecideApplication;

export type LicenceCommand =
  | RenewLicence
  | VaryLicence
  | SuspendLicence
  | ReinstateLicence
  | RevokeLicence
  | WithdrawLicence
  | CancelLicence
  | RecordCommitmentVerification;

export type LicensingCommand = ApplicationCommand | LicenceCommand;

import { RuleViolation, cstDate, invalidTransition, type Violation } from '../shared';
import type {
  CancelLicence,
  LicenceCommand,
  RecordCommitmentVerification,
  ReinstateLicence,
  RenewLicence,
  RevokeLicence,
  SuspendLicence,
  VaryLicence,
} from './commands';
import type {
  CommitmentVerificationRecorded,
  LicenceCancelled,
  LicenceReinstated,
  LicenceRenewed,
  LicenceRevoked,
  LicenceSuspended,
  LicenceTerms,
  LicenceVaried,
} from './events';
import { actDate, chronologyProblems, stageWords } from './acts';
import {
  coverageMatchesIssuer,
  coverageProblems,
  dateProblems,
  normaliseCoverage,
  type LicensingContext,
} from './rules';
import { licenceStatusAt, type Application, type Licence, type LicensingState } from './state';

/*
 * Order of checks after a grant: first what the recorded acts allow (a revoked or cancelled licence
 * is closed; suspension and reinstatement alternate): INVALID_TRANSITION. Then time: an act that
 * needs the licence in force is refused LICENCE_NOT_VALID once `validUntil` has passed, since
 * expiry is not an act but the lapse of time, and the remedy is renewal. Renewal and cancellation
 * remain open on an expired licence: under 行政许可法 art. 50 a renewal applied for in time and not
 * decided before expiry is deemed granted (视为准予延续), so it may be recorded afterwards; and
 * art. 70(1) makes 注销 the proper end of a licence that lapsed unrenewed.
 */

interface Granted {
  readonly application: Application;
  readonly licence: Licence;
  readonly ref: { readonly applicationId: string; readonly uscc: string; readonly licenceNumber: string };
}

function granted(state: LicensingState, what: string): Granted {
  if (state.stage === 'none') throw new RuleViolation('NOT_FOUND', 'There is no such licence.');
  const { application, licence } = state;
  if (state.stage !== 'granted' || !application || !licence) throw invalidTransition(what, stageWords(state));
  const ref = {
    applicationId: application.applicationId,
    uscc: application.uscc,
    licenceNumber: licence.licenceNumber,
  };
  if (licence.standing === 'revoked') {
    throw invalidTransition(what, `licence ${licence.licenceNumber} has been revoked (吊销)`);
  }
  if (licence.standing === 'cancelled') {
    throw invalidTransition(what, `licence ${licence.licenceNumber} has been cancelled (注销)`);
  }
  return { application, licence, ref };
}

function requireUnexpired(state: LicensingState, context: LicensingContext, what: string): void {
  if (licenceStatusAt(state, context.at) !== 'expired') return;
  const licence = state.licence as Licence;
  throw new RuleViolation(
    'LICENCE_NOT_VALID',
    `Cannot ${what}: licence ${licence.licenceNumber} expired after ${licence.validUntil}; it must be renewed first.`,
  );
}

export function decideOnLicence(
  command: LicenceCommand,
  state: LicensingState,
  context: LicensingContext,
): (
  | LicenceRenewed
  | LicenceVaried
  | LicenceSuspended
  | LicenceReinstated
  | LicenceRevoked
  | LicenceCancelled
  | CommitmentVerificationRecorded
)[] {
  switch (command.type) {
    case 'RenewLicence':
      return [renew(command, state, context)];
    case 'VaryLicence':
      return [vary(command, state, context)];
    case 'SuspendLicence':
      return [suspend(command, state, context)];
    case 'ReinstateLicence':
      return [reinstate(command, state, context)];
    case 'RevokeLicence':
      return [revoke(command, state, context)];
    case 'CancelLicence':
      return [cancel(command, state, context)];
    case 'RecordCommitmentVerification':
      return verifyCommitments(command, state, context);
  }
}

function renew(command: RenewLicence, state: LicensingState, context: LicensingContext): LicenceRenewed {
  const { licence, ref } = granted(state, 'renew the licence');
  const renewedOn = cstDate(context.at);
  const { validUntil } = command.data;
  const violations: Violation[] = [...chronologyProblems(state, renewedOn), ...dateProblems('validUntil', validUntil)];
  if (violations.length === 0 && validUntil <= licence.validUntil) {
    violations.push({
      code: 'INVALID_DATE',
      message: `A renewal must extend the licence: ${validUntil} is not after its current end, ${licence.validUntil}.`,
    });
  } else if (violations.length === 0 && validUntil < renewedOn) {
    violations.push({
      code: 'INVALID_DATE',
      message: `The renewed licence would still have expired (${validUntil}) on the day of renewal (${renewedOn}).`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'LicenceRenewed', data: { ...ref, renewedOn, previousValidUntil: licence.validUntil, validUntil } };
}

function vary(command: VaryLicence, state: LicensingState, context: LicensingContext): LicenceVaried {
  const what = 'vary the licence';
  const { licence, ref } = granted(state, what);
  const d = command.data;
  const previous: LicenceTerms = { coverage: licence.coverage, serviceModel: licence.serviceModel, name: licence.name };
  const next: LicenceTerms = {
    coverage: d.coverage === undefined ? previous.coverage : normaliseCoverage(d.coverage),
    serviceModel: d.serviceModel ?? previous.serviceModel,
    name: d.name ?? previous.name,
  };
  const changed = (['coverage', 'serviceModel', 'name'] as const).filter(
    (key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
  );
  // No rule code names an empty variation; it is the transition to the state the licence is already in.
  if (changed.length === 0) throw invalidTransition(what, 'variation changes nothing the licence does not already say');
  requireUnexpired(state, context, what);
  const variedOn = cstDate(context.at);
  const violations = [...chronologyProblems(state, variedOn)];
  if (d.coverage !== undefined) {
    const problems = coverageProblems(d.coverage);
    violations.push(
      ...(problems.length > 0
        ? problems
        : coverageMatchesIssuer(licence.licenceNumber, licence.issuingProvince, next.coverage, 'coverage')),
    );
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'LicenceVaried', data: { ...ref, ...next, variedOn, changed, previous } };
}

function suspend(command: SuspendLicence, state: LicensingState, context: LicensingContext): LicenceSuspended {
  const what = 'suspend the licence';
  const { licence, ref } = granted(state, what);
  if (licence.standing === 'suspended')
    throw invalidTransition(what, `licence ${licence.licenceNumber} is already suspended`);
  requireUnexpired(state, context, what);
  const suspendedOn = actDate(state, cstDate(context.at));
  return { type: 'LicenceSuspended', data: { ...ref, suspendedOn, reason: command.data.reason } };
}

function reinstate(command: ReinstateLicence, state: LicensingState, context: LicensingContext): LicenceReinstated {
  const what = 'reinstate the licence';
  const { licence, ref } = granted(state, what);
  if (licence.standing !== 'suspended')
    throw invalidTransition(what, `licence ${licence.licenceNumber} is not suspended`);
  requireUnexpired(state, context, what);
  const reinstatedOn = actDate(state, cstDate(context.at));
  return { type: 'LicenceReinstated', data: { ...ref, reinstatedOn, reason: command.data.reason } };
}

function revoke(command: RevokeLicence, state: LicensingState, context: LicensingContext): LicenceRevoked {
  const what = 'revoke the licence';
  const { ref } = granted(state, what);
  requireUnexpired(state, context, what);
  const revokedOn = actDate(state, cstDate(context.at));
  const { reason, penaltyId, caseId } = command.data;
  return {
    type: 'LicenceRevoked',
    data: {
      ...ref,
      revokedOn,
      reason,
      ground: penaltyId ? 'penalty' : 'decision',
      penaltyId: penaltyId ?? null,
      caseId: caseId ?? null,
    },
  };
}

function cancel(command: CancelLicence, state: LicensingState, context: LicensingContext): LicenceCancelled {
  const { ref } = granted(state, 'cancel the licence');
  const cancelledOn = actDate(state, cstDate(context.at));
  return { type: 'LicenceCancelled', data: { ...ref, cancelledOn, reason: command.data.reason } };
}

/** 告知承诺: the grant rests on the written commitments; verification that finds them untrue revokes it. */
function verifyCommitments(
  command: RecordCommitmentVerification,
  state: LicensingState,
  context: LicensingContext,
): [CommitmentVerificationRecorded] | [CommitmentVerificationRecorded, LicenceRevoked] {
  const what = 'record a commitment verification';
  const { licence, ref } = granted(state, what);
  const verification = licence.verification;
  if (!verification)
    throw invalidTransition(
      what,
      `licence ${licence.licenceNumber} was granted on the standard path, not on commitment (告知承诺)`,
    );
  if (verification.verifiedOn !== null) {
    throw invalidTransition(
      what,
      `commitments of licence ${licence.licenceNumber} were already verified on ${verification.verifiedOn}`,
    );
  }
  requireUnexpired(state, context, what);
  const d = command.data;
  const verifiedOn = actDate(state, d.verifiedOn, 'verifiedOn');
  const recorded: CommitmentVerificationRecorded = {
    type: 'CommitmentVerificationRecorded',
    data: { ...ref, verifiedOn, dueOn: verification.dueOn, result: d.result, findings: [...(d.findings ?? [])] },
  };
  if (d.result === 'passed') return [recorded];
  return [
    recorded,
    {
      type: 'LicenceRevoked',
      data: {
        ...ref,
        revokedOn: verifiedOn,
        reason: 'The verification after approval on commitment (告知承诺) found the commitments were not met.',
        ground: 'commitment-verification-failed',
        penaltyId: null,
        caseId: null,
      },
    },
  ];
}

import { RuleViolation, cstDate, invalidTransition, isCalendarDate, wording, type Violation, calendarDateProblems } from '../shared';
import type {
  CancelLicence,
  LicenceCommand,
  RecordCommitmentVerification,
  ReinstateLicence,
  RenewLicence,
  RevokeLicence,
  SuspendLicence,
  VaryLicence,
  WithdrawLicence,
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
  LicenceWithdrawn,
} from './events';
import { actDate, chronologyProblems, stageWords } from './acts';
import {
  addDays,
  coverageMatchesIssuer,
  coverageProblems,
  dishonestProblems,
  licensingRules,
  normaliseCoverage,
  requireFact,
  siteInspectionProblems,
  type LicensingContext,
} from './rules';
import { addedCoverage, licenceStatusAt, suspensionEnded, type Application, type Licence, type LicensingState } from './state';

/*
 * Order of checks after a grant: first what the recorded acts allow (a revoked, withdrawn or
 * cancelled licence is closed; suspension and reinstatement alternate): INVALID_TRANSITION. Then
 * time: an act that needs the licence in force is refused LICENCE_NOT_VALID once `validUntil` has
 * passed, since expiry is not an act but the lapse of time. Renewal is decided only in the window
 * before expiry (RENEWAL_WINDOW): a licence that lapsed is not renewed, its holder applies anew
 * (domain.md §1). Cancellation remains open on an expired licence: 行政许可法 art. 70(1) makes 注销
 * the proper end of a licence that lapsed unrenewed.
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
  if (licence.standing === 'withdrawn') {
    throw invalidTransition(what, `licence ${licence.licenceNumber} has been withdrawn (撤销)`);
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
  | LicenceWithdrawn
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
    case 'WithdrawLicence':
      return [withdraw(command, state, context)];
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
  const violations: Violation[] = [...chronologyProblems(state, renewedOn), ...calendarDateProblems('validUntil', validUntil)];
  if (violations.length === 0 && validUntil <= licence.validUntil) {
    violations.push({
      code: 'INVALID_DATE',
      message: `A renewal must extend the licence: ${validUntil} is not after its current end, ${licence.validUntil}.`,
    });
  }
  violations.push(...renewalWindowProblems(licence, renewedOn, licensingRules(context).renewalWindowDays));
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'LicenceRenewed', data: { ...ref, renewedOn, previousValidUntil: licence.validUntil, validUntil } };
}

/** Renewal (延续) is decided from `validUntil − window` up to `validUntil`; after expiry the holder applies anew. */
function renewalWindowProblems(licence: Licence, renewedOn: string, windowDays: number): Violation[] {
  const opensOn = addDays(licence.validUntil, -windowDays);
  if (renewedOn > licence.validUntil) {
    return [
      {
        code: 'RENEWAL_WINDOW',
        message: `Licence ${licence.licenceNumber} expired after ${licence.validUntil}; an expired licence is not renewed, the holder must apply for a new licence.`,
      },
    ];
  }
  if (renewedOn < opensOn) {
    return [
      {
        code: 'RENEWAL_WINDOW',
        message: `Licence ${licence.licenceNumber} can be renewed only in the ${windowDays} days before it expires, from ${opensOn} to ${licence.validUntil}; ${renewedOn} is too early.`,
      },
    ];
  }
  return [];
}

function vary(command: VaryLicence, state: LicensingState, context: LicensingContext): LicenceVaried {
  const what = 'vary the licence';
  const { application, licence, ref } = granted(state, what);
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
    if (problems.length === 0) violations.push(...wideningProblems(command, application, licence, next.coverage, context));
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'LicenceVaried', data: { ...ref, ...next, variedOn, changed, previous } };
}

/**
 * Provinces added by a variation are judged as a grant judges its coverage (domain.md §1): the
 * dishonest list bars them, and on the standard path they need a passed 实地查验 recorded on the
 * stream since the coverage was last decided (Licence.variationInspection).
 */
function wideningProblems(
  command: VaryLicence,
  application: Application,
  licence: Licence,
  coverage: readonly string[],
  context: LicensingContext,
): Violation[] {
  const added = addedCoverage(licence.coverage, coverage);
  if (added.length === 0) return [];
  const what = `adding ${added.join(', ')} to the coverage`;
  const problems = dishonestProblems(requireFact(context, 'creditStanding', command.type), `extend its licence's coverage`);
  if (application.approvalPath === 'standard') {
    problems.push(...siteInspectionProblems(licence.variationInspection ?? null, what));
  }
  return problems;
}

/**
 * 暂停, or 责令停业整顿 for a period (`from` its first day, `until` its last), which begins and
 * ends by itself. A licence whose period has run out is in force again and may be suspended anew;
 * one with a suspension still to come or in force may not.
 */
function suspend(command: SuspendLicence, state: LicensingState, context: LicensingContext): LicenceSuspended {
  const what = 'suspend the licence';
  const { licence, ref } = granted(state, what);
  if (licence.standing === 'suspended' && !suspensionEnded(licence.suspendedUntil ?? null, context.at)) {
    const since = licence.suspendedFrom ? ` from ${licence.suspendedFrom}` : '';
    throw invalidTransition(what, `licence ${licence.licenceNumber} is already suspended${since}`);
  }
  requireUnexpired(state, context, what);
  const suspendedOn = actDate(state, cstDate(context.at));
  const from = command.data.from ?? suspendedOn;
  if (!isCalendarDate(from) || from < suspendedOn) {
    throw new RuleViolation('INVALID_DATE', `A suspension decided on ${suspendedOn} begins on that day or later, not on "${from}".`);
  }
  const until = command.data.until ?? null;
  if (until !== null && (!isCalendarDate(until) || until < from)) {
    throw new RuleViolation('INVALID_DATE', `A suspension from ${from} must end on that day or later, not on "${until}".`);
  }
  return { type: 'LicenceSuspended', data: { ...ref, suspendedOn, from, reason: command.data.reason, until } };
}

function reinstate(command: ReinstateLicence, state: LicensingState, context: LicensingContext): LicenceReinstated {
  const what = 'reinstate the licence';
  const { licence, ref } = granted(state, what);
  if (licence.standing === 'suspended' && suspensionEnded(licence.suspendedUntil ?? null, context.at))
    throw invalidTransition(what, `the suspension of licence ${licence.licenceNumber} ended after ${licence.suspendedUntil}`);
  if (licence.standing !== 'suspended') throw invalidTransition(what, `licence ${licence.licenceNumber} is not suspended`);
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

/** 撤销 undoes a grant that should not have been made; a licence already closed or lapsed has nothing left to undo. */
function withdraw(command: WithdrawLicence, state: LicensingState, context: LicensingContext): LicenceWithdrawn {
  const what = 'withdraw the licence';
  const { licence, ref } = granted(state, what);
  if (licenceStatusAt(state, context.at) === 'expired') {
    throw invalidTransition(what, `licence ${licence.licenceNumber} expired after ${licence.validUntil}`);
  }
  const d = command.data;
  const withdrawnOn = actDate(state, d.decidedOn, 'decidedOn');
  return { type: 'LicenceWithdrawn', data: { ...ref, withdrawnOn, reason: d.reason, ground: 'decision', fraud: d.fraud } };
}

function cancel(command: CancelLicence, state: LicensingState, context: LicensingContext): LicenceCancelled {
  const { ref } = granted(state, 'cancel the licence');
  const cancelledOn = actDate(state, cstDate(context.at));
  return { type: 'LicenceCancelled', data: { ...ref, cancelledOn, reason: command.data.reason } };
}

/** 告知承诺: the grant rests on the written commitments; verification that finds them untrue withdraws it (撤销). */
function verifyCommitments(
  command: RecordCommitmentVerification,
  state: LicensingState,
  context: LicensingContext,
): [CommitmentVerificationRecorded] | [CommitmentVerificationRecorded, LicenceWithdrawn] {
  const what = 'record a commitment verification';
  const { licence, ref } = granted(state, what);
  const verification = licence.verification;
  if (!verification)
    throw invalidTransition(what, `licence ${licence.licenceNumber} was granted on the standard path, not on commitment (告知承诺)`);
  if (verification.verifiedOn !== null) {
    throw invalidTransition(what, `commitments of licence ${licence.licenceNumber} were already verified on ${verification.verifiedOn}`);
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
      type: 'LicenceWithdrawn',
      data: {
        ...ref,
        withdrawnOn: verifiedOn,
        reason: wording('commitment-verification-failed', {}),
        ground: 'commitment-verification-failed',
        fraud: false,
      },
    },
  ];
}

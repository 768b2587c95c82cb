import {
  PROVINCES,
  RuleViolation,
  addYears,
  assertNever,
  calendarDateProblems,
  cstDate,
  invalidTransition,
  isCalendarDate,
  isProvinceCode,
  isValidUscc,
  malformed,
  wording,
  type Decider,
  type MalformedInput,
  type Violation,
} from '../shared';
import type {
  CancelLicence,
  DecideAcceptance,
  DecideApplication,
  LicenceCommand,
  LicensingCommand,
  RecordCommitmentVerification,
  RecordSiteInspection,
  ReinstateLicence,
  RenewLicence,
  RevokeLicence,
  SubmitLicenceApplication,
  SuspendLicence,
  VaryLicence,
  WithdrawLicence,
} from './commands';
import type {
  CommitmentVerificationRecorded,
  CreditFlag,
  LicenceApplicationAccepted,
  LicenceApplicationNotAccepted,
  LicenceApplicationSubmitted,
  LicenceCancelled,
  LicenceGranted,
  LicenceReinstated,
  LicenceRefused,
  LicenceRenewed,
  LicenceRevoked,
  LicenceSuspended,
  LicenceTerms,
  LicenceVaried,
  LicenceWithdrawn,
  LicensingEvent,
  SiteInspectionRecorded,
} from './events';
import { licensingRules, requireFact, type CreditStanding, type LicensingContext, type LicensingRules } from './facts';
import {
  NATIONWIDE,
  addedCoverage,
  evolveLicensing,
  initialLicensingState,
  latestSiteInspection,
  licenceStatusAt,
  suspensionEnded,
  type Application,
  type Licence,
  type LicensingState,
  type SiteInspection,
} from './state';

function decide(command: LicensingCommand, state: LicensingState, context: LicensingContext): LicensingEvent[] {
  switch (command.type) {
    case 'SubmitLicenceApplication':
      return [submit(command, state, context)];
    case 'DecideAcceptance':
      return [decideAcceptance(command, state, context)];
    case 'RecordSiteInspection':
      return [recordSiteInspection(command, state, context)];
    case 'DecideApplication':
      return [decideApplication(command, state, context)];
    case 'RenewLicence':
    case 'VaryLicence':
    case 'SuspendLicence':
    case 'ReinstateLicence':
    case 'RevokeLicence':
    case 'WithdrawLicence':
    case 'CancelLicence':
    case 'RecordCommitmentVerification':
      return decideOnLicence(command, state, context);
    default:
      return assertNever(command);
  }
}

/** 准入管理: a licence application and, once granted, the licence, as one stream. */
export const licensingDecider: Decider<LicensingCommand, LicensingEvent, LicensingState, LicensingContext> = {
  opens: ['SubmitLicenceApplication'],
  initialState: initialLicensingState,
  evolve: evolveLicensing,
  decide,
};

function submit(command: SubmitLicenceApplication, state: LicensingState, context: LicensingContext): LicenceApplicationSubmitted {
  const d = command.data;
  if (state.stage !== 'none') {
    throw new RuleViolation('ALREADY_EXISTS', `Licence application ${d.applicationId} has already been submitted.`);
  }
  const registered = requireFact(context, 'enterpriseRegistered', command.type);
  const credit = requireFact(context, 'creditStanding', command.type);
  const fraudWithdrawals = requireFact(context, 'fraudWithdrawals', command.type);
  const submittedOn = cstDate(context.at);
  const violations: Violation[] = [];
  if (!isValidUscc(d.uscc)) {
    violations.push(malformed('uscc', `"${d.uscc}" is not a valid unified social credit code.`));
  }
  if (!registered) {
    violations.push({
      code: 'ENTERPRISE_NOT_REGISTERED',
      message: `The enterprise ${d.uscc} is not registered in the ledger; register it before it applies.`,
    });
  }
  // The Notice restates the business as answering users' enquiries: 商业营销类电话呼出 is never licensed.
  if (d.commitments.noMarketingOutbound !== true) {
    violations.push({
      code: 'MARKETING_OUTBOUND_FORBIDDEN',
      message: 'The application must commit not to make commercial marketing outbound calls; no licence covers them.',
    });
  }
  violations.push(...dishonestProblems(credit, 'apply for a licence'));
  violations.push(...withdrawalBarProblems(fraudWithdrawals, submittedOn, licensingRules(context)));
  // 工信厅信管〔2019〕86号: the 告知承诺 pilot is open only within free-trade pilot zones.
  const freeTradeZone = d.freeTradeZone?.trim() || null;
  if (d.approvalPath === 'commitment' && freeTradeZone === null) {
    violations.push({
      code: 'COMMITMENT_PATH_NOT_ELIGIBLE',
      message:
        'Approval on commitment (告知承诺) is open only to applicants in a free-trade pilot zone; name the zone or use the standard path.',
    });
  }
  violations.push(...coverageProblems(d.coverage));
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'LicenceApplicationSubmitted',
    data: {
      applicationId: d.applicationId,
      uscc: d.uscc,
      scope: d.scope,
      coverage: normaliseCoverage(d.coverage),
      serviceModel: d.serviceModel,
      approvalPath: d.approvalPath,
      freeTradeZone,
      commitments: { noMarketingOutbound: true },
      creditFlags: creditFlags(credit),
      submittedOn,
    },
  };
}

/** A licence withdrawn (撤销) for fraud bars the enterprise's applications for a term from the decision. */
function withdrawalBarProblems(withdrawnOn: readonly string[], submittedOn: string, rules: LicensingRules): Violation[] {
  const barredUntil = withdrawnOn
    .filter((on) => on <= submittedOn)
    .map((on) => addYears(on, rules.withdrawalBarYears))
    .sort()
    .at(-1);
  if (barredUntil === undefined || submittedOn >= barredUntil) return [];
  return [
    {
      code: 'WITHDRAWAL_BAR',
      message: `A licence of this enterprise was withdrawn (撤销) for fraud; it may not apply for a licence again before ${barredUntil}.`,
    },
  ];
}

function decideAcceptance(
  command: DecideAcceptance,
  state: LicensingState,
  context: LicensingContext,
): LicenceApplicationAccepted | LicenceApplicationNotAccepted {
  const application = existing(state);
  if (state.stage !== 'submitted') throw invalidTransition('decide on acceptance', stageWords(state));
  const on = actDate(state, cstDate(context.at));
  const ref = { applicationId: application.applicationId, uscc: application.uscc };
  return command.data.decision === 'accepted'
    ? { type: 'LicenceApplicationAccepted', data: { ...ref, acceptedOn: on } }
    : { type: 'LicenceApplicationNotAccepted', data: { ...ref, decidedOn: on, reason: command.data.reason ?? null } };
}

function recordSiteInspection(command: RecordSiteInspection, state: LicensingState, context: LicensingContext): SiteInspectionRecorded {
  const application = existing(state);
  const what = 'record a site inspection';
  // After the grant an inspection is for a variation that adds provinces, so the licence must still be in force.
  if (state.stage === 'granted') {
    const status = licenceStatusAt(state, context.at);
    if (status !== 'valid' && status !== 'suspended') throw invalidTransition(what, `the licence is ${status}`);
  } else if (state.stage !== 'accepted') {
    throw invalidTransition(what, stageWords(state));
  }
  const d = command.data;
  const inspectedOn = actDate(state, d.inspectedOn, 'inspectedOn');
  return {
    type: 'SiteInspectionRecorded',
    data: {
      applicationId: application.applicationId,
      uscc: application.uscc,
      inspectedOn,
      inspectors: [...d.inspectors],
      result: d.result,
      findings: [...(d.findings ?? [])],
    },
  };
}

function decideApplication(command: DecideApplication, state: LicensingState, context: LicensingContext): LicenceGranted | LicenceRefused {
  const application = existing(state);
  if (state.stage !== 'accepted') throw invalidTransition('decide on the application', stageWords(state));
  const on = cstDate(context.at);
  if (command.data.decision === 'refused') {
    actDate(state, on);
    return {
      type: 'LicenceRefused',
      data: {
        applicationId: application.applicationId,
        uscc: application.uscc,
        refusedOn: on,
        reason: command.data.reason ?? null,
      },
    };
  }
  return grant(command, state, application, context, on);
}

function grant(
  command: DecideApplication,
  state: LicensingState,
  application: Application,
  context: LicensingContext,
  grantedOn: string,
): LicenceGranted {
  const credit = requireFact(context, 'creditStanding', command.type);
  const rules = licensingRules(context);
  const d = command.data;
  const violations: Violation[] = [...chronologyProblems(state, grantedOn)];

  // 实地查验: the Notice requires an on-site inspection before granting; 告知承诺 verifies afterwards.
  if (application.approvalPath === 'standard') {
    violations.push(...siteInspectionProblems(latestSiteInspection(state), 'a licence'));
  }

  const licenceNumber = d.licenceNumber ?? '';
  const parsed = parseLicenceNumber(licenceNumber);
  if (!parsed) {
    violations.push(
      malformed(
        'licenceNumber',
        d.licenceNumber
          ? `"${licenceNumber}" is not a licence number: expected B2-12345678, or a province abbreviation before it (京B2-12345678).`
          : 'A grant needs the licence number (e.g. B2-20201234 or 京B2-20201234).',
      ),
    );
  } else {
    violations.push(...coverageMatchesIssuer(licenceNumber, parsed.issuingProvince, application.coverage, 'licenceNumber'));
  }
  if (parsed && requireFact(context, 'licenceNumberTaken', command.type)) {
    violations.push({ code: 'ALREADY_EXISTS', message: `The licence number ${licenceNumber} is already in use.` });
  }

  const validFrom = d.validFrom ?? grantedOn;
  const dateIssues = [
    ...calendarDateProblems('validFrom', validFrom),
    ...(d.validUntil ? calendarDateProblems('validUntil', d.validUntil) : []),
  ];
  const validUntil = d.validUntil ?? (dateIssues.length === 0 ? licenceTermEnd(validFrom, rules) : '');
  if (dateIssues.length === 0) dateIssues.push(...validityProblems(validFrom, validUntil, grantedOn));
  violations.push(...dateIssues);

  violations.push(...dishonestProblems(credit, 'be granted a licence'));
  if (violations.length > 0) throw RuleViolation.of(violations);

  return {
    type: 'LicenceGranted',
    data: {
      applicationId: application.applicationId,
      uscc: application.uscc,
      licenceNumber,
      scope: application.scope,
      coverage: application.coverage,
      serviceModel: application.serviceModel,
      approvalPath: application.approvalPath,
      freeTradeZone: application.freeTradeZone,
      issuingProvince: parsed?.issuingProvince ?? null,
      grantedOn,
      validFrom,
      validUntil,
      verificationDueOn: application.approvalPath === 'commitment' ? addDays(grantedOn, rules.commitmentVerificationDays) : null,
      creditFlags: creditFlags(credit),
    },
  };
}

function validityProblems(validFrom: string, validUntil: string, grantedOn: string): Violation[] {
  const problems: Violation[] = [];
  // The status a licence can show has no "not yet in force", so validity starts no later than the grant.
  if (validFrom > grantedOn) {
    problems.push({
      code: 'INVALID_DATE',
      message: `The licence cannot start on ${validFrom}, after the day it is granted (${grantedOn}).`,
    });
  }
  if (validUntil <= validFrom) {
    problems.push({
      code: 'INVALID_DATE',
      message: `The licence must end after it starts: valid until ${validUntil} is not after ${validFrom}.`,
    });
  } else if (validUntil < grantedOn) {
    problems.push({
      code: 'INVALID_DATE',
      message: `The licence would already have expired (${validUntil}) on the day it is granted (${grantedOn}).`,
    });
  }
  return problems;
}

function creditFlags(credit: CreditStanding): CreditFlag[] {
  return credit.bad ? ['bad-list'] : [];
}

function existing(state: LicensingState): Application {
  if (!state.application) throw new RuleViolation('NOT_FOUND', 'There is no such licence application.');
  return state.application;
}

/*
 * Order of checks after a grant: first what the recorded acts allow (a revoked, withdrawn or
 * cancelled licence is closed; suspension and reinstatement alternate): INVALID_TRANSITION. Then
 * time: an act that needs the licence in force is refused LICENCE_NOT_VALID once `validUntil` has
 * passed, since expiry is not an act but the lapse of time. Renewal is decided only in the window
 * before expiry (RENEWAL_WINDOW): a licence that lapsed is not renewed, its holder applies anew
 * (docs/domain.md §1). Cancellation remains open on an expired licence: 行政许可法 art. 70(1) makes 注销
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

function decideOnLicence(
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
 * Provinces added by a variation are judged as a grant judges its coverage (docs/domain.md §1): the
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

/**
 * Acts are kept in date order on a stream (an inspection cannot predate the acceptance, nor a
 * decision the inspection it relies on), so that folding by effective time meets them as decided.
 */
function chronologyProblems(state: LicensingState, on: string): Violation[] {
  return state.lastActOn !== null && on < state.lastActOn
    ? [
        {
          code: 'INVALID_DATE',
          message: `This act is dated ${on}, before the latest act already recorded (${state.lastActOn}).`,
        },
      ]
    : [];
}

/** The date of the act (the command's own date field, or the CST date of `at`), checked for order. */
function actDate(state: LicensingState, on: string, field = 'date'): string {
  const problems = calendarDateProblems(field, on);
  if (problems.length === 0) problems.push(...chronologyProblems(state, on));
  if (problems.length > 0) throw RuleViolation.of(problems);
  return on;
}

const STAGE_WORDS: Readonly<Record<LicensingState['stage'], string>> = {
  none: 'application does not exist',
  submitted: 'application has been submitted but not yet accepted',
  accepted: 'application has been accepted',
  'not-accepted': 'application was not accepted (不予受理)',
  granted: 'licence has already been granted',
  refused: 'application was refused',
};

function stageWords(state: LicensingState): string {
  return STAGE_WORDS[state.stage];
}

const ABBREVIATION_TO_PROVINCE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PROVINCES).map(([code, { abbreviation }]) => [abbreviation, code]),
);

/**
 * A licence number read as its issuing authority: `B2-20201234` from MIIT (cross-regional),
 * `京B2-20201234` from a province's communications administration (provincial). Null if malformed.
 */
export function parseLicenceNumber(licenceNumber: string): { readonly issuingProvince: string | null } | null {
  const match = /^(.?)B2-\d{8}$/u.exec(licenceNumber);
  if (!match) return null;
  const prefix = match[1] as string;
  if (prefix === '') return { issuingProvince: null };
  const province = ABBREVIATION_TO_PROVINCE[prefix];
  return province ? { issuingProvince: province } : null;
}

/** `['nationwide']` or distinct province codes, sorted, so equal coverages compare equal. */
export function normaliseCoverage(coverage: readonly string[]): string[] {
  return [...new Set(coverage)].sort();
}

export function coverageProblems(coverage: readonly string[]): MalformedInput[] {
  if (coverage.length === 0) return [malformed('coverage', 'The coverage is empty: give "nationwide" or province codes.')];
  if (coverage.includes(NATIONWIDE)) {
    return coverage.every((c) => c === NATIONWIDE)
      ? []
      : [malformed('coverage', 'Coverage is either "nationwide" alone or a list of province codes.')];
  }
  const unknown = coverage.filter((c) => !isProvinceCode(c));
  return unknown.length === 0
    ? []
    : [malformed('coverage', `Not GB/T 2260 province codes: ${unknown.map((c) => `"${c}"`).join(', ')} (e.g. 110000 for Beijing).`)];
}

/**
 * A provincial licence (京B2-…) is issued by that province for business within it; covering
 * more needs a cross-regional licence from MIIT (B2-…). `field` is the one given in the command:
 * the licence number at a grant, the coverage at a variation.
 */
function coverageMatchesIssuer(
  licenceNumber: string,
  issuingProvince: string | null,
  coverage: readonly string[],
  field: 'licenceNumber' | 'coverage',
): MalformedInput[] {
  if (issuingProvince === null || (coverage.length === 1 && coverage[0] === issuingProvince)) return [];
  const name = PROVINCES[issuingProvince]?.name ?? issuingProvince;
  return [
    malformed(
      field,
      `${licenceNumber} is a provincial licence of ${name} and can cover only ${issuingProvince}, not ${coverage.join(', ')}; wider coverage needs a cross-regional (B2-) licence from MIIT.`,
    ),
  ];
}

/** 失信名单 is a bar to new licences (信用约束); the bad list only flags the case for attention. */
function dishonestProblems(credit: CreditStanding, act: string): Violation[] {
  return credit.dishonest
    ? [{ code: 'CREDIT_CONSTRAINT', message: `The enterprise is on the dishonest list (失信名单) and cannot ${act}.` }]
    : [];
}

/** 实地查验: the Notice requires a passed on-site inspection before a licence covers a province. */
function siteInspectionProblems(latest: SiteInspection | null, what: string): Violation[] {
  if (latest?.result === 'passed') return [];
  return [
    {
      code: 'SITE_INSPECTION_REQUIRED',
      message: latest
        ? `The latest site inspection (${latest.inspectedOn}) failed; ${what} needs a passed on-site inspection.`
        : `No site inspection is recorded; ${what} needs a passed on-site inspection.`,
    },
  ];
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function licenceTermEnd(validFrom: string, rules: LicensingRules): string {
  return addYears(validFrom, rules.licenceTermYears);
}

import {
  RuleViolation,
  addYears,
  cstDate,
  invalidTransition,
  isValidUscc,
  malformed,
  type Violation,
  calendarDateProblems,
} from '../shared';
import type { DecideAcceptance, DecideApplication, RecordSiteInspection, SubmitLicenceApplication } from './commands';
import type {
  CreditFlag,
  LicenceApplicationAccepted,
  LicenceApplicationNotAccepted,
  LicenceApplicationSubmitted,
  LicenceGranted,
  LicenceRefused,
  SiteInspectionRecorded,
} from './events';
import {
  addDays,
  coverageMatchesIssuer,
  coverageProblems,
  dishonestProblems,
  licenceTermEnd,
  licensingRules,
  normaliseCoverage,
  parseLicenceNumber,
  requireFact,
  siteInspectionProblems,
  type CreditStanding,
  type LicensingContext,
  type LicensingRules,
} from './rules';
import { actDate, chronologyProblems, stageWords } from './acts';
import { latestSiteInspection, licenceStatusAt, type Application, type LicensingState } from './state';

export function submit(command: SubmitLicenceApplication, state: LicensingState, context: LicensingContext): LicenceApplicationSubmitted {
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

export function decideAcceptance(
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

export function recordSiteInspection(
  command: RecordSiteInspection,
  state: LicensingState,
  context: LicensingContext,
): SiteInspectionRecorded {
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

export function decideApplication(
  command: DecideApplication,
  state: LicensingState,
  context: LicensingContext,
): LicenceGranted | LicenceRefused {
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

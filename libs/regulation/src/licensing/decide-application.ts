import { RuleViolation, cstDate, invalidTransition, isValidUscc, malformed, type Violation } from '../shared';
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
  DEFAULT_LICENSING_RULES,
  addDays,
  coverageMatchesIssuer,
  coverageProblems,
  dateProblems,
  licenceTermEnd,
  normaliseCoverage,
  parseLicenceNumber,
  requireFact,
  type CreditStanding,
  type LicensingContext,
} from './rules';
import { actDate, chronologyProblems, stageWords } from './acts';
import { latestSiteInspection, type Application, type LicensingState } from './state';

export function submit(
  command: SubmitLicenceApplication,
  state: LicensingState,
  context: LicensingContext,
): LicenceApplicationSubmitted {
  const d = command.data;
  if (state.stage !== 'none') {
    throw new RuleViolation('ALREADY_EXISTS', `Licence application ${d.applicationId} has already been submitted.`);
  }
  const registered = requireFact(context, 'enterpriseRegistered', command.type);
  const credit = requireFact(context, 'creditStanding', command.type);
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
      submittedOn: cstDate(context.at),
    },
  };
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
  _context: LicensingContext,
): SiteInspectionRecorded {
  const application = existing(state);
  if (state.stage !== 'accepted') throw invalidTransition('record a site inspection', stageWords(state));
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
  const rules = { ...DEFAULT_LICENSING_RULES, ...context.rules };
  const d = command.data;
  const violations: Violation[] = [...chronologyProblems(state, grantedOn)];

  // 实地查验: the Notice requires an on-site inspection before granting; 告知承诺 verifies afterwards.
  if (application.approvalPath === 'standard') {
    const latest = latestSiteInspection(state);
    if (latest?.result !== 'passed') {
      violations.push({
        code: 'SITE_INSPECTION_REQUIRED',
        message: latest
          ? `The latest site inspection (${latest.inspectedOn}) failed; a licence needs a passed on-site inspection.`
          : 'No site inspection is recorded; a licence needs a passed on-site inspection.',
      });
    }
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
    ...dateProblems('validFrom', validFrom),
    ...(d.validUntil ? dateProblems('validUntil', d.validUntil) : []),
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
      verificationDueOn:
        application.approvalPath === 'commitment' ? addDays(grantedOn, rules.commitmentVerificationDays) : null,
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

/** 失信名单 is a bar to new licences (信用约束); the bad list only flags the case for attention. */
function dishonestProblems(credit: CreditStanding, act: string): Violation[] {
  return credit.dishonest
    ? [{ code: 'CREDIT_CONSTRAINT', message: `The enterprise is on the dishonest list (失信名单) and cannot ${act}.` }]
    : [];
}

function creditFlags(credit: CreditStanding): CreditFlag[] {
  return credit.bad ? ['bad-list'] : [];
}

function existing(state: LicensingState): Application {
  if (!state.application) throw new RuleViolation('NOT_FOUND', 'There is no such licence application.');
  return state.application;
}

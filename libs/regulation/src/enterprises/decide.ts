import {
  RuleViolation,
  assertNever,
  cstDate,
  isProvinceCode,
  isValidUscc,
  malformed,
  type Decider,
  type Violation,
  isCalendarDate,
  calendarDateProblems,
} from '../shared';
import type {
  ConfirmAnnualReport,
  EnterpriseCommand,
  FileAnnualReport,
  OrderAnnualReport,
  RegisterEnterprise,
  ReportSelfInspection,
} from './commands';
import type {
  AnnualReportConfirmed,
  AnnualReportFiled,
  AnnualReportOrdered,
  EnterpriseEvent,
  EnterpriseRegistered,
  SelfInspectionReported,
} from './events';
import type { EnterpriseContext } from './facts';
import { evolveEnterprise, hasFiledAnnualReport, initialEnterpriseState, type EnterpriseState, type Registration } from './state';

function decide(command: EnterpriseCommand, state: EnterpriseState, context: EnterpriseContext): EnterpriseEvent[] {
  switch (command.type) {
    case 'RegisterEnterprise':
      return [register(command, state)];
    case 'ReportSelfInspection':
      return [reportSelfInspection(command, registered(state))];
    case 'FileAnnualReport':
      return [fileAnnualReport(command, state, context)];
    case 'OrderAnnualReport':
      return [orderAnnualReport(command, state, context)];
    case 'ConfirmAnnualReport':
      return [confirmAnnualReport(command, state)];
    default:
      return assertNever(command);
  }
}

export const enterpriseDecider: Decider<EnterpriseCommand, EnterpriseEvent, EnterpriseState, EnterpriseContext> = {
  opens: ['RegisterEnterprise'],
  initialState: initialEnterpriseState,
  evolve: evolveEnterprise,
  decide,
};

function register(command: RegisterEnterprise, state: EnterpriseState): EnterpriseRegistered {
  const { uscc, name, province, address } = command.data;
  if (state.registration) {
    throw new RuleViolation('ALREADY_EXISTS', `The enterprise ${uscc} is already registered.`);
  }
  const violations: Violation[] = [];
  if (!isValidUscc(uscc)) {
    violations.push(
      malformed('uscc', `"${uscc}" is not a valid unified social credit code (18 characters with a GB 32100 check character).`),
    );
  }
  if (!isProvinceCode(province)) {
    violations.push(malformed('province', `"${province}" is not a GB/T 2260 province code (e.g. 110000 for Beijing).`));
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'EnterpriseRegistered', data: { uscc, name, province, address: address ?? null } };
}

function registered(state: EnterpriseState): Registration {
  if (!state.registration) {
    throw new RuleViolation(
      'ENTERPRISE_NOT_REGISTERED',
      'The enterprise is not registered in the ledger; register it before recording its reports.',
    );
  }
  return state.registration;
}

function reportSelfInspection(command: ReportSelfInspection, registration: Registration): SelfInspectionReported {
  const { reportedOn, findings, rectifications, completedOn } = command.data;
  const violations = [...calendarDateProblems('reportedOn', reportedOn)];
  if (completedOn !== undefined) violations.push(...calendarDateProblems('completedOn', completedOn));
  // A report can only vouch for rectification already done; a later date is a plan, not a completion.
  if (violations.length === 0 && completedOn !== undefined && completedOn > reportedOn) {
    violations.push({
      code: 'INVALID_DATE',
      message: `Rectification cannot be reported as completed on ${completedOn}, after the report itself (${reportedOn}).`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'SelfInspectionReported',
    data: {
      uscc: registration.uscc,
      reportedOn,
      findings: [...findings],
      rectifications: [...(rectifications ?? [])],
      completedOn: completedOn ?? null,
    },
  };
}

function fileAnnualReport(command: FileAnnualReport, state: EnterpriseState, context: EnterpriseContext): AnnualReportFiled {
  const registration = registered(state);
  const { year, reportedOn, operations, securityMeasures } = command.data;
  const violations = [...calendarDateProblems('reportedOn', reportedOn)];
  const currentYear = Number(cstDate(context.at).slice(0, 4));
  if (!Number.isInteger(year) || year > currentYear) {
    violations.push({
      code: 'INVALID_DATE',
      message: `An annual report cannot be filed for ${year}: the year must be no later than ${currentYear}.`,
    });
  }
  // One report per year: a correction is a matter for the officer, not a second report for the year.
  if (hasFiledAnnualReport(state, year)) {
    violations.push({
      code: 'ALREADY_EXISTS',
      message: `The annual report for ${year} has already been filed.`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'AnnualReportFiled',
    data: {
      uscc: registration.uscc,
      year,
      reportedOn,
      operations: operations ?? null,
      securityMeasures: securityMeasures ?? null,
    },
  };
}

/**
 * An order can only concern a report already due (the year is over) and not yet filed, and gives a
 * deadline on or after its own date.
 */
function orderAnnualReport(command: OrderAnnualReport, state: EnterpriseState, context: EnterpriseContext): AnnualReportOrdered {
  const registration = registered(state);
  const { year, orderedOn, deadline } = command.data;
  const violations = [...calendarDateProblems('orderedOn', orderedOn), ...calendarDateProblems('deadline', deadline)];
  const currentYear = Number(cstDate(context.at).slice(0, 4));
  if (!Number.isInteger(year) || year >= currentYear) {
    violations.push({
      code: 'INVALID_DATE',
      message: `The annual report for ${year} is not due yet, so no one can be ordered to file it; the year must be before ${currentYear}.`,
    });
  }
  if (isCalendarDate(orderedOn) && isCalendarDate(deadline) && deadline < orderedOn) {
    violations.push({ code: 'INVALID_DATE', message: `An order of ${orderedOn} cannot set a deadline before it (${deadline}).` });
  }
  if (hasFiledAnnualReport(state, year)) {
    violations.push({
      code: 'INVALID_TRANSITION',
      message: `The annual report for ${year} has already been filed; there is nothing to order.`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'AnnualReportOrdered', data: { uscc: registration.uscc, year, orderedOn, deadline } };
}

/**
 * Art. 38: the enterprise comes off the bad list "once it has reported and the administration
 * confirms" — so only a filed report can be confirmed, once, and not before it was filed.
 */
function confirmAnnualReport(command: ConfirmAnnualReport, state: EnterpriseState): AnnualReportConfirmed {
  const registration = registered(state);
  const { year, confirmedOn } = command.data;
  const violations = [...calendarDateProblems('confirmedOn', confirmedOn)];
  const report = state.annualReports.find((filed) => filed.year === year);
  if (!report) {
    violations.push({
      code: 'INVALID_TRANSITION',
      message: `No annual report for ${year} has been filed, so there is nothing to confirm.`,
    });
  } else if (report.confirmedOn) {
    violations.push({
      code: 'INVALID_TRANSITION',
      message: `The annual report for ${year} was already confirmed on ${report.confirmedOn}.`,
    });
  } else if (isCalendarDate(confirmedOn) && confirmedOn < report.reportedOn) {
    violations.push({
      code: 'INVALID_DATE',
      message: `The annual report for ${year} was filed on ${report.reportedOn}; it cannot be confirmed before, on ${confirmedOn}.`,
    });
  }
  if (violations.length > 0 || !report) throw RuleViolation.of(violations);
  return { type: 'AnnualReportConfirmed', data: { uscc: registration.uscc, year, reportedOn: report.reportedOn, confirmedOn } };
}

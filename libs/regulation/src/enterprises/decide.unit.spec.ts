import { fold } from '../shared';
import { specFor } from '../../test/deciders';
import {
  annualReportDueOn,
  annualReportYears,
  enterpriseDecider,
  enterpriseStreamId,
  selfInspectionStatus,
  type EnterpriseEvent,
} from './index';

const spec = specFor(enterpriseDecider);
const USCC = '91330100716105852F';
const at = (date: string) => ({ at: new Date(`${date}T00:00:00+08:00`).toISOString() });

const registered: EnterpriseEvent = {
  type: 'EnterpriseRegistered',
  data: { uscc: USCC, name: '杭州某呼叫中心有限公司', province: '330000', address: null },
};

function selfInspection(reportedOn: string, completedOn: string | null): EnterpriseEvent {
  return {
    type: 'SelfInspectionReported',
    data: { uscc: USCC, reportedOn, findings: [], rectifications: [], completedOn },
  };
}

function annualReport(year: number): EnterpriseEvent {
  return {
    type: 'AnnualReportFiled',
    data: { uscc: USCC, year, reportedOn: `${year + 1}-03-01`, operations: null, securityMeasures: null },
  };
}

describe('enterprises: registration', () => {
  it('registers an enterprise with a valid USCC and province', () => {
    spec([])
      .when(
        {
          type: 'RegisterEnterprise',
          data: { uscc: USCC, name: '杭州某呼叫中心有限公司', province: '330000', address: '杭州市' },
        },
        at('2020-07-01'),
      )
      .then([{ ...registered, data: { ...registered.data, address: '杭州市' } }]);
  });

  it('records a missing address as null', () => {
    spec([])
      .when({ type: 'RegisterEnterprise', data: { uscc: USCC, name: '杭州某呼叫中心有限公司', province: '330000' } }, at('2020-07-01'))
      .then([registered]);
  });

  it('refuses a USCC whose check character is wrong', () => {
    spec([])
      .when({ type: 'RegisterEnterprise', data: { uscc: '91330100716105852G', name: 'x', province: '330000' } }, at('2020-07-01'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses a province that is not a GB/T 2260 province code', () => {
    spec([])
      .when({ type: 'RegisterEnterprise', data: { uscc: USCC, name: 'x', province: '330100' } }, at('2020-07-01'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('reports a bad USCC and a bad province together', () => {
    const violation = spec([])
      .when({ type: 'RegisterEnterprise', data: { uscc: 'NOT-A-CODE', name: 'x', province: '999999' } }, at('2020-07-01'))
      .thenViolates('VALIDATION_FAILED', 'VALIDATION_FAILED');
    expect(violation.violations.map((v) => ('field' in v ? v.field : null))).toEqual(['uscc', 'province']);
  });

  it('refuses to register the same enterprise twice', () => {
    spec([registered])
      .when({ type: 'RegisterEnterprise', data: { uscc: USCC, name: 'x', province: '330000' } }, at('2020-07-02'))
      .thenViolates('ALREADY_EXISTS');
  });

  it('names its stream after the USCC', () => {
    expect(enterpriseStreamId(USCC)).toBe(`enterprise-${USCC}`);
  });
});

describe('enterprises: self-inspection (自查整改)', () => {
  it('records a report with its findings, rectifications and completion date', () => {
    spec([registered])
      .when(
        {
          type: 'ReportSelfInspection',
          data: {
            reportedOn: '2020-07-20',
            findings: ['outbound calls not limited per seat'],
            rectifications: ['per-seat outbound cap configured'],
            completedOn: '2020-07-18',
          },
        },
        at('2020-07-20'),
      )
      .then([
        {
          type: 'SelfInspectionReported',
          data: {
            uscc: USCC,
            reportedOn: '2020-07-20',
            findings: ['outbound calls not limited per seat'],
            rectifications: ['per-seat outbound cap configured'],
            completedOn: '2020-07-18',
          },
        },
      ]);
  });

  it('records a report still without completion', () => {
    spec([registered])
      .when({ type: 'ReportSelfInspection', data: { reportedOn: '2020-07-20', findings: [] } }, at('2020-07-20'))
      .then([selfInspection('2020-07-20', null)]);
  });

  it('refuses a report from an enterprise that is not registered', () => {
    spec([])
      .when({ type: 'ReportSelfInspection', data: { reportedOn: '2020-07-20', findings: [] } }, at('2020-07-20'))
      .thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses a completion dated after the report', () => {
    spec([registered])
      .when({ type: 'ReportSelfInspection', data: { reportedOn: '2020-07-20', findings: [], completedOn: '2020-07-25' } }, at('2020-07-20'))
      .thenViolates('INVALID_DATE');
  });

  it('refuses dates that are not calendar dates, naming each', () => {
    spec([registered])
      .when({ type: 'ReportSelfInspection', data: { reportedOn: '2020-02-30', findings: [], completedOn: '20200701' } }, at('2020-03-01'))
      .thenViolates('INVALID_DATE', 'INVALID_DATE');
  });
});

describe('enterprises: the end-of-July-2020 self-inspection deadline', () => {
  const status = (...events: EnterpriseEvent[]) => selfInspectionStatus(fold(enterpriseDecider, [registered, ...events]));

  it('is missing without any report', () => {
    expect(status()).toBe('missing');
  });

  it('is reported but not completed while no report gives a completion date', () => {
    expect(status(selfInspection('2020-07-10', null))).toBe('reported-not-completed');
  });

  it('is on time when completed and reported by 31 July 2020 inclusive', () => {
    expect(status(selfInspection('2020-07-31', '2020-07-31'))).toBe('completed-on-time');
  });

  it('is late when completed after the deadline', () => {
    expect(status(selfInspection('2020-07-10', null), selfInspection('2020-08-01', '2020-08-01'))).toBe('completed-late');
  });

  it('is late when an on-time completion was first reported after the deadline', () => {
    expect(status(selfInspection('2020-08-05', '2020-07-30'))).toBe('completed-late');
  });

  it('stays on time when a later follow-up report is filed', () => {
    expect(status(selfInspection('2020-07-30', '2020-07-29'), selfInspection('2020-09-01', '2020-09-01'))).toBe('completed-on-time');
  });
});

describe('enterprises: annual report (年报)', () => {
  it('files the report for the previous year', () => {
    spec([registered])
      .when({ type: 'FileAnnualReport', data: { year: 2020, reportedOn: '2021-03-01' } }, at('2021-03-01'))
      .then([annualReport(2020)]);
  });

  it('keeps the operations and security measures reported', () => {
    spec([registered])
      .when(
        {
          type: 'FileAnnualReport',
          data: {
            year: 2020,
            reportedOn: '2021-03-01',
            operations: '120 seats',
            securityMeasures: 'call records kept 6 months',
          },
        },
        at('2021-03-01'),
      )
      .then([
        {
          type: 'AnnualReportFiled',
          data: {
            uscc: USCC,
            year: 2020,
            reportedOn: '2021-03-01',
            operations: '120 seats',
            securityMeasures: 'call records kept 6 months',
          },
        },
      ]);
  });

  it('refuses a second report for the same year', () => {
    spec([registered, annualReport(2020)])
      .when({ type: 'FileAnnualReport', data: { year: 2020, reportedOn: '2021-03-15' } }, at('2021-03-15'))
      .thenViolates('ALREADY_EXISTS');
  });

  it('accepts the next year after an earlier one', () => {
    spec([registered, annualReport(2020)])
      .when({ type: 'FileAnnualReport', data: { year: 2021, reportedOn: '2022-03-01' } }, at('2022-03-01'))
      .then([annualReport(2021)]);
  });

  it('refuses a report for a year after the year it is filed in (CST)', () => {
    // 2021-12-31T17:00Z is already 2022-01-01 in China, so 2022 is allowed, 2023 is not.
    spec([registered])
      .when({ type: 'FileAnnualReport', data: { year: 2023, reportedOn: '2022-01-01' } }, { at: '2021-12-31T17:00:00.000Z' })
      .thenViolates('INVALID_DATE');
    spec([registered])
      .when({ type: 'FileAnnualReport', data: { year: 2022, reportedOn: '2022-01-01' } }, { at: '2021-12-31T17:00:00.000Z' })
      .then([
        {
          type: 'AnnualReportFiled',
          data: { uscc: USCC, year: 2022, reportedOn: '2022-01-01', operations: null, securityMeasures: null },
        },
      ]);
  });

  it('refuses a year that is not a whole number', () => {
    spec([registered])
      .when({ type: 'FileAnnualReport', data: { year: 2020.5, reportedOn: '2021-03-01' } }, at('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('refuses a report from an enterprise that is not registered', () => {
    spec([])
      .when({ type: 'FileAnnualReport', data: { year: 2020, reportedOn: '2021-03-01' } }, at('2021-03-01'))
      .thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('lists the years reported and the first-quarter deadline', () => {
    expect(annualReportYears(fold(enterpriseDecider, [registered, annualReport(2021), annualReport(2020)]))).toEqual([2020, 2021]);
    expect(annualReportDueOn(2020)).toBe('2021-03-31');
  });
});

describe('enterprises: an order to report by a deadline (责令限期报告, art. 38)', () => {
  const order = (year: number, orderedOn = '2022-04-10', deadline = '2022-05-10') => ({
    type: 'OrderAnnualReport' as const,
    data: { year, orderedOn, deadline },
  });

  it('orders a report that is due and not filed', () => {
    spec([registered])
      .when(order(2021), at('2022-04-10'))
      .then([{ type: 'AnnualReportOrdered', data: { uscc: USCC, year: 2021, orderedOn: '2022-04-10', deadline: '2022-05-10' } }]);
  });

  it('refuses an order for a year not over, a deadline before the order, or a report already filed', () => {
    spec([registered]).when(order(2022), at('2022-04-10')).thenViolates('INVALID_DATE');
    spec([registered])
      .when(order(2021, '2022-04-10', '2022-04-09'), at('2022-04-10'))
      .thenViolates('INVALID_DATE');
    spec([registered, annualReport(2021)])
      .when(order(2021), at('2022-04-10'))
      .thenViolates('INVALID_TRANSITION');
    spec([]).when(order(2021), at('2022-04-10')).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });
});

describe('enterprises: the administration confirms a report (art. 38)', () => {
  const filed = (reportedOn = '2022-06-01'): EnterpriseEvent => ({
    type: 'AnnualReportFiled',
    data: { uscc: USCC, year: 2021, reportedOn, operations: null, securityMeasures: null },
  });
  const confirm = (confirmedOn = '2022-06-20', year = 2021) => ({ type: 'ConfirmAnnualReport' as const, data: { year, confirmedOn } });
  const confirmed: EnterpriseEvent = {
    type: 'AnnualReportConfirmed',
    data: { uscc: USCC, year: 2021, reportedOn: '2022-06-01', confirmedOn: '2022-06-20' },
  };

  it('confirms a filed report, repeating the day it was filed', () => {
    spec([registered, filed()]).when(confirm(), at('2022-06-20')).then([confirmed]);
  });

  it('confirms on the day the report was filed', () => {
    spec([registered, filed()])
      .when(confirm('2022-06-01'), at('2022-06-01'))
      .then([{ ...confirmed, data: { ...confirmed.data, confirmedOn: '2022-06-01' } } as EnterpriseEvent]);
  });

  it('refuses to confirm a year with no report filed, saying so', () => {
    const violation = spec([registered, filed()]).when(confirm('2022-06-20', 2020), at('2022-06-20')).thenViolates('INVALID_TRANSITION');
    expect(violation.message).toMatch(/No annual report for 2020 has been filed/);
  });

  it('refuses a second confirmation', () => {
    const violation = spec([registered, filed(), confirmed])
      .when(confirm('2022-07-01'), at('2022-07-01'))
      .thenViolates('INVALID_TRANSITION');
    expect(violation.message).toMatch(/already confirmed on 2022-06-20/);
  });

  it('refuses a confirmation before the report was filed, or not on a calendar date', () => {
    spec([registered, filed()]).when(confirm('2022-05-31'), at('2022-06-20')).thenViolates('INVALID_DATE');
    spec([registered, filed()]).when(confirm('2022-02-30'), at('2022-06-20')).thenViolates('INVALID_DATE');
  });

  it('refuses a confirmation for an enterprise that is not registered', () => {
    spec([]).when(confirm(), at('2022-06-20')).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('keeps the confirmation in the state, and the report for its year', () => {
    const state = fold(enterpriseDecider, [registered, filed(), annualReport(2022), confirmed]);
    expect(state.annualReports).toEqual([
      { year: 2021, reportedOn: '2022-06-01', confirmedOn: '2022-06-20' },
      { year: 2022, reportedOn: '2023-03-01', confirmedOn: null },
    ]);
  });
});

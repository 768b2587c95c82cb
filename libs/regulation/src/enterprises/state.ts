import { assertNever } from '../shared';
import type { EnterpriseEvent, SelfInspectionReported } from './events';

export interface Registration {
  readonly uscc: string;
  readonly name: string;
  readonly province: string;
  readonly address: string | null;
}

export type SelfInspectionReport = SelfInspectionReported['data'];

export interface AnnualReportRecord {
  readonly year: number;
  readonly reportedOn: string;
  /** Set when the administration confirms the report (art. 38); absent in states saved before confirmations existed. */
  readonly confirmedOn?: string | null;
}

export interface AnnualReportOrder {
  readonly year: number;
  readonly orderedOn: string;
  readonly deadline: string;
}

export interface EnterpriseState {
  /** Null until registered: the stream does not exist yet. */
  readonly registration: Registration | null;
  readonly selfInspections: readonly SelfInspectionReport[];
  readonly annualReports: readonly AnnualReportRecord[];
  /** Absent in states saved before orders existed. */
  readonly annualReportOrders?: readonly AnnualReportOrder[];
}

export function enterpriseStreamId(uscc: string): string {
  return `enterprise-${uscc}`;
}

export const initialEnterpriseState = (): EnterpriseState => ({
  registration: null,
  selfInspections: [],
  annualReports: [],
  annualReportOrders: [],
});

export function evolveEnterprise(state: EnterpriseState, event: EnterpriseEvent): EnterpriseState {
  switch (event.type) {
    case 'EnterpriseRegistered':
      return { ...state, registration: { ...event.data } };
    case 'SelfInspectionReported':
      return { ...state, selfInspections: [...state.selfInspections, event.data] };
    case 'AnnualReportFiled':
      return {
        ...state,
        annualReports: [...state.annualReports, { year: event.data.year, reportedOn: event.data.reportedOn, confirmedOn: null }],
      };
    case 'AnnualReportConfirmed': {
      const { year, confirmedOn } = event.data;
      return { ...state, annualReports: state.annualReports.map((report) => (report.year === year ? { ...report, confirmedOn } : report)) };
    }
    case 'AnnualReportOrdered': {
      const { year, orderedOn, deadline } = event.data;
      return { ...state, annualReportOrders: [...(state.annualReportOrders ?? []), { year, orderedOn, deadline }] };
    }
    default:
      return assertNever(event);
  }
}

export function hasFiledAnnualReport(state: EnterpriseState, year: number): boolean {
  return state.annualReports.some((report) => report.year === year);
}

export function annualReportYears(state: EnterpriseState): number[] {
  return state.annualReports.map((report) => report.year).sort((a, b) => a - b);
}

/**
 * The last day to file the report for `year`: reports are due in the first quarter of the next year
 * (电信业务经营许可管理办法 art. 35); missing it can put the enterprise on the bad list (art. 38).
 */
export function annualReportDueOn(year: number): string {
  return `${year + 1}-03-31`;
}

/** The Notice: "于2020年7月底前完成自查整改", a CST calendar day, inclusive. */
export const SELF_INSPECTION_DEADLINE = '2020-07-31';

export type SelfInspectionStatus = 'completed-on-time' | 'completed-late' | 'reported-not-completed' | 'missing';

/**
 * Whether the enterprise met the Notice's self-inspection deadline. On time needs both the
 * completion and the report saying so by the deadline: a completion first reported afterwards
 * cannot show the deadline was met, and docs/domain.md wants a late report to be visible.
 */
export function selfInspectionStatus(state: EnterpriseState, deadline: string = SELF_INSPECTION_DEADLINE): SelfInspectionStatus {
  const completed = state.selfInspections.filter((report) => report.completedOn !== null);
  if (completed.some((report) => (report.completedOn as string) <= deadline && report.reportedOn <= deadline)) {
    return 'completed-on-time';
  }
  if (completed.length > 0) return 'completed-late';
  return state.selfInspections.length > 0 ? 'reported-not-completed' : 'missing';
}

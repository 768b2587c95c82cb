import type { DomainEvent } from '../shared';

/** Absent optional values are `null`, never missing, so every projection sees one shape. */
export type EnterpriseRegistered = DomainEvent<
  'EnterpriseRegistered',
  {
    readonly uscc: string;
    readonly name: string;
    /** GB/T 2260 code of the province of registration. */
    readonly province: string;
    readonly address: string | null;
  }
>;

/** 自查整改: the Notice ordered every operator to inspect itself and rectify by the end of July 2020. */
export type SelfInspectionReported = DomainEvent<
  'SelfInspectionReported',
  {
    readonly uscc: string;
    readonly reportedOn: string;
    readonly findings: readonly string[];
    readonly rectifications: readonly string[];
    /** Null while rectification is still under way. */
    readonly completedOn: string | null;
  }
>;

/** 年报: due in the first quarter for the previous year (电信业务经营许可管理办法 art. 35). */
export type AnnualReportFiled = DomainEvent<
  'AnnualReportFiled',
  {
    readonly uscc: string;
    readonly year: number;
    readonly reportedOn: string;
    readonly operations: string | null;
    readonly securityMeasures: string | null;
  }
>;

/**
 * 责令限期报告: the order to file a year's annual report by a deadline. Unreported when the deadline
 * passes, it is the basis a bad-list entry rests on (art. 38).
 */
export type AnnualReportOrdered = DomainEvent<
  'AnnualReportOrdered',
  { readonly uscc: string; readonly year: number; readonly orderedOn: string; readonly deadline: string }
>;

/**
 * The administration confirms the year's report (art. 38): from `confirmedOn` the enterprise is off
 * the bad list it was put on for not reporting. `reportedOn` is the report's, repeated so the
 * confirmation reads on its own.
 */
export type AnnualReportConfirmed = DomainEvent<
  'AnnualReportConfirmed',
  { readonly uscc: string; readonly year: number; readonly reportedOn: string; readonly confirmedOn: string }
>;

export type EnterpriseEvent =
  EnterpriseRegistered | SelfInspectionReported | AnnualReportFiled | AnnualReportOrdered | AnnualReportConfirmed;

import type { Command } from '../shared';

export type RegisterEnterprise = Command<
  'RegisterEnterprise',
  { readonly uscc: string; readonly name: string; readonly province: string; readonly address?: string }
>;

/** The enterprise is the stream the handler loads (`enterpriseStreamId`), so its USCC is not repeated. */
export type ReportSelfInspection = Command<
  'ReportSelfInspection',
  {
    readonly reportedOn: string;
    readonly findings: readonly string[];
    readonly rectifications?: readonly string[];
    readonly completedOn?: string;
  }
>;

export type FileAnnualReport = Command<
  'FileAnnualReport',
  {
    readonly year: number;
    readonly reportedOn: string;
    readonly operations?: string;
    readonly securityMeasures?: string;
  }
>;

/** 责令限期报告 (电信业务经营许可管理办法 art. 38): report the year's annual report by a deadline. */
export type OrderAnnualReport = Command<
  'OrderAnnualReport',
  { readonly year: number; readonly orderedOn: string; readonly deadline: string }
>;

/** Art. 38: the administration confirms the year's report, which takes a listing for not reporting off the bad list. */
export type ConfirmAnnualReport = Command<'ConfirmAnnualReport', { readonly year: number; readonly confirmedOn: string }>;

export type EnterpriseCommand = RegisterEnterprise | ReportSelfInspection | FileAnnualReport | OrderAnnualReport | ConfirmAnnualReport;

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

export type EnterpriseCommand = RegisterEnterprise | ReportSelfInspection | FileAnnualReport;

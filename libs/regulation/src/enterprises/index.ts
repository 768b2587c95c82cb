export type {
  ConfirmAnnualReport,
  EnterpriseCommand,
  FileAnnualReport,
  OrderAnnualReport,
  RegisterEnterprise,
  ReportSelfInspection,
} from './commands';
export type {
  AnnualReportConfirmed,
  AnnualReportFiled,
  AnnualReportOrdered,
  EnterpriseEvent,
  EnterpriseRegistered,
  SelfInspectionReported,
} from './events';
export {
  SELF_INSPECTION_DEADLINE,
  annualReportDueOn,
  annualReportYears,
  enterpriseDecider,
  enterpriseStreamId,
  hasFiledAnnualReport,
  selfInspectionStatus,
  type AnnualReportOrder,
  type AnnualReportRecord,
  type EnterpriseContext,
  type EnterpriseState,
  type Registration,
  type SelfInspectionReport,
  type SelfInspectionStatus,
} from './decider';

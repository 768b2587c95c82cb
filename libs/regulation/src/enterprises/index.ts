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
  enterpriseStreamId,
  hasFiledAnnualReport,
  selfInspectionStatus,
  type AnnualReportOrder,
  type AnnualReportRecord,
  type EnterpriseState,
  type Registration,
  type SelfInspectionReport,
  type SelfInspectionStatus,
} from './state';
export type { EnterpriseContext } from './facts';
export { enterpriseDecider } from './decide';

export type { EnterpriseCommand, FileAnnualReport, RegisterEnterprise, ReportSelfInspection } from './commands';
export type { AnnualReportFiled, EnterpriseEvent, EnterpriseRegistered, SelfInspectionReported } from './events';
export {
  SELF_INSPECTION_DEADLINE,
  annualReportDueOn,
  annualReportYears,
  enterpriseDecider,
  enterpriseStreamId,
  hasFiledAnnualReport,
  selfInspectionStatus,
  type AnnualReportRecord,
  type EnterpriseContext,
  type EnterpriseState,
  type Registration,
  type SelfInspectionReport,
  type SelfInspectionStatus,
} from './decider';

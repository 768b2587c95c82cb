import { LEDGER_SCHEMAS, type EventSchemaRegistry } from '@ledger/event-store';
import { CreditEntryView } from './credit-list/credit-entry.entity';
import { CreditListProjection } from './credit-list/credit-list.projection';
import { CreditPublicationView } from './credit-publications/credit-publication.entity';
import { CreditPublicationsProjection } from './credit-publications/credit-publications.projection';
import { EnterpriseHistoryEntry, StreamOwner } from './enterprise-history/enterprise-history.entities';
import { EnterpriseHistoryProjection } from './enterprise-history/enterprise-history.projection';
import { EnterpriseView } from './enterprises/enterprise.entity';
import { EnterprisesProjection } from './enterprises/enterprises.projection';
import { licenceInForceSql, LicenceApplicationView, LicenceView, suspendedOnSql } from './licences/licence.entities';
import { LicencesProjection } from './licences/licences.projection';
import { NumberView } from './numbers/number.entity';
import { NumbersProjection } from './numbers/numbers.projection';
import { AccessContractView } from './access/access-contract.entity';
import { AccessContractsProjection } from './access/access-contracts.projection';
import { CaseView } from './cases/case.entity';
import { CasesProjection } from './cases/cases.projection';
import { InspectionDrawView } from './inspections/inspection-draw.entity';
import { InspectionDrawsProjection } from './inspections/inspection-draws.projection';
import { LicenceVersion, NumberVersion } from './versions/versions.entities';
import type { Projection } from './projection';

export * from './projection';
export * from './page-rows';
export * from './projection-runner';
export * from './projection-observer';
export {
  licenceInForceSql,
  suspendedOnSql,
  LicenceVersion,
  NumberVersion,
  CreditEntryView,
  CreditPublicationView,
  NumberView,
  AccessContractView,
  CaseView,
  InspectionDrawView,
  EnterpriseHistoryEntry,
  StreamOwner,
  EnterpriseView,
  LicenceApplicationView,
  LicenceView,
};

export const READ_MODEL_ENTITIES = [
  LicenceVersion,
  NumberVersion,
  CreditEntryView,
  CreditPublicationView,
  NumberView,
  AccessContractView,
  CaseView,
  InspectionDrawView,
  EnterpriseHistoryEntry,
  StreamOwner,
  EnterpriseView,
  LicenceApplicationView,
  LicenceView,
];

export interface ProjectionSettings {
  readonly creditTerms: { readonly badYears: number; readonly dishonestYears: number };
  /** How events are read as domain events; the store's (`store.schemas`). Default: the ledger's. */
  readonly schemas?: EventSchemaRegistry;
}

/** Every projection the ledger runs, in one place so the runner, rebuilds and tests agree. */
export function allProjections(settings: ProjectionSettings): Projection[] {
  const schemas = settings.schemas ?? LEDGER_SCHEMAS;
  return [
    new EnterprisesProjection(schemas),
    new EnterpriseHistoryProjection(),
    new LicencesProjection(schemas),
    new CreditListProjection(schemas),
    new CreditPublicationsProjection(schemas),
    new NumbersProjection(schemas),
    new AccessContractsProjection(schemas),
    new CasesProjection(schemas),
    new InspectionDrawsProjection(schemas),
  ];
}

/** What the query side needs of the projections, whether this process drives them or not. */
export interface ProjectionsView {
  status(): Promise<import('./projection-runner').ProjectionStatus[]>;
  names(): string[];
  waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean>;
  rebuild(name: string): Promise<{ name: string; position: number; events: number }>;
}

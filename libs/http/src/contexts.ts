import { Module } from '@nestjs/common';
import { ENTERPRISE_HANDLERS } from './enterprises/enterprises.commands';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { LICENSING_HANDLERS } from './licensing/licensing.commands';
import { LicensingController } from './licensing/licensing.controller';
import { NUMBERING_HANDLERS } from './numbering/numbering.commands';
import { NumberingController } from './numbering/numbering.controller';
import { ACCESS_HANDLERS } from './access/access.commands';
import { AccessController } from './access/access.controller';
import { ENFORCEMENT_HANDLERS } from './enforcement/enforcement.commands';
import { EnforcementController } from './enforcement/enforcement.controller';
import { CREDIT_LIST_HANDLERS } from './credit-list/credit-list.commands';
import { CreditListController } from './credit-list/credit-list.controller';
import { CREDIT_PUBLICATION_PROVIDERS } from './credit-list/publications.commands';
import { CreditPublicationsController } from './credit-list/publications.controller';
import { CreditPublicationQueries } from './credit-list/publications.queries';
import { INSPECTION_HANDLERS } from './inspections/inspections.commands';
import { InspectionsController } from './inspections/inspections.controller';
import { InspectionQueries } from './queries/inspection.queries';
import { ReadSideModule } from './read-side.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { IntegrityModule } from './integrity/integrity.module';

/** One Nest module per regulatory context: the seams between contexts (docs/design.md, "Code style"). */
@Module({ controllers: [EnterprisesController], providers: [...ENTERPRISE_HANDLERS] })
export class EnterprisesModule {}

@Module({ controllers: [LicensingController], providers: [...LICENSING_HANDLERS] })
export class LicensingModule {}

@Module({ controllers: [NumberingController], providers: [...NUMBERING_HANDLERS] })
export class NumberingModule {}

@Module({ controllers: [AccessController], providers: [...ACCESS_HANDLERS] })
export class AccessModule {}

@Module({ controllers: [EnforcementController], providers: [...ENFORCEMENT_HANDLERS] })
export class EnforcementModule {}

@Module({
  controllers: [CreditListController, CreditPublicationsController],
  providers: [...CREDIT_LIST_HANDLERS, ...CREDIT_PUBLICATION_PROVIDERS, CreditPublicationQueries],
})
export class CreditListModule {}

@Module({ controllers: [InspectionsController], providers: [...INSPECTION_HANDLERS, InspectionQueries] })
export class InspectionsModule {}

export const CONTEXT_MODULES = [
  ReadSideModule,
  EnterprisesModule,
  LicensingModule,
  NumberingModule,
  AccessModule,
  EnforcementModule,
  CreditListModule,
  InspectionsModule,
  WebhooksModule,
  IntegrityModule,
];

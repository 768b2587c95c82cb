import { Module } from '@nestjs/common';
import { ENTERPRISE_HANDLERS } from './enterprises/enterprises.commands';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { LICENSING_HANDLERS } from './licensing/licensing.commands';
import { LicensingController } from './licensing/licensing.controller';
import { ReadSideModule } from './read-side.module';

/** One Nest module per regulatory context: the seams between contexts (style.md). */
@Module({ controllers: [EnterprisesController], providers: [...ENTERPRISE_HANDLERS] })
export class EnterprisesModule {}

@Module({ controllers: [LicensingController], providers: [...LICENSING_HANDLERS] })
export class LicensingModule {}

export const CONTEXT_MODULES = [ReadSideModule, EnterprisesModule, LicensingModule];

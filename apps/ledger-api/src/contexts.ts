import { Module } from '@nestjs/common';
import { ENTERPRISE_HANDLERS } from './enterprises/enterprises.commands';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { LICENSING_HANDLERS } from './licensing/licensing.commands';
import { LicensingController } from './licensing/licensing.controller';
import { NUMBERING_HANDLERS } from './numbering/numbering.commands';
import { NumberingController } from './numbering/numbering.controller';
import { ACCESS_HANDLERS } from './access/access.commands';
import { AccessController } from './access/access.controller';
import { ReadSideModule } from './read-side.module';

/** One Nest module per regulatory context: the seams between contexts (style.md). */
@Module({ controllers: [EnterprisesController], providers: [...ENTERPRISE_HANDLERS] })
export class EnterprisesModule {}

@Module({ controllers: [LicensingController], providers: [...LICENSING_HANDLERS] })
export class LicensingModule {}

@Module({ controllers: [NumberingController], providers: [...NUMBERING_HANDLERS] })
export class NumberingModule {}

@Module({ controllers: [AccessController], providers: [...ACCESS_HANDLERS] })
export class AccessModule {}

export const CONTEXT_MODULES = [ReadSideModule, EnterprisesModule, LicensingModule, NumberingModule, AccessModule];

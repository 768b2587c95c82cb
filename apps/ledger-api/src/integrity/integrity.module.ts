import { Module } from '@nestjs/common';
import { Integrity } from '@ledger/integrity';
import { LEDGER_RUNTIME } from '../ledger.tokens';
import type { LedgerRuntime } from '../runtime';
import { IntegrityController } from './integrity.controller';

@Module({
  controllers: [IntegrityController],
  providers: [{ provide: Integrity, useFactory: (runtime: LedgerRuntime) => runtime.integrity, inject: [LEDGER_RUNTIME] }],
})
export class IntegrityModule {}

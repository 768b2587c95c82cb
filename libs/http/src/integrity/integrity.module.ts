import { Module } from '@nestjs/common';
import { Integrity } from '@ledger/integrity';
import { LEDGER_RUNTIME } from '@ledger/core';
import type { LedgerRuntime } from '@ledger/runtime';
import { IntegrityController } from './integrity.controller';

@Module({
  controllers: [IntegrityController],
  providers: [{ provide: Integrity, useFactory: (runtime: LedgerRuntime) => runtime.integrity, inject: [LEDGER_RUNTIME] }],
})
export class IntegrityModule {}

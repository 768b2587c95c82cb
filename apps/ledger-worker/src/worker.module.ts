import { Module, type DynamicModule } from '@nestjs/common';
import { LedgerCoreModule } from '@ledger/core';
import type { LedgerRuntime } from '@ledger/runtime';

/**
 * What a worker runs in Nest: the process managers, with the command path and the facts they
 * need. Projections, webhooks, the relay and the Merkle tree are the runtime's own leader work,
 * and the worker serves no API, so no controller, guard or filter is built.
 */
@Module({})
export class WorkerModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    return { module: WorkerModule, imports: [LedgerCoreModule.forRuntime(runtime)] };
  }
}

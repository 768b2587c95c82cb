import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { LedgerRuntime } from '@ledger/runtime';
import { CommandExecutor } from './commands/command-executor';
import { Facts } from './facts/facts.service';
import { DATABASE, DATA_SOURCE, EVENT_STORE, LEDGER_CONFIG, LEDGER_RUNTIME, METRICS } from './ledger.tokens';
import { LicenceConsequencesProcessManager } from './process-managers/licence-consequences-process-manager';
import { PenaltyProcessManager } from './process-managers/penalty-process-manager';
import { ReadModels } from './queries/read-models';

/**
 * What the API and the worker share, with no HTTP in it: the runtime's parts (one event store,
 * one DataSource, one runner), the command path and the facts its rules read, and the process
 * managers, which follow the log in whichever process holds the leader lease.
 */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRuntime(runtime: LedgerRuntime): DynamicModule {
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: runtime.config },
        { provide: DATABASE, useValue: runtime.database },
        { provide: EVENT_STORE, useValue: runtime.store },
        { provide: DATA_SOURCE, useValue: runtime.dataSource },
        { provide: METRICS, useValue: runtime.metrics },
        { provide: LEDGER_RUNTIME, useValue: runtime },
        { provide: ReadModels, useFactory: () => new ReadModels(runtime.dataSource, runtime.projections, runtime.config) },
        CommandExecutor,
        Facts,
        PenaltyProcessManager,
        LicenceConsequencesProcessManager,
      ],
      exports: [LEDGER_CONFIG, DATABASE, EVENT_STORE, DATA_SOURCE, METRICS, LEDGER_RUNTIME, ReadModels, CommandExecutor, Facts],
    };
  }
}

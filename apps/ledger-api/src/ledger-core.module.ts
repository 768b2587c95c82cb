import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandExecutor } from './commands/command-executor';
import { DATABASE, DATA_SOURCE, EVENT_STORE, LEDGER_CONFIG, LEDGER_RUNTIME, METRICS } from './ledger.tokens';
import { ReadModels } from './queries/read-models';
import type { LedgerRuntime } from './runtime';

/** Hands the runtime's parts to every module: one event store, one DataSource, one runner. */
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
      ],
      exports: [LEDGER_CONFIG, DATABASE, EVENT_STORE, DATA_SOURCE, METRICS, LEDGER_RUNTIME, ReadModels, CommandExecutor],
    };
  }
}

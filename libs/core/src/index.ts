export * from './ledger.tokens';
export { LedgerCoreModule } from './ledger-core.module';
export { CommandExecutor, type CommandResponse, type Decision } from './commands/command-executor';
export { hashRequest, type Actor, type CommandEnvelope } from './commands/command-envelope';
export * from './commands/command-errors';
export { Facts, licenceFact, type LicenceColumns, type LicenceFactRow } from './facts/facts.service';
export { judgedAt, licencesOfHolders } from './facts/licences-of-holders';
export { ReadModels, type Page } from './queries/read-models';
export { PROCESS_MANAGERS } from './process-managers/process-managers';

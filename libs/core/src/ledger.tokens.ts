/** Injection tokens for the ledger's infrastructure, provided by LedgerCoreModule. */
export const DATABASE = Symbol('DATABASE');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const METRICS = Symbol('METRICS');
export const LEDGER_RUNTIME = Symbol('LEDGER_RUNTIME');

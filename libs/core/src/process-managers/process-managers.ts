import { LICENCE_CONSEQUENCES_PROCESS, LICENCE_CONSEQUENCES_TYPES } from './licence-consequences-process-manager';
import { PENALTY_PROCESS, PENALTY_PROCESS_TYPES } from './penalty-process-manager';

/** Each process manager's checkpoint name and the event types it follows, for whoever waits for them to settle. */
export const PROCESS_MANAGERS: ReadonlyArray<{ readonly name: string; readonly eventTypes: readonly string[] }> = [
  { name: PENALTY_PROCESS, eventTypes: PENALTY_PROCESS_TYPES },
  { name: LICENCE_CONSEQUENCES_PROCESS, eventTypes: LICENCE_CONSEQUENCES_TYPES },
];

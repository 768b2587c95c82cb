export * from './decider';
export * from './rule-violation';
export * from './identifiers';
export * from './time';
export * from './event-schema';
export * from './jurisdiction';
export * from './wording';

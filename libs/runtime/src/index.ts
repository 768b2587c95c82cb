export * from './runtime';
export * from './process';
export * from './tracing';

export * from './problem';
export * from './database';
export * from './data-source';
export * from './config';
export * from './metrics';
export * from './leader-lease';
export * from './kept-file';
export * from './grants';

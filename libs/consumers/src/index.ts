export { Checkpoints, type RecordedFailure, type Statements, type StoredCheckpoint } from './checkpoints';
export { Consumer, type ConsumerError, type ConsumerOptions, type ConsumerState, type ConsumerStatus } from './consumer';
export { EventFailure, Paused, type AtLeastOnceHandler, type ConsumerHandler, type Progress, type TransactionalHandler } from './handler';
export { LogTail, type LogTailOptions, type TailFollowing, type TailReading } from './log-tail';
export { readAhead, type PageReader } from './pages';

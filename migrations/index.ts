import { EventStore1764374400000 } from './1764374400000-event-store';
import { ReadModels1764374500000 } from './1764374500000-read-models';

/** Every migration in order. Listed by hand so that a build needs no file globbing. */
export const MIGRATIONS = [EventStore1764374400000, ReadModels1764374500000];

import { Limit, NameList, OneOf, Position, Version } from '../http/query';

export class EventsQuery {
  @Position({ description: 'Events after this global position (0: the whole log).' })
  fromPosition?: number;

  @Limit()
  limit: number = 50;

  @NameList({ description: 'Only events of these types.' })
  types?: string[];
}

export class StreamEventsQuery {
  @OneOf(['forwards', 'backwards'] as const)
  direction?: 'forwards' | 'backwards';

  @Version({ description: 'The first version to read (default: the first, or the last reading backwards).' })
  fromVersion?: number;

  @Limit()
  limit: number = 50;
}

import { NameList, Position } from '../http/query';

export class FeedQuery {
  @NameList({ description: 'Only events of these types.' })
  types?: string[];

  @Position({ description: 'Events after this global position; a Last-Event-ID header takes precedence.' })
  fromPosition?: number;
}

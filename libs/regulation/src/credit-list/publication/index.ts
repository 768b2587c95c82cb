/** 公示: the quarterly publication of the credit lists, each a recorded act on a stream of its own. */
export type { CreditPublicationCommand, PublishCreditList } from './commands';
export type { CreditListPublished, CreditPublicationEvent, PublicationScope, PublishedEntry } from './events';
export {
  creditPublicationDecider,
  creditPublicationId,
  creditPublicationStreamId,
  publicationScope,
  type CreditPublicationContext,
  type CreditPublicationState,
  type ListedEntryFact,
} from './decider';
export { publishedEntriesHash } from './entries-hash';
export { publicationPeriod, type PublicationPeriod } from './period';

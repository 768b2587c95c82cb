/** 公示: the quarterly publication of the credit lists, each a recorded act on a stream of its own. */
export type { CreditPublicationCommand, PublishCreditList } from './commands';
export type { CreditListPublished, CreditPublicationEvent, PublicationScope, PublishedEntry } from './events';
export { creditPublicationId, creditPublicationStreamId, type CreditPublicationState } from './state';
export type { CreditPublicationContext, ListedEntryFact } from './facts';
export { creditPublicationDecider, publicationScope } from './decide';
export { publishedEntriesHash } from './entries-hash';
export { publicationPeriod, type PublicationPeriod } from './period';

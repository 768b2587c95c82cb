/** 不良名单 / 失信名单: the public surface of the credit-list context. */
export type { AddCreditListEntry, CreditListCommand, RemoveCreditListEntry, RestartCreditListTerm } from './commands';
export type {
  CreditList,
  CreditListEntryAdded,
  CreditListEntryRemoved,
  CreditListEvent,
  CreditListTermRestarted,
  ListingBasis,
  ListingBasisKind,
} from './events';
export {
  creditEntryStreamId,
  evolveCreditEntry,
  initialCreditEntryState,
  type CreditEntryState,
  type Listing,
  type Removal,
} from './state';
export type { CreditListContext } from './facts';
export { creditListDecider } from './decide';
export type { ListingBasisFact, ListingBasisReference } from './basis';
export {
  DEFAULT_CREDIT_LIST_TERMS,
  creditEntryStatusAt,
  creditListTerms,
  creditStandingAt,
  defaultExpiresOn,
  isInForce,
  toCreditEntryFact,
  type CreditEntryFact,
  type CreditEntryStatus,
  type CreditListTerms,
  type CreditStanding,
} from './standing';

import type { ListingBasisFact } from './basis';
import type { CreditListTerms } from './standing';

/** `at` plus what AddCreditListEntry needs; a removal needs only `at`, a restart the terms. */
export interface CreditListContext {
  readonly at: string;
  /** Required by AddCreditListEntry: read from the enterprises read model. */
  readonly enterpriseRegistered?: boolean;
  /**
   * Required by AddCreditListEntry: the event its basis names, found in the log by the handler;
   * null when the command names none or no such event about the enterprise is recorded.
   */
  readonly basis?: ListingBasisFact | null;
  readonly terms?: Partial<CreditListTerms>;
}

import type { CreditStandingFact, LicenceCoverageFact, NumberFact } from '../numbering';

/** What the handler reads from the read models before a carrier signs. */
export interface SigningFacts {
  readonly enterpriseRegistered: boolean;
  /** Every licence of the enterprise; the rule picks those that cover. */
  readonly licences: readonly LicenceCoverageFact[];
  /** Keyed by number id; null (or missing) when the ledger has no such number. */
  readonly numbers: Readonly<Record<string, NumberFact | null | undefined>>;
  readonly creditStanding: CreditStandingFact;
}

export interface SigningContext extends SigningFacts {
  readonly at: string;
}

/** One context type for the decider; only SignAccessContract needs the facts. */
export type AccessContext = { readonly at: string } & Partial<SigningFacts>;

export function signingFacts(context: AccessContext): SigningFacts {
  const { enterpriseRegistered, licences, numbers, creditStanding } = context;
  if (enterpriseRegistered === undefined || !licences || !numbers || !creditStanding) {
    throw new Error(
      'SignAccessContract needs context.enterpriseRegistered, licences, numbers and creditStanding: the command handler must read them from the read models.',
    );
  }
  return { enterpriseRegistered, licences, numbers, creditStanding };
}

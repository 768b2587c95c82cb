import {
  authorityDisplayName,
  isAuthority,
  isCalendarDate,
  malformed,
  MIIT,
  RuleViolation,
  type Decider,
  type Violation,
  notACalendarDate,
} from '../../shared';
import type { CreditPublicationCommand, PublishCreditList } from './commands';
import { publishedEntriesHash } from './entries-hash';
import type { CreditListPublished, CreditPublicationEvent, PublicationScope, PublishedEntry } from './events';
import { inForceOn, type CreditPublicationContext, type ListedEntryFact } from './facts';
import { publicationPeriod } from './period';
import { creditPublicationId, evolveCreditPublication, initialCreditPublicationState, type CreditPublicationState } from './state';

function decide(
  command: CreditPublicationCommand,
  state: CreditPublicationState,
  context: CreditPublicationContext,
): CreditPublicationEvent[] {
  return [publish(command, state, context)];
}

/** 公示: each authority publishes each list once per closed quarter. */
export const creditPublicationDecider: Decider<
  CreditPublicationCommand,
  CreditPublicationEvent,
  CreditPublicationState,
  CreditPublicationContext
> = {
  opens: ['PublishCreditList'],
  initialState: initialCreditPublicationState,
  evolve: evolveCreditPublication,
  decide,
};

/**
 * MIIT publishes the national list (its platform carries every entry, including those listed before
 * the ledger recorded authorities); a province publishes what it listed (谁列入、谁公示), as an
 * authority acts only on what it decided (docs/domain.md §1).
 */
export function publicationScope(authority: string): PublicationScope {
  return authority === MIIT ? 'national' : 'own-listings';
}

function publish(command: PublishCreditList, state: CreditPublicationState, context: CreditPublicationContext): CreditListPublished {
  const { authority, period, list, publishedOn } = command.data;
  if (!isAuthority(authority)) {
    throw new RuleViolation('AUTHORITY_REQUIRED', 'Only a communications administration (MIIT or a province) publishes a credit list.');
  }
  const quarter = publicationPeriod(period);
  const violations: Violation[] = [];
  if (!quarter) violations.push(malformed('period', `"${period}" is not a quarter written YYYY-Qn (from 1900).`));
  if (!isCalendarDate(publishedOn)) {
    violations.push(notACalendarDate('publishedOn', publishedOn));
  } else if (quarter && publishedOn <= quarter.lastDay) {
    violations.push({
      code: 'INVALID_DATE',
      message: `${period} ends on ${quarter.lastDay}: a publication (公示) is of a closed quarter, published from the day after.`,
    });
  }
  if (violations.length > 0 || !quarter) throw RuleViolation.of(violations);
  const id = creditPublicationId(authority, period, list);
  if (state.published) {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `The ${list} list of ${period} was already published by ${authorityDisplayName(authority)} on ${state.published.publishedOn} (${id}); a publication is not made twice.`,
    );
  }
  const scope = publicationScope(authority);
  const entries = context.entries
    .filter((entry) => entry.list === list && inForceOn(entry, quarter.lastDay))
    .filter((entry) => scope === 'national' || entry.listingAuthority === authority)
    .sort((a, b) => (a.listedOn === b.listedOn ? compare(a.entryId, b.entryId) : compare(a.listedOn, b.listedOn)))
    .map(publishedEntry);
  return {
    type: 'CreditListPublished',
    data: {
      publicationId: id,
      authority,
      authorityName: authorityDisplayName(authority),
      scope,
      period,
      list,
      publishedOn,
      inForceOn: quarter.lastDay,
      count: entries.length,
      entriesHash: publishedEntriesHash(entries),
      entries,
    },
  };
}

/** UTF-16 code-unit order, as JCS sorts keys: the same in every runtime and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function publishedEntry(entry: ListedEntryFact): PublishedEntry {
  const { entryId, uscc, enterpriseName, licenceNumbers, list, listedOn, expiresOn, reason, basis, listingAuthority } = entry;
  const listingAuthorityName =
    entry.listingAuthorityName ?? (isAuthority(listingAuthority) ? authorityDisplayName(listingAuthority) : null);
  return {
    entryId,
    uscc,
    enterpriseName,
    licenceNumbers: [...licenceNumbers].sort(compare),
    list,
    listedOn,
    expiresOn,
    reason,
    basis,
    listingAuthority,
    listingAuthorityName,
  };
}

import { assertNever, isCalendarDate, isValidUscc, malformed, RuleViolation, type Decider, type Violation } from '../shared';
import type { AddCreditListEntry, CreditListCommand, RemoveCreditListEntry } from './commands';
import type { CreditListEntryAdded, CreditListEntryRemoved, CreditListEvent } from './events';
import { creditEntryStatusAt, creditListTerms, defaultExpiresOn, type CreditListTerms } from './standing';
import { evolveCreditEntry, initialCreditEntryState, type CreditEntryState } from './state';

export function creditEntryStreamId(entryId: string): string {
  return `credit-entry-${entryId}`;
}

/** `at` plus what AddCreditListEntry needs; a removal needs only `at`. */
export interface CreditListContext {
  readonly at: string;
  /** Required by AddCreditListEntry: read from the enterprises read model. */
  readonly enterpriseRegistered?: boolean;
  readonly terms?: Partial<CreditListTerms>;
}

function decide(command: CreditListCommand, state: CreditEntryState, context: CreditListContext): CreditListEvent[] {
  switch (command.type) {
    case 'AddCreditListEntry':
      return [add(command, state, context)];
    case 'RemoveCreditListEntry':
      return [remove(command, state)];
    default:
      return assertNever(command);
  }
}

/** 不良名单 / 失信名单: one entry per stream, added once and removed at most once. */
export const creditListDecider: Decider<CreditListCommand, CreditListEvent, CreditEntryState, CreditListContext> = {
  initialState: initialCreditEntryState,
  evolve: evolveCreditEntry,
  decide,
};

function add(command: AddCreditListEntry, state: CreditEntryState, context: CreditListContext): CreditListEntryAdded {
  const { entryId, uscc, list, reason, listedOn } = command.data;
  if (state.entry) {
    throw new RuleViolation('ALREADY_EXISTS', `Credit-list entry ${entryId} already exists; a new listing needs a new id.`);
  }
  if (context.enterpriseRegistered === undefined) {
    throw new Error('AddCreditListEntry needs context.enterpriseRegistered: the handler must read it from the read models.');
  }
  const terms = creditListTerms(context.terms);
  const expiresOn =
    command.data.expiresOn ?? (isCalendarDate(listedOn) ? defaultExpiresOn(list, listedOn, terms) : undefined);
  const violations: Violation[] = [];
  if (!isValidUscc(uscc)) {
    violations.push(malformed('uscc', `"${uscc}" is not a valid unified social credit code.`));
  } else if (!context.enterpriseRegistered) {
    violations.push({
      code: 'ENTERPRISE_NOT_REGISTERED',
      message: `Enterprise ${uscc} is not registered in the ledger, so it cannot be put on a credit list.`,
    });
  }
  if (!isCalendarDate(listedOn)) {
    violations.push({ code: 'INVALID_DATE', message: `listedOn "${listedOn}" is not a calendar date (YYYY-MM-DD).` });
  }
  if (command.data.expiresOn !== undefined && !isCalendarDate(command.data.expiresOn)) {
    const message = `expiresOn "${command.data.expiresOn}" is not a calendar date (YYYY-MM-DD).`;
    violations.push({ code: 'INVALID_DATE', message });
  } else if (expiresOn !== undefined && isCalendarDate(listedOn) && expiresOn <= listedOn) {
    violations.push({
      code: 'INVALID_DATE',
      message: `An entry listed on ${listedOn} must expire after that day, not on ${expiresOn}.`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  const optional = command.data;
  return {
    type: 'CreditListEntryAdded',
    data: {
      entryId,
      uscc,
      list,
      reason,
      listedOn,
      expiresOn: expiresOn as string,
      caseId: optional.caseId ?? null,
      penaltyId: optional.penaltyId ?? null,
      authority: optional.authority ?? null,
      licenceNumber: optional.licenceNumber ?? null,
      enterpriseName: optional.enterpriseName ?? null,
    },
  };
}

/**
 * Removal by decision (e.g. art. 38: the annual report has been filed and confirmed, or the
 * penalty behind the listing was annulled). Only an entry in force on removedOn can be removed:
 * one that has lapsed by its term already came off the list, and history is never rewritten.
 */
function remove(command: RemoveCreditListEntry, state: CreditEntryState): CreditListEntryRemoved {
  const { reason, removedOn } = command.data;
  if (!isCalendarDate(removedOn)) {
    throw new RuleViolation('INVALID_DATE', `removedOn "${removedOn}" is not a calendar date (YYYY-MM-DD).`);
  }
  const { entry } = state;
  if (!entry) throw new RuleViolation('NOT_ON_LIST', 'There is no such credit-list entry, so there is nothing to remove.');
  const listName = entry.list === 'bad' ? 'bad list (不良名单)' : 'dishonest list (失信名单)';
  // Checked before the date: a second removal dated earlier than the first must not slip through.
  if (state.removal) {
    throw new RuleViolation(
      'NOT_ON_LIST',
      `Enterprise ${entry.uscc}'s entry on the ${listName} was already removed on ${state.removal.removedOn}.`,
    );
  }
  switch (creditEntryStatusAt(state, removedOn)) {
    case 'in-force':
      return {
        type: 'CreditListEntryRemoved',
        data: { entryId: entry.entryId, uscc: entry.uscc, list: entry.list, listedOn: entry.listedOn, removedOn, reason },
      };
    case 'expired':
      throw new RuleViolation(
        'NOT_ON_LIST',
        `Enterprise ${entry.uscc}'s entry on the ${listName} expired on ${entry.expiresOn}; ` +
          `it was no longer listed on ${removedOn}.`,
      );
    default:
      throw new RuleViolation(
        'NOT_ON_LIST',
        `Enterprise ${entry.uscc} is on the ${listName} only from ${entry.listedOn}; it cannot be removed on ${removedOn}.`,
      );
  }
}


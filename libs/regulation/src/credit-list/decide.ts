import {
  assertNever,
  isCalendarDate,
  isValidUscc,
  malformed,
  RuleViolation,
  type Decider,
  type Violation,
  notACalendarDate,
} from '../shared';
import { isListingBasis, judgeListingBasis } from './basis';
import type { AddCreditListEntry, CreditListCommand, RemoveCreditListEntry, RestartCreditListTerm } from './commands';
import type { CreditListEntryAdded, CreditListEntryRemoved, CreditListEvent, CreditListTermRestarted } from './events';
import type { CreditListContext } from './facts';
import { creditEntryStatusAt, creditListTerms, defaultExpiresOn } from './standing';
import { evolveCreditEntry, initialCreditEntryState, type CreditEntryState } from './state';

function decide(command: CreditListCommand, state: CreditEntryState, context: CreditListContext): CreditListEvent[] {
  switch (command.type) {
    case 'AddCreditListEntry':
      return [add(command, state, context)];
    case 'RemoveCreditListEntry':
      return [remove(command, state)];
    case 'RestartCreditListTerm':
      return [restart(command, state, context)];
    default:
      return assertNever(command);
  }
}

/** 不良名单 / 失信名单: one entry per stream, added once, its term restarted by new penalties, removed at most once. */
export const creditListDecider: Decider<CreditListCommand, CreditListEvent, CreditEntryState, CreditListContext> = {
  opens: ['AddCreditListEntry'],
  initialState: initialCreditEntryState,
  evolve: evolveCreditEntry,
  decide,
};

function add(command: AddCreditListEntry, state: CreditEntryState, context: CreditListContext): CreditListEntryAdded {
  const { entryId, uscc, list, reason, listedOn } = command.data;
  if (state.entry) {
    throw new RuleViolation('ALREADY_EXISTS', `Credit-list entry ${entryId} already exists; a new listing needs a new id.`);
  }
  if (context.enterpriseRegistered === undefined || context.basis === undefined) {
    throw new Error(
      'AddCreditListEntry needs context.enterpriseRegistered and context.basis: the handler must read them from the read models.',
    );
  }
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
    violations.push(notACalendarDate('listedOn', listedOn));
  }
  const basis = judgeListingBasis(command.data.basis, context.basis, uscc, listedOn);
  if (!isListingBasis(basis)) violations.push(basis);
  if (violations.length > 0 || !isListingBasis(basis)) throw RuleViolation.of(violations);
  const optional = command.data;
  return {
    type: 'CreditListEntryAdded',
    data: {
      entryId,
      uscc,
      list,
      reason,
      listedOn,
      expiresOn: defaultExpiresOn(list, listedOn, creditListTerms(context.terms)),
      basis,
      caseId: basis.caseId,
      penaltyId: basis.penaltyId,
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
    throw RuleViolation.of([notACalendarDate('removedOn', removedOn)]);
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
        `Enterprise ${entry.uscc}'s entry on the ${listName} expired on ${entry.expiresOn}; ` + `it was no longer listed on ${removedOn}.`,
      );
    default:
      throw new RuleViolation(
        'NOT_ON_LIST',
        `Enterprise ${entry.uscc} is on the ${listName} only from ${entry.listedOn}; it cannot be removed on ${removedOn}.`,
      );
  }
}

/**
 * A new penalty within the term restarts it (docs/domain.md §5): the entry runs a full term from the
 * new decision date. Only a term still running on that date restarts, and only forwards: a
 * penalty recorded late, dated before a restart already recorded, would shorten the term.
 */
function restart(command: RestartCreditListTerm, state: CreditEntryState, context: CreditListContext): CreditListTermRestarted {
  const { restartedOn, basis } = command.data;
  if (!isCalendarDate(restartedOn)) {
    throw RuleViolation.of([notACalendarDate('restartedOn', restartedOn)]);
  }
  const { entry } = state;
  if (!entry) throw new RuleViolation('NOT_ON_LIST', 'There is no such credit-list entry, so there is no term to restart.');
  const status = creditEntryStatusAt(state, restartedOn);
  if (status !== 'in-force') {
    throw new RuleViolation(
      'NOT_ON_LIST',
      `Enterprise ${entry.uscc}'s entry listed on ${entry.listedOn} is ${status} on ${restartedOn}; only a term still running restarts.`,
    );
  }
  const expiresOn = defaultExpiresOn(entry.list, restartedOn, creditListTerms(context.terms));
  if (expiresOn <= entry.expiresOn) {
    throw new RuleViolation(
      'INVALID_TRANSITION',
      `Enterprise ${entry.uscc}'s entry already runs until ${entry.expiresOn}; a restart on ${restartedOn} would end it on ${expiresOn}.`,
    );
  }
  return {
    type: 'CreditListTermRestarted',
    data: { entryId: entry.entryId, uscc: entry.uscc, list: entry.list, restartedOn, expiresOn, basis },
  };
}

import { RuleViolation, type Violation } from '../shared';
import type { ImposePenalty, PenaltyMeasureInput } from './commands';
import type { PenaltyImposed, PenaltyMeasure } from './events';
import { isCalendarDate } from '../shared';
import { INCOMPLETE_PENALTY_CODE, isRevocable, type HeldLicenceFact, type HeldNumberFact } from './facts';
import { findPenalty, type CaseState } from './state';

export interface PenaltyFacts {
  /** Needed only when a measure names a licence: the enterprise's licences. */
  readonly licences?: readonly HeldLicenceFact[];
  /** Needed only when a measure names a number: the enterprise's numbers. */
  readonly numbers?: readonly HeldNumberFact[];
}

/** Checks an administrative penalty decision (行政处罚决定) and records it; every failed check is reported. */
export function imposePenalty(command: ImposePenalty, state: CaseState, facts: PenaltyFacts): PenaltyImposed {
  const opened = state.opened;
  if (!opened) throw new Error('imposePenalty needs an opened case');
  const { penaltyId, decidedOn, documentNo, legalBasis, measures, authority } = command.data;
  if (findPenalty(state, penaltyId)) {
    throw new RuleViolation('ALREADY_EXISTS', `Penalty ${penaltyId} has already been recorded in case ${opened.caseId}.`);
  }
  const violations: Violation[] = [];
  if (!isCalendarDate(decidedOn)) {
    violations.push({ code: 'INVALID_DATE', message: `decidedOn "${decidedOn}" is not a calendar date (YYYY-MM-DD).` });
  }
  // 行政处罚法 art. 59: a penalty decision states the law it applies.
  if (legalBasis.length === 0) violations.push(incomplete('A penalty decision must state its legal basis.'));
  if (measures.length === 0) violations.push(incomplete('A penalty decision must impose at least one measure.'));
  measures.forEach((measure, index) =>
    violations.push(...measureProblems(measure, `Measure ${index + 1} (${measure.type})`, decidedOn, opened.numbers, facts)),
  );
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'PenaltyImposed',
    data: {
      caseId: opened.caseId,
      uscc: opened.uscc,
      penaltyId,
      decidedOn,
      documentNo,
      legalBasis: [...legalBasis],
      measures: measures.map(recorded),
      authority: authority ?? null,
      caseNumbers: [...opened.numbers],
    },
  };
}

function incomplete(message: string): Violation {
  return { code: INCOMPLETE_PENALTY_CODE, message };
}

function recorded(measure: PenaltyMeasureInput): PenaltyMeasure {
  return {
    type: measure.type,
    amountCny: measure.amountCny ?? null,
    deadline: measure.deadline ?? null,
    licenceNumber: measure.licenceNumber ?? null,
    numberId: measure.numberId ?? null,
  };
}

function measureProblems(
  measure: PenaltyMeasureInput,
  label: string,
  decidedOn: string,
  caseNumbers: readonly string[],
  facts: PenaltyFacts,
): Violation[] {
  const { amountCny, deadline } = measure;
  const positive = amountCny !== undefined && Number.isFinite(amountCny) && amountCny > 0;
  switch (measure.type) {
    case 'fine':
      return positive ? [] : [incomplete(`${label}: a fine (罚款) needs an amount in CNY greater than zero.`)];
    case 'confiscation':
      return amountCny === undefined || positive
        ? []
        : [incomplete(`${label}: the confiscated amount must be greater than zero.`)];
    case 'rectification-order':
      // 责令整改: an order without a deadline cannot be followed up or found unperformed.
      if (deadline === undefined || !isCalendarDate(deadline)) {
        return [{ code: 'INVALID_DATE', message: `${label}: a rectification order needs a deadline date (YYYY-MM-DD).` }];
      }
      return isCalendarDate(decidedOn) && deadline < decidedOn
        ? [{ code: 'INVALID_DATE', message: `${label}: the deadline ${deadline} is before the decision (${decidedOn}).` }]
        : [];
    case 'licence-revocation':
      return measure.licenceNumber === undefined ? [] : namedLicenceProblems(measure.licenceNumber, label, facts);
    case 'number-reclamation':
      if (measure.numberId !== undefined) return namedNumberProblems(measure.numberId, label, facts);
      return caseNumbers.length > 0
        ? []
        : [incomplete(`${label}: name the number to reclaim; the case concerns no numbers.`)];
    case 'warning':
    case 'exposure':
      return [];
  }
}

function namedLicenceProblems(licenceNumber: string, label: string, facts: PenaltyFacts): Violation[] {
  if (!facts.licences) throw new Error('ImposePenalty naming a licence needs context.licences (the enterprise’s licences)');
  const licence = facts.licences.find((held) => held.licenceNumber === licenceNumber);
  if (!licence) {
    return [{ code: 'LICENCE_NOT_VALID', message: `${label}: licence ${licenceNumber} is not held by this enterprise.` }];
  }
  if (isRevocable(licence)) return [];
  const message = `${label}: licence ${licenceNumber} is ${licence.status} and cannot be revoked.`;
  return [{ code: 'LICENCE_NOT_VALID', message }];
}

function namedNumberProblems(numberId: string, label: string, facts: PenaltyFacts): Violation[] {
  if (!facts.numbers) throw new Error('ImposePenalty naming a number needs context.numbers (the enterprise’s numbers)');
  const held = facts.numbers.find((number) => number.numberId === numberId);
  if (!held || held.status === 'reclaimed') {
    const message = `${label}: number ${numberId} is not held by this enterprise, so it cannot be reclaimed.`;
    return [{ code: 'NUMBER_NOT_HELD', message }];
  }
  return [];
}

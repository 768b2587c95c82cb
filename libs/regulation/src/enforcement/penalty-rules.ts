import { RuleViolation, malformed, type Violation, notACalendarDate } from '../shared';
import type { ImposePenalty, PenaltyMeasureInput } from './commands';
import { PENALTY_TYPES, type PenaltyImposed, type PenaltyMeasure, type PenaltyMeasureType } from './events';
import { isCalendarDate } from '../shared';
import { INCOMPLETE_PENALTY_CODE, isRevocable, type PenaltyFacts } from './facts';
import { findPenalty, type CaseState } from './state';

/** Where a rectification order or an exposure is recorded instead (docs/http-contract.md). */
const SEPARATE_ACT_ENDPOINT = {
  'rectification-order': 'POST /v1/cases/{id}/rectification-orders',
  exposure: 'POST /v1/cases/{id}/exposures',
} as const;

/** Checks an administrative penalty decision (行政处罚决定) and records it; every failed check is reported. */
export function imposePenalty(command: ImposePenalty, state: CaseState, facts: PenaltyFacts): PenaltyImposed {
  const opened = state.opened;
  if (!opened) throw new Error('imposePenalty needs an opened case');
  const { penaltyId, decidedOn, documentNo, legalBasis, measures, authority, performanceDeadline } = command.data;
  if (findPenalty(state, penaltyId)) {
    throw new RuleViolation('ALREADY_EXISTS', `Penalty ${penaltyId} has already been recorded in case ${opened.caseId}.`);
  }
  const violations: Violation[] = [];
  const decided = isCalendarDate(decidedOn);
  if (!decided) {
    violations.push(notACalendarDate('decidedOn', decidedOn));
  }
  // 行政处罚法 art. 59: a penalty decision states the law it applies.
  if (legalBasis.length === 0) violations.push(incomplete('A penalty decision must state its legal basis.'));
  if (measures.length === 0) violations.push(incomplete('A penalty decision must impose at least one penalty type.'));
  const separate = measures.filter((measure) => measure.type === 'rectification-order' || measure.type === 'exposure');
  for (const measure of separate) {
    const type = measure.type as keyof typeof SEPARATE_ACT_ENDPOINT;
    violations.push({
      code: 'NOT_A_PENALTY',
      message:
        `${type === 'exposure' ? 'An exposure (曝光)' : 'A rectification order (责令改正)'} is not an administrative penalty ` +
        `(行政处罚法 art. 9): record it with ${SEPARATE_ACT_ENDPOINT[type]}, not as a measure of a penalty decision.`,
    });
  }
  const measuresOfPenalty = measures.filter((measure) => !separate.includes(measure));
  if (measuresOfPenalty.length > 0 && !measuresOfPenalty.some((m) => isPenaltyType(m.type))) {
    violations.push(
      incomplete(
        'A penalty decision must impose at least one penalty type (警告, 通报批评, 罚款, 没收违法所得, 责令停业整顿, 吊销许可证); number reclamation (收回码号) alone is not a penalty.',
      ),
    );
  }
  measures.forEach((measure, index) => {
    if (separate.includes(measure)) return;
    const forCarrier = opened.carrier !== null ? notForACarrier(measure, index, opened.carrier) : null;
    violations.push(...(forCarrier ? [forCarrier] : measureProblems(measure, index, decided ? decidedOn : null, facts)));
  });
  if (performanceDeadline !== undefined) {
    if (!isCalendarDate(performanceDeadline)) {
      violations.push(notACalendarDate('performanceDeadline', performanceDeadline));
    } else if (decided && performanceDeadline < decidedOn) {
      violations.push({
        code: 'INVALID_DATE',
        message: `The performance deadline ${performanceDeadline} is before the decision (${decidedOn}).`,
      });
    }
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'PenaltyImposed',
    data: {
      caseId: opened.caseId,
      uscc: opened.uscc,
      carrier: opened.carrier,
      penaltyId,
      decidedOn,
      documentNo,
      legalBasis: [...legalBasis],
      measures: measuresOfPenalty.map(recorded),
      performanceDeadline: performanceDeadline ?? null,
      authority: authority ?? null,
      caseNumbers: [...opened.numbers],
      separateActs: [],
    },
  };
}

/**
 * What a carrier (基础电信企业) cannot be made to suffer in a call-centre case: its basic telecom
 * licence is not one the call-centre regulation issues (no 吊销 or 责令停业整顿 of it here), and it
 * holds no access number (收回码号 takes a number from the enterprise it was allocated to).
 */
const ACTS_ON_AN_ENTERPRISE: Partial<Record<PenaltyMeasureInput['type'], string>> = {
  'licence-revocation': 'a licence revocation (吊销许可证) acts on a call-centre licence',
  'business-suspension': 'a suspension of business (责令停业整顿) suspends a call-centre licence',
  'number-reclamation': 'a number reclamation (收回码号) takes back a number allocated to an enterprise',
};

function notForACarrier(measure: PenaltyMeasureInput, index: number, carrier: string): Violation | null {
  const acts = ACTS_ON_AN_ENTERPRISE[measure.type];
  if (!acts) return null;
  return {
    code: 'NOT_FOR_A_CARRIER',
    message: `Measure ${index + 1} (${measure.type}): this case is about carrier ${carrier}, and ${acts}, which a carrier does not hold; a carrier may be warned, criticised, fined or have illegal gains confiscated.`,
  };
}

function isPenaltyType(type: string): boolean {
  return (PENALTY_TYPES as readonly string[]).includes(type);
}

function incomplete(message: string): Violation {
  return { code: INCOMPLETE_PENALTY_CODE, message };
}

function recorded(measure: PenaltyMeasureInput): PenaltyMeasure {
  return {
    type: measure.type as PenaltyMeasureType,
    amountCny: measure.amountCny ?? null,
    from: measure.from ?? null,
    until: measure.until ?? null,
    licenceNumber: measure.licenceNumber ?? null,
    numberId: measure.numberId ?? null,
  };
}

function measureProblems(measure: PenaltyMeasureInput, index: number, decidedOn: string | null, facts: PenaltyFacts): Violation[] {
  const label = `Measure ${index + 1} (${measure.type})`;
  const field = (name: string) => `measures.${index}.${name}`;
  const { amountCny } = measure;
  const positive = amountCny !== undefined && Number.isFinite(amountCny) && amountCny > 0;
  switch (measure.type) {
    case 'fine':
      return positive ? [] : [incomplete(`${label}: a fine (罚款) needs an amount in CNY greater than zero.`)];
    case 'confiscation':
      return amountCny === undefined || positive ? [] : [incomplete(`${label}: the confiscated amount must be greater than zero.`)];
    case 'business-suspension':
      return suspensionProblems(measure, label, field, decidedOn);
    case 'licence-revocation':
      return measure.licenceNumber === undefined
        ? [malformed(field('licenceNumber'), `${label}: a revocation (吊销) must name the licence it revokes (licenceNumber).`)]
        : namedLicenceProblems(measure.licenceNumber, label, facts);
    case 'number-reclamation':
      return measure.numberId === undefined
        ? [malformed(field('numberId'), `${label}: a number reclamation (收回码号) must name the number it reclaims (numberId).`)]
        : namedNumberProblems(measure.numberId, label, facts);
    case 'warning':
    case 'circulated-criticism':
      return [];
    case 'rectification-order':
    case 'exposure':
      return [];
  }
}

/** 责令停业整顿: a period, from..until, starting no earlier than the decision. */
function suspensionProblems(
  measure: PenaltyMeasureInput,
  label: string,
  field: (name: string) => string,
  decidedOn: string | null,
): Violation[] {
  const problems: Violation[] = [];
  for (const name of ['from', 'until'] as const) {
    const value = measure[name];
    if (value === undefined) {
      problems.push(malformed(field(name), `${label}: a suspension of business (责令停业整顿) needs its period (from and until).`));
    } else if (!isCalendarDate(value)) {
      problems.push(notACalendarDate(`${label}: ${name}`, String(value)));
    }
  }
  if (problems.length > 0) return problems;
  const from = measure.from as string;
  const until = measure.until as string;
  if (from > until) problems.push({ code: 'INVALID_DATE', message: `${label}: the period starts on ${from}, after its end (${until}).` });
  if (decidedOn !== null && from < decidedOn) {
    problems.push({ code: 'INVALID_DATE', message: `${label}: the period starts on ${from}, before the decision (${decidedOn}).` });
  }
  return problems;
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

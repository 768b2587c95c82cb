import { RuleViolation, type Violation, calendarDateProblems } from '../shared';
import type { LicensingState } from './state';

/**
 * Acts are kept in date order on a stream (an inspection cannot predate the acceptance, nor a
 * decision the inspection it relies on), so that folding by effective time meets them as decided.
 */
export function chronologyProblems(state: LicensingState, on: string): Violation[] {
  return state.lastActOn !== null && on < state.lastActOn
    ? [
        {
          code: 'INVALID_DATE',
          message: `This act is dated ${on}, before the latest act already recorded (${state.lastActOn}).`,
        },
      ]
    : [];
}

/** The date of the act (the command's own date field, or the CST date of `at`), checked for order. */
export function actDate(state: LicensingState, on: string, field = 'date'): string {
  const problems = calendarDateProblems(field, on);
  if (problems.length === 0) problems.push(...chronologyProblems(state, on));
  if (problems.length > 0) throw RuleViolation.of(problems);
  return on;
}

const STAGE_WORDS: Readonly<Record<LicensingState['stage'], string>> = {
  none: 'application does not exist',
  submitted: 'application has been submitted but not yet accepted',
  accepted: 'application has been accepted',
  'not-accepted': 'application was not accepted (不予受理)',
  granted: 'licence has already been granted',
  refused: 'application was refused',
};

export function stageWords(state: LicensingState): string {
  return STAGE_WORDS[state.stage];
}

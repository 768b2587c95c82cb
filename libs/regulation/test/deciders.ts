import type { Command, Decider, DomainEvent } from '../src/shared/decider';
import { RuleViolation, type Violation } from '../src/shared/rule-violation';

/**
 * Given/when/then for deciders: `given(events).when(command, context).then(events)` or
 * `.thenViolates(code)`. Only for tests; it does no I/O.
 */
export function specFor<C extends Command, E extends DomainEvent, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return (given: readonly E[]) => ({
    when: (command: C, context: Ctx) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()), context);
      return {
        then: (expected: readonly E[]) => expect(run()).toEqual(expected),
        thenViolates: (code: Violation['code'], ...alsoCodes: Array<Violation['code']>) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(RuleViolation);
          const violation = caught as RuleViolation;
          expect(violation.code).toBe(code);
          if (alsoCodes.length > 0) {
            expect(violation.violations.map((v) => v.code).sort()).toEqual([code, ...alsoCodes].sort());
          }
          return violation;
        },
      };
    },
  });
}

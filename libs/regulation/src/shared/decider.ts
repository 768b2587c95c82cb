/**
 * The shape every regulatory context follows (after Emmett's decider): pure functions, no I/O.
 * `decide` receives the facts from other streams it needs as `context`, already read by the
 * command handler from read models, so the rule itself stays testable as given/when/then.
 *
 * Every context's folder has the same files, so each part is found in the same place: commands.ts
 * and events.ts (the unions `XxxCommand`, `XxxEvent`), schemas.ts (the events' versions and
 * upcasters, collected in ../event-schemas.ts), state.ts (the state, `initialXxxState`, `evolveXxx`
 * and what reads the state), facts.ts (the `context` type and what reads the facts), decide.ts
 * (`decide`, its sub-decisions and the exported `xxxDecider`), index.ts (the public surface) and
 * decide.unit.spec.ts (the given/when/then spec). Modules of the context's own domain sit beside them.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface Command<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<C extends Command, E extends DomainEvent, S, Ctx = unknown> {
  /**
   * The command types that start a stream (a registration, an allocation, an application): the
   * command executor decides them on the initial state and appends them as the stream's first
   * events, reading the stream only when the append finds it there.
   */
  readonly opens?: readonly string[];
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S, context: Ctx) => readonly E[];
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<Command, E, S>, 'initialState' | 'evolve'>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Exhaustiveness check for discriminated unions: the compiler fails when a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

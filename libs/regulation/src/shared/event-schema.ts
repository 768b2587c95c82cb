/**
 * How an event type's data changed shape between releases. The log is append-only and hashed, so
 * an event keeps the shape it was written in (its schema version) for ever; the store reads an
 * older one as today's shape through the upcasters, every time it is read.
 */
export interface EventSchema {
  /** The schema version events of the type are written with now. */
  readonly version: number;
  /**
   * `upcasters[n]` reads the data of version n as version n + 1. Pure, as `evolve` is: the same
   * stored event must always mean the same thing, on every replay and in every process.
   */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/** Old data is whatever an older release wrote, so it is read as untyped JSON. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Keyed by event type; a type not named has never changed shape: version 1. */
export type EventSchemas = Readonly<Record<string, EventSchema>>;

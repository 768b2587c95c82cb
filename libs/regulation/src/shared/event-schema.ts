/**
 * How an event type's data changed shape between releases. The log is append-only and hashed, so
 * an event keeps the shape it was written in (its schema version) for ever; the store reads an
 * older one as today's shape through the upcasters, every time it is read.
 */
export interface EventSchema {
  /** The schema version events of the type are written with now. */
  readonly version: number;
  /**
   * `upcasters[n]` reads the data of version n as version n + 1, or, when the old event means
   * what another type says now, as that type (`new ReadAs(...)`). Pure, as `evolve` is: the same
   * stored event must always mean the same thing, on every replay and in every process.
   */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /**
   * The types an upcaster of this type may read an old event as. Declared, since it cannot be
   * seen without running the upcasters: a reader that filters the log by type asks for the stored
   * types too (EventSchemaRegistry.storedTypes), or it would miss the old events read as its own.
   */
  readonly readAs?: readonly string[];
}

/**
 * An old event read as another type: its data in `version` of `type`, from where that type's own
 * upcasters take it to the current shape. The stored event keeps its type, as it keeps its data.
 */
export class ReadAs {
  constructor(
    readonly type: string,
    readonly version: number,
    readonly data: Record<string, unknown>,
  ) {}
}

/** Old data is whatever an older release wrote, so it is read as untyped JSON. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown> | ReadAs;

/** Keyed by event type; a type not named has never changed shape: version 1. */
export type EventSchemas = Readonly<Record<string, EventSchema>>;

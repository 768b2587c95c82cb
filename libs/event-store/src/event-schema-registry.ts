import { EVENT_SCHEMAS } from '@ledger/regulation/event-schemas';
import { ReadAs, type DomainEvent, type EventSchemas } from '@ledger/regulation/shared';
import { UnreadableSchemaVersion } from './errors';
import type { EventToAppend, RecordedEvent } from './event-store';

/**
 * The upcaster registry, built from the schemas the domain declares: it reads a recorded event as
 * its domain event in the current shape of its type, whatever version it was written in, or as
 * the type its schema says an old event of that kind now is (EventSchema.readAs). The stored form
 * is never rewritten; the feed, webhooks, NATS and the integrity leaves carry it.
 */
export class EventSchemaRegistry {
  /** Stored type → the types its events may be read as, itself included. */
  private readonly readableAs = new Map<string, readonly string[]>();

  constructor(private readonly schemas: EventSchemas) {
    for (const [type, { version, readAs = [] }] of Object.entries(schemas)) {
      if (!Number.isInteger(version) || version < 1)
        throw new RangeError(`The schema version of ${type} must be a whole number from 1, not ${version}.`);
      // One step at most, so that a filter widened by storedTypes finds every event read as its types.
      const chained = readAs.filter((target) => target === type || (schemas[target]?.readAs ?? []).length > 0);
      if (chained.length > 0)
        throw new RangeError(`${type} may be read as ${chained.join(', ')}, which is itself or is read as another type in turn.`);
      if (readAs.length > 0) this.readableAs.set(type, [type, ...readAs]);
    }
  }

  /**
   * The stored types a reader filtering the log by `types` must ask for: those types and every
   * type whose old events may be read as one of them. The reader still meets each event as the
   * type toDomainEvent gives, which may be its stored one (an old LicenceRevoked that stays one).
   */
  storedTypes(types: readonly string[]): string[] {
    const stored = [...this.readableAs].filter(([, readAs]) => readAs.some((t) => types.includes(t))).map(([type]) => type);
    return [...new Set([...types, ...stored])];
  }

  /** The version events of `type` are written with now. */
  currentVersion(type: string): number {
    return this.schemas[type]?.version ?? 1;
  }

  /** The version an event is appended with: the one it names (as an import of old events does), else its type's current one. */
  versionToWrite(event: Pick<EventToAppend, 'type' | 'schemaVersion'>): number {
    return event.schemaVersion ?? this.currentVersion(event.type);
  }

  /**
   * The one place a recorded event becomes a domain event. `E` is the caller's word for which
   * events it reads (its stream's, or the types it subscribed to); the upcasters have made the
   * data the current shape of its type, which is what `E` describes.
   */
  toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
    return this.upcast(event.type, event.schemaVersion, event.data) as E;
  }

  /** Up the type's chain; an upcaster that reads the event as another type hands it to that type's chain. */
  private upcast(type: string, version: number, data: Record<string, unknown>): DomainEvent {
    const schema = this.schemas[type];
    const current = schema?.version ?? 1;
    if (version > current)
      throw new UnreadableSchemaVersion(type, version, `this release reads ${type} up to version ${current}, a later one wrote it`);
    let upcast = data;
    for (let from = version; from < current; from++) {
      const upcaster = schema?.upcasters[from];
      if (!upcaster)
        throw new UnreadableSchemaVersion(type, version, `no upcaster reads version ${from} of ${type} as version ${from + 1}`);
      const next = upcaster(upcast);
      if (next instanceof ReadAs) {
        if (!schema?.readAs?.includes(next.type))
          throw new UnreadableSchemaVersion(
            type,
            version,
            `the upcaster of version ${from} reads it as ${next.type}, which the schema of ${type} does not declare in readAs`,
          );
        return this.upcast(next.type, next.version, next.data);
      }
      upcast = next;
    }
    return { type, data: upcast };
  }
}

/** The ledger's own registry, from the domain's declarations (libs/regulation/src/event-schemas.ts). */
export const LEDGER_SCHEMAS = new EventSchemaRegistry(EVENT_SCHEMAS);

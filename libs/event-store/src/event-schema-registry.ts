import { EVENT_SCHEMAS } from '@ledger/regulation/event-schemas';
import type { DomainEvent, EventSchemas } from '@ledger/regulation/shared';
import { UnreadableSchemaVersion } from './errors';
import type { EventToAppend, RecordedEvent } from './event-store';

/**
 * The upcaster registry, built from the schemas the domain declares: it reads a recorded event as
 * its domain event in the current shape of its type, whatever version it was written in. The
 * stored form is never rewritten; the feed, webhooks, NATS and the integrity leaves carry it.
 */
export class EventSchemaRegistry {
  constructor(private readonly schemas: EventSchemas) {
    for (const [type, { version }] of Object.entries(schemas)) {
      if (!Number.isInteger(version) || version < 1) throw new RangeError(`The schema version of ${type} must be a whole number from 1, not ${version}.`);
    }
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
    return { type: event.type, data: this.upcast(event.type, event.schemaVersion, event.data) } as E;
  }

  private upcast(type: string, version: number, data: Record<string, unknown>): Record<string, unknown> {
    const schema = this.schemas[type];
    const current = schema?.version ?? 1;
    if (version > current) throw new UnreadableSchemaVersion(type, version, `this release reads ${type} up to version ${current}, a later one wrote it`);
    let upcast = data;
    for (let from = version; from < current; from++) {
      const upcaster = schema?.upcasters[from];
      if (!upcaster) throw new UnreadableSchemaVersion(type, version, `no upcaster reads version ${from} of ${type} as version ${from + 1}`);
      upcast = upcaster(upcast);
    }
    return upcast;
  }
}

/** The ledger's own registry, from the domain's declarations (libs/regulation/src/event-schemas.ts). */
export const LEDGER_SCHEMAS = new EventSchemaRegistry(EVENT_SCHEMAS);

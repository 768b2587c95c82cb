import { randomUUID } from 'node:crypto';
import { PassThrough, type ReadableOptions } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamSubscription,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from '../src/kurrentdb/kurrentdb-event-store';

interface Stored {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly created: Date;
}

/**
 * A stand-in for a KurrentDB node, for the adapter's own tests where no server can run. It keeps
 * what the adapter relies on, as the client and server document it: $all positions are byte
 * offsets (gaps between events) with commit = prepare; forward $all reads include their start
 * position, subscriptions and backward reads exclude it; a read from an offset that is not an
 * event's is refused; a missing stream is StreamNotFoundError and a failed expectation
 * WrongExpectedVersionError; event ids are not unique across streams; and KurrentDB's own
 * `$stats` events are interleaved with the adapter's. It is not a test of KurrentDB itself: the
 * contract suite against a real node (KURRENTDB_URL) is.
 */
export class InMemoryKurrentDb {
  private readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly listeners = new Set<(event: Stored) => void>();
  private nextOffset = 0n;
  private appends = 0;

  asClient(): KurrentClient {
    return this as unknown as KurrentClient;
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { streamState?: AppendStreamState } = {},
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve)); // let concurrent appends interleave like network calls
    const batch = Array.isArray(events) ? events : [events];
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const expected = options.streamState ?? ANY;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
    if (this.appends++ % 3 === 0) this.store('$stats-127.0.0.1:2113', '$statsCollected', '{}', '{}', randomUUID());
    let last: Stored | undefined;
    for (const e of batch) last = this.store(streamName, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata ?? {}), e.id);
    return { success: true, nextExpectedRevision: last!.revision, position: { commit: last!.position, prepare: last!.position } };
  }

  private store(streamId: string, type: string, data: string, metadata: string, id: string): Stored {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const event: Stored = {
      position: this.nextOffset,
      streamId,
      revision: BigInt(stream.length),
      id,
      type,
      data,
      metadata,
      created: new Date(),
    };
    this.nextOffset += BigInt(64 + data.length + metadata.length);
    stream.push(event);
    this.log.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    const stream = this.streams.get(streamName);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? START;
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const selected = backwards
        ? stream.filter((e) => from === END || from === START || e.revision <= from).reverse()
        : stream.filter((e) => from === START || from === END || e.revision >= from);
      for (const event of selected.slice(0, maxCount)) yield resolved(event);
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<ResolvedEvent> {
    const log = [...this.log];
    const from = options.fromPosition ?? START;
    const backwards = options.direction === BACKWARDS;
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (from !== START && from !== END && !log.some((e) => e.position === from.prepare && from.commit === from.prepare)) {
        throw new UnknownError(undefined, `Invalid position ${from.commit}/${from.prepare}: not the start of a record.`);
      }
      const inRange = backwards
        ? log.filter((e) => from === END || (from !== START && e.position < from.prepare)).reverse()
        : log.filter((e) => from === START || (from !== END && e.position >= from.prepare));
      let count = 0;
      for (const event of inRange) {
        if (count >= maxCount) return;
        if (!passes(options.filter, event)) continue;
        count++;
        yield resolved(event);
      }
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}, readableOptions: ReadableOptions = {}): AllStreamSubscription {
    const stream = new PassThrough({ ...readableOptions, objectMode: true });
    const from = options.fromPosition ?? START;
    const deliver = (event: Stored) => {
      if (passes(options.filter, event) && !stream.writableEnded) stream.write(resolved(event));
    };
    if (from !== END) for (const event of this.log) if (from === START || event.position > from.prepare) deliver(event);
    this.listeners.add(deliver);
    const unsubscribe = async () => {
      this.listeners.delete(deliver);
      stream.end();
    };
    return Object.assign(stream, { unsubscribe }) as unknown as AllStreamSubscription;
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }
}

function passes(filter: Filter | undefined, event: Stored): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  return 'regex' in filter ? new RegExp(filter.regex).test(subject) : filter.prefixes.some((p) => subject.startsWith(p));
}

function resolved(event: Stored): ResolvedEvent {
  return {
    event: {
      streamId: event.streamId,
      id: event.id,
      isJson: true,
      revision: event.revision,
      type: event.type,
      created: event.created,
      data: JSON.parse(event.data),
      metadata: JSON.parse(event.metadata),
      position: { commit: event.position, prepare: event.position },
    },
    commitPosition: event.position,
  };
}

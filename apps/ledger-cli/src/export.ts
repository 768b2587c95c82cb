import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { openEventStore, toEventJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { loadConfig, openDatabase } from '@ledger/platform';

/** Events held in memory at once: one page. */
const PAGE = 1000;

export interface ExportOptions {
  /** One stream; without it, the whole log. */
  readonly streamId?: string;
  /** The log: events after this position. A stream: events from this version on. */
  readonly from?: number;
}

/**
 * Writes the events as NDJSON, one event JSON (docs/http-contract.md) a line, in log order (or stream order),
 * page by page, waiting for the output to drain, so memory stays one page whatever the log's size.
 * Stops at the end of the log as it was when each page was read. Returns how many were written.
 */
export async function exportEvents(store: EventStore, options: ExportOptions, out: Writable): Promise<number> {
  let written = 0;
  for await (const page of options.streamId
    ? streamPages(store, options.streamId, options.from ?? 1)
    : logPages(store, options.from ?? 0)) {
    for (const event of page) {
      written++;
      if (!out.write(`${JSON.stringify(toEventJson(event))}\n`)) await once(out, 'drain');
    }
  }
  return written;
}

async function* logPages(store: EventStore, from: number): AsyncGenerator<RecordedEvent[]> {
  for (let position = from; ;) {
    const page = await store.readPage({ fromPosition: position, limit: PAGE });
    yield page.events;
    if (page.events.length < PAGE) return;
    position = page.nextPosition;
  }
}

async function* streamPages(store: EventStore, streamId: string, fromVersion: number): AsyncGenerator<RecordedEvent[]> {
  for (let version = fromVersion; ;) {
    const events = await store.readStream(streamId, { fromVersion: version, maxCount: PAGE });
    yield events;
    if (events.length < PAGE) return;
    version = events[events.length - 1]!.version + 1;
  }
}

export async function runExport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { stream: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const from = values.from === undefined ? undefined : Number(values.from);
  if (from !== undefined && (!Number.isSafeInteger(from) || from < 0)) {
    console.error('--from must be a whole number: a position for the log, a version for a stream');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const store = await openEventStore(config.eventStore, database);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  try {
    const count = await exportEvents(store, { streamId: values.stream, from }, out);
    if (values.out) {
      out.end();
      await once(out, 'finish');
    }
    // stdout carries the events, so the summary goes to stderr.
    console.error(`Exported ${count} event${count === 1 ? '' : 's'}${values.out ? ` to ${values.out}` : ''}.`);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') {
      console.error('This database has no log yet: start the ledger, or run `migrate`, first.');
      return 2;
    }
    throw error;
  } finally {
    await store.close();
    await database.close();
  }
}

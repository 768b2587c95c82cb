import { Controller, Get, Inject, Logger, Query, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '@ledger/auth';
import { LogTail } from '@ledger/consumers';
import { toEventJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { ProblemException } from '@ledger/platform';
import { EVENT_STORE } from '@ledger/core';
import { invalid } from '../http/params';
import { parsePosition, POSITION_RULE } from '../http/query';
import { FeedQuery } from './feed.dto';
import { Operation, problem } from '../http/openapi';

const HEARTBEAT_MS = 15_000;
/** A client that has not taken its data for this long is dropped; it resumes with Last-Event-ID. */
const DRAIN_TIMEOUT_MS = 30_000;
/** Events read ahead for one client; with the socket's buffer, all one client can cost in memory. */
const READ_AHEAD = 100;
/** Pages kept encoded; a hundred followers at the head share the last few. */
const PAGES_KEPT = 32;

const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/**
 * What an event is sent as, kept while the event is held (by the log's tail, by a client's
 * page): every connection live at the head is sent the same events, serialized once.
 */
const frames = new WeakMap<RecordedEvent, string>();

/**
 * The event feed as Server-Sent Events (docs/http-contract.md, Subscriptions): catch-up from `fromPosition` or
 * `Last-Event-ID`, then live, in global order. Each client pulls: the next page is taken only
 * when the previous one has been written to its socket, so a slow client cannot grow the
 * server's memory; one that stops reading is dropped with a reason and resumes where it was.
 * Near the head, pages come from the process's one reader of the log's tail (LogTail), shared
 * with every other connection and consumer, so clients add no reads of the log; a client behind
 * it reads its own pages.
 */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/feed')
export class FeedController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Feed');
  private readonly open = new Set<AbortController>();
  /** Pages lately sent, by filter and first and last event: clients at the head are sent the same pages. */
  private readonly pages = new Map<string, Buffer>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  get openStreams(): number {
    return this.open.size;
  }

  @Operation({ zh: '事件订阅（SSE）', en: 'Matching events as server-sent events, catch-up then live' }, problem(406, 'NOT_ACCEPTABLE'))
  @Get()
  @Roles('subscriber', 'auditor', 'officer')
  @ApiProduces('text/event-stream')
  async feed(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: FeedQuery): Promise<void> {
    const { types } = query;
    const from = resumeFrom(request.headers['last-event-id']) ?? query.fromPosition ?? 0;
    if (!acceptsEventStream(request.headers.accept)) {
      throw new ProblemException(406, 'NOT_ACCEPTABLE', 'The feed is served as text/event-stream.');
    }

    // The stream is written to the socket as it goes, so Fastify is told to leave the response
    // alone; the headers the hooks set (security, request ids) go out with the stream's own.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...STREAM_HEADERS });
    // HEAD is served by the GET route: the same checks and headers, but a HEAD has no body to
    // stream into, and a subscription opened for it would never end.
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    response.write('retry: 2000\n\n');
    const abort = new AbortController();
    this.open.add(abort);
    response.on('close', () => abort.abort());
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let last = from;
    try {
      const pages = LogTail.of(this.store).follow({
        fromPosition: from,
        types,
        batchSize: READ_AHEAD,
        signal: abort.signal,
      });
      // A page in one write: at the head every connection is sent each page, and a write is a system call.
      for await (const events of pages) {
        const written = response.write(this.pageBytes(types, events));
        last = events[events.length - 1]!.position;
        if (!written && !(await drained(response, abort.signal))) {
          this.logger.warn({ msg: 'slow feed client dropped', at: last });
          response.write(
            `event: dropped\ndata: ${JSON.stringify({ reason: 'the client did not read its events in time', lastEventId: last })}\n\n`,
          );
          break;
        }
      }
    } catch (error) {
      this.logger.error({ msg: 'feed failed', at: last, error: error instanceof Error ? error.message : String(error) });
    } finally {
      clearInterval(heartbeat);
      this.open.delete(abort);
      response.end();
    }
  }

  /**
   * A page as bytes, encoded once for every connection sent it: live, a hundred clients are sent
   * the same page, and encoding it for each was most of what a client cost the server. Kept per
   * application, since positions name events of its own log only.
   */
  private pageBytes(types: readonly string[] | undefined, events: readonly RecordedEvent[]): Buffer {
    // Under one filter, the events between two positions are always the same ones.
    const key = `${types?.join(',') ?? ''}|${events[0]!.position}|${events[events.length - 1]!.position}`;
    let bytes = this.pages.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(events.map(frameOf).join(''));
      this.pages.set(key, bytes);
      if (this.pages.size > PAGES_KEPT) this.pages.delete(this.pages.keys().next().value as string);
    }
    return bytes;
  }

  /** Before the server closes, end every stream: clients reconnect (after `retry`) and resume with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    for (const abort of this.open) abort.abort();
  }
}

function frameOf(event: RecordedEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(toEventJson(event))}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/** Last-Event-ID is the `id` of an event the client saw: a position, like `fromPosition`. */
function resumeFrom(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const position = typeof header === 'string' ? parsePosition(header) : undefined;
  if (position === undefined) throw invalid('Last-Event-ID', `must be ${POSITION_RULE}`);
  return position;
}

function drained(response: ServerResponse, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      response.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), DRAIN_TIMEOUT_MS);
    response.on('drain', onDrain);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Whether the Accept header admits text/event-stream (RFC 9110 §12.5.1): no header, or a range
 * that matches it (`text/event-stream`, `text/*`, `*\/*`) with a weight above zero.
 */
function acceptsEventStream(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const weight = parameters.find((p) => p.startsWith('q='));
    if (weight !== undefined && !(Number(weight.slice(2)) > 0)) return false;
    return type === 'text/event-stream' || type === 'text/*' || type === '*/*';
  });
}

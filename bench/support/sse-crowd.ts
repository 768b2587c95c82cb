import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TimedSseReader } from './sse';

/** What the crowd's thread is asked, and answers. */
type Ask = { readonly kind: 'wait'; readonly position: number; readonly timeoutMs: number } | { readonly kind: 'close' };
type Answer =
  | { readonly kind: 'connected' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'arrivals'; readonly arrivals: Array<Array<[number, number]>> };

interface CrowdData {
  readonly url: string;
  readonly token: string;
  readonly clients: number;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads. */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Many feed clients on a thread of their own, so that what the bench measures of the server (the
 * appends it makes while they are connected, its event loop) does not include parsing their
 * streams. Arrivals are stamped with `now()`, comparable with the main thread's.
 */
export class SseCrowd {
  private constructor(private readonly worker: Worker) {}

  static async connect(url: string, token: string, clients: number): Promise<SseCrowd> {
    const worker = new Worker(__filename, { workerData: { url, token, clients } satisfies CrowdData });
    const answer = await next(worker);
    if (answer.kind !== 'connected') {
      await worker.terminate();
      throw new Error(answer.kind === 'failed' ? answer.message : 'the SSE crowd did not connect');
    }
    return new SseCrowd(worker);
  }

  /** Each client's arrivals (position → `now()`), once every client has `position` or `timeoutMs` has passed. */
  async arrivals(position: number, timeoutMs: number): Promise<Array<Map<number, number>>> {
    this.worker.postMessage({ kind: 'wait', position, timeoutMs } satisfies Ask);
    const answer = await next(this.worker);
    if (answer.kind !== 'arrivals') throw new Error('the SSE crowd answered out of turn');
    return answer.arrivals.map((entries) => new Map(entries));
  }

  async close(): Promise<void> {
    this.worker.postMessage({ kind: 'close' } satisfies Ask);
    await this.worker.terminate();
  }
}

function next(worker: Worker): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    const onMessage = (answer: Answer) => {
      worker.off('error', onError);
      resolve(answer);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

async function crowd({ url, token, clients }: CrowdData): Promise<void> {
  const port = parentPort!;
  let readers: TimedSseReader[];
  try {
    readers = await Promise.all(Array.from({ length: clients }, () => TimedSseReader.connect(url, token, now)));
  } catch (error) {
    port.postMessage({ kind: 'failed', message: String(error) } satisfies Answer);
    return;
  }
  port.postMessage({ kind: 'connected' } satisfies Answer);
  port.on('message', (ask: Ask) => {
    if (ask.kind === 'close') {
      for (const reader of readers) reader.disconnect();
      port.close();
      return;
    }
    void Promise.all(readers.map((r) => r.waitFor(ask.position, ask.timeoutMs))).then(() =>
      port.postMessage({ kind: 'arrivals', arrivals: readers.map((r) => [...r.arrivals]) } satisfies Answer),
    );
  });
}

if (!isMainThread && (workerData as CrowdData | undefined)?.clients) void crowd(workerData as CrowdData);

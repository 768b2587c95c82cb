import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** An SSE reader that notes when each message arrived (the test's SseClient does not). */
export class TimedSseReader {
  /** Position (the message id) → arrival, by the clock it was connected with (performance.now() unless told). */
  readonly arrivals = new Map<number, number>();
  private buffer = '';
  private waiters: Array<() => void> = [];

  private constructor(private readonly abort: () => void) {}

  static connect(url: string, token: string, clock: () => number = () => performance.now()): Promise<TimedSseReader> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`feed answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => reader.feed(chunk, clock()));
        response.on('error', () => undefined);
        resolve(reader);
      });
      const reader = new TimedSseReader(() => req.destroy());
      req.on('error', reject);
      req.end();
    });
  }

  private feed(chunk: string, at: number): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      if (id !== undefined) this.arrivals.set(Number(id), at);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `position` has arrived, or after `timeoutMs`. */
  async waitFor(position: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.arrivals.has(position) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  disconnect(): void {
    this.abort();
  }
}

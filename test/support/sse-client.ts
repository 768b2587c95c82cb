import { request, type IncomingMessage } from 'node:http';

export interface SseMessage {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

/**
 * A minimal real SSE client (the browser's EventSource cannot send Authorization): it connects,
 * parses messages as they arrive and lets the test read them in order.
 */
export class SseClient {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private waiters: Array<() => void> = [];
  private response: IncomingMessage | null = null;
  ended = false;

  private constructor(private readonly close: () => void) {}

  static connect(url: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
        client.response = response;
        if (response.statusCode !== 200) {
          reject(new Error(`feed answered ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.feed(chunk));
        response.on('end', () => client.finish());
        response.on('error', () => client.finish());
        resolve(client);
      });
      const client = new SseClient(() => req.destroy());
      req.on('error', (error) => (client.response ? client.finish() : reject(error)));
      req.end();
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) this.messages.push({ id, event, data: data.join('\n') });
    }
    this.wake();
  }

  private finish(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits until `count` messages have arrived (or the stream ended, or the timeout passed). */
  async take(count: number, timeoutMs = 10_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count && !this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.messages.splice(0, count);
  }

  waitForEnd(timeoutMs = 10_000): Promise<void> {
    return this.ended
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          this.waiters.push(() => this.ended && (clearTimeout(timer), resolve()));
        });
  }

  disconnect(): void {
    this.close();
  }
}

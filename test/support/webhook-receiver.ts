import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  /** The raw body exactly as it arrived, which is what the signature covers. */
  readonly body: string;
  /** What the receiver answered. */
  readonly status: number;
}

/**
 * A real HTTP receiver on a loopback port, recording every request. `respond` decides each
 * answer from the request's ordinal (1-based), so a test can fail for a while, then recover.
 */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  respond: (ordinal: number) => number = () => 200;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = receiver.respond(receiver.deliveries.length + 1);
        receiver.deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/ledger-events`);
    return receiver;
  }

  /** Positions of the deliveries answered with a 2xx, in arrival order. */
  acceptedPositions(): number[] {
    return this.deliveries.filter((d) => d.status >= 200 && d.status < 300).map((d) => Number(d.headers['x-ledger-position']));
  }

  async waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; received ${JSON.stringify(this.deliveries.map((d) => [d.headers['x-ledger-position'], d.status]))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The check a receiver makes: HMAC-SHA256 of the raw body with the shared secret, compared in constant time. */
export function hasValidSignature(delivery: ReceivedDelivery, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`);
  const given = Buffer.from(String(delivery.headers['x-ledger-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

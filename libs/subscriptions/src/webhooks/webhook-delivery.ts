import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { toEventJson, type RecordedEvent } from '@ledger/event-store';
import { guardedLookup, hostOf, isInternalAddress } from './outbound-url';

/** `sha256=<hex>` of the exact bytes sent, as GitHub and Stripe sign theirs, so receivers know the scheme. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface DeliveryTarget {
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
}

export interface DeliveryOptions {
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly signal: AbortSignal;
}

export type DeliveryOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * POSTs one event. Only a 2xx counts as delivered; redirects are not followed (a receiver that
 * moves must be registered again, and following them would let a public URL bounce the ledger
 * into a private network). The timeout covers the whole exchange, not just connecting.
 */
export async function deliver(target: DeliveryTarget, event: RecordedEvent, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const url = new URL(target.url);
  if (!options.allowPrivate && isInternalAddress(hostOf(url))) {
    return { ok: false, error: 'the URL points at an internal address' };
  }
  const body = JSON.stringify(toEventJson(event));
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DeliveryOutcome>((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        signal,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'call-centre-ledger-webhooks/1',
          'X-Ledger-Event-Id': event.eventId,
          'X-Ledger-Position': String(event.position),
          'X-Ledger-Webhook-Id': target.webhookId,
          'X-Ledger-Signature': signatureOf(body, target.secret),
        },
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        // The body is not needed, but it must be read for the socket to be reused.
        response.resume();
        response.on('end', () =>
          resolve(
            status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status} ${response.statusMessage ?? ''}`.trim() },
          ),
        );
        response.on('error', (error) => resolve({ ok: false, error: describe(error, signal) }));
      },
    );
    request.on('error', (error) => resolve({ ok: false, error: describe(error, signal) }));
    request.end(body);
  });
}

function describe(error: Error, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') return 'timed out';
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

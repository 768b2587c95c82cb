import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProblemException } from '@ledger/platform';
import type { LedgerRuntime } from '@ledger/runtime';

/**
 * A worker serves no API, but orchestrators still need to know it lives and is ready, and
 * Prometheus needs the leader's figures: GET /health/live, /health/ready and /metrics, the same
 * answers the API gives on those paths, on a plain HTTP server so the worker carries no web
 * framework. /health/ready adds whether this worker leads or stands by.
 */
export async function serveProbes(runtime: LedgerRuntime, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    answer(runtime, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, 'application/problem+json', problem(500, 'INTERNAL', error instanceof Error ? error.message : String(error)));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function answer(runtime: LedgerRuntime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://worker').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'application/problem+json', problem(405, 'METHOD_NOT_ALLOWED', 'A worker only answers GET.'));
  }
  switch (path) {
    case '/health/live':
      return send(response, 200, 'application/json', JSON.stringify({ status: 'ok' }));
    case '/health/ready': {
      const { ready, checks, lag } = await runtime.readiness();
      const lease = runtime.isLeading() ? 'leading' : 'standing by';
      const details = { checks, lease, ...(lag ? { lag } : {}) };
      if (!ready) return send(response, 503, 'application/problem+json', problem(503, 'NOT_READY', 'The worker is not ready.', details));
      return send(response, 200, 'application/json', JSON.stringify({ status: 'ok', ...details }));
    }
    case '/metrics':
      return send(response, 200, runtime.metrics.registry.contentType, await runtime.metrics.registry.metrics());
    default:
      return send(
        response,
        404,
        'application/problem+json',
        problem(404, 'NOT_FOUND', 'A worker answers /health/live, /health/ready and /metrics.'),
      );
  }
}

function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(new ProblemException(status, code, detail, extra).body);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

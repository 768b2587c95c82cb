import { inspect } from 'node:util';
import { Logger, type LoggerService } from '@nestjs/common';
import { startTestLedger, TEST_SECRET, USCC_A, type TestLedger } from '../support/test-ledger';
import { WebhookReceiver } from '../support/webhook-receiver';

const CONSOLE_ORIGIN = 'https://console.example';

describe('security headers, CORS and logs', () => {
  let ledger: TestLedger;
  let base: string;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('security_headers', {
      LEDGER_CORS_ORIGINS: `${CONSOLE_ORIGIN}, https://other-console.example`,
      LEDGER_WEBHOOK_RESCAN_MS: '20',
      LEDGER_WEBHOOK_BACKOFF_MS: '10',
    });
    base = await ledger.listen();
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

  describe('on every response', () => {
    const responses: ReadonlyArray<readonly [string, () => Promise<Response>, number]> = [
      ['a public read', () => get('/health/live'), 200],
      ['a granted read', () => get('/v1/projections', { Authorization: officer }), 200],
      [
        'a command',
        () => post('/v1/enterprises', JSON.stringify({ uscc: USCC_A, name: '杭州某某', province: '330000' }), { Authorization: officer }),
        201,
      ],
      ['no token', () => get('/v1/projections'), 401],
      ['a refused role', () => get('/v1/projections', { Authorization: `Bearer ${ledger.token('carrier', { org: 'CT' })}` }), 403],
      ['an unknown route', () => get('/v1/nowhere'), 404],
      ['invalid input', () => post('/v1/enterprises', '{}', { Authorization: officer }), 400],
      ['malformed JSON', () => post('/v1/enterprises', '{"uscc":', { Authorization: officer }), 400],
      [
        'a body over the limit',
        () => post('/v1/enterprises', JSON.stringify({ name: 'x'.repeat(300 * 1024) }), { Authorization: officer }),
        413,
      ],
      [
        'a wrong content type',
        () => post('/v1/enterprises', 'uscc=1', { Authorization: officer, 'Content-Type': 'application/x-www-form-urlencoded' }),
        415,
      ],
      ['the OpenAPI document', () => get('/docs-json'), 200],
    ];

    it.each(responses)('%s', async (_, send, status) => {
      const response = await send();
      await response.arrayBuffer();
      expect(response.status).toBe(status);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  it('relaxes the policy on /docs just enough for Swagger UI to render', async () => {
    const response = await get('/docs');
    const html = await response.text();
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(response.headers.get('x-frame-options')).toBe('DENY');

    // script-src 'self' holds only if the page runs no inline script and loads its own from here.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter(([, code]) => code?.trim());
    expect(inline).toEqual([]);
    const assets = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map(
      ([, href]) => new URL(href as string, `${base}/docs`),
    );
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.origin).toBe(new URL(base).origin);
      const loaded = await fetch(asset);
      await loaded.arrayBuffer();
      expect(`${asset.pathname} ${loaded.status}`).toBe(`${asset.pathname} 200`);
    }
  });

  describe('CORS', () => {
    it('allows a listed origin to read answers, without credentials', async () => {
      const response = await get('/health/live', { Origin: CONSOLE_ORIGIN });
      expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
      expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toContain('Origin');
    });

    it('answers a listed origin’s preflight for the headers docs/http-contract.md defines', async () => {
      const response = await fetch(`${base}/v1/enterprises`, {
        method: 'OPTIONS',
        headers: {
          Origin: CONSOLE_ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      for (const header of ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match']) {
        expect(response.headers.get('access-control-allow-headers')).toContain(header);
      }
    });

    it.each(['https://evil.example', 'null', `${CONSOLE_ORIGIN}.evil.example`, 'http://console.example'])(
      'stays closed to %s',
      async (origin) => {
        const read = await get('/health/live', { Origin: origin });
        expect(read.headers.get('access-control-allow-origin')).toBeNull();
        const preflight = await fetch(`${base}/v1/enterprises`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
        });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
        expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
      },
    );
  });

  it('never logs a token, the JWT secret or a webhook secret', async () => {
    const lines: string[] = [];
    const record = (...parts: unknown[]) =>
      void lines.push(parts.map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 10 }))).join(' '));
    const capture: LoggerService = { log: record, error: record, warn: record, debug: record, verbose: record, fatal: record };
    const consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      jest.spyOn(console, name).mockImplementation(record),
    );
    Logger.overrideLogger(capture);
    const receiver = await WebhookReceiver.start();
    receiver.respond = () => 500;
    const webhookSecret = 'whsec-never-in-the-logs-0123456789';
    const subscriber = `Bearer ${ledger.token('subscriber', { sub: 'downstream-1' })}`;
    try {
      const registered = await post(
        '/v1/webhooks',
        JSON.stringify({ url: receiver.url, types: ['EnterpriseRegistered'], secret: webhookSecret }),
        { Authorization: subscriber },
      );
      expect(registered.status).toBe(201);
      // A refused registration that carries the secret, and a failing read that logs its request.
      await post('/v1/webhooks', JSON.stringify({ url: 'ftp://x', types: ['EnterpriseRegistered'], secret: webhookSecret }), {
        Authorization: subscriber,
      });
      const failure = jest.spyOn(ledger.runtime.store, 'headPosition').mockRejectedValueOnce(new Error('database went away'));
      expect((await get('/v1/projections', { Authorization: officer })).status).toBe(500);
      failure.mockRestore();
      await post('/v1/enterprises', JSON.stringify({ uscc: '914403001922038216', name: '深圳某某', province: '440000' }), {
        Authorization: officer,
      });
      await receiver.waitFor('two failed deliveries', () => receiver.deliveries.length >= 2);
    } finally {
      Logger.overrideLogger(false);
      for (const spy of consoles) spy.mockRestore();
      await receiver.close();
    }
    const logged = lines.join('\n');
    expect(logged).toContain('webhook delivery failed');
    expect(logged).toContain('request failed');
    for (const secret of [officer.slice('Bearer '.length), subscriber.slice('Bearer '.length), TEST_SECRET, webhookSecret]) {
      expect(logged).not.toContain(secret);
    }
  });
});

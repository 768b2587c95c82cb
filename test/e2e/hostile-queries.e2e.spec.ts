import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { mintToken, signToken } from '@ledger/auth';
import { httpSender, seedLedger, settle, type CommandSender } from '../../apps/ledger-cli/src/seed';
import { FeedController } from '@ledger/http/feed/feed.controller';
import { handlersOf, routesOf } from '../support/routes';
import { startTestLedger, TEST_SECRET, type TestLedger } from '../support/test-ledger';

/**
 * Every GET the server answers, asked with parameters built from values it would accept and from
 * garbage: never a 5xx (except 503 PROJECTION_BEHIND for a position the log has not reached),
 * never a hang, and every refusal a problem document. Routes and their parameters come from the
 * app itself (Fastify's routes and the OpenAPI document the server serves), so a new route or
 * parameter is fuzzed without anyone listing it here.
 */
const RUNS = 150;
const REQUEST_TIMEOUT_MS = 10_000;

/** GET routes outside the OpenAPI document: the document itself and the console's static files. */
const UNDOCUMENTED = [
  '/docs',
  '/docs/',
  '/docs/index.html',
  '/docs/LICENSE',
  // Swagger UI's own files, which Fastify serves under one wildcard route (@fastify/static).
  '/docs/*',
  '/docs/swagger-ui-init.js',
  '/docs/docs/swagger-ui-init.js',
  '/docs-json',
  '/docs-yaml',
  '/console',
  '/console/config.json',
  '/console/assets/:file',
];

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema?: { type?: string; enum?: string[]; format?: string; minimum?: number; maximum?: number; default?: unknown };
}

const SQL = [
  "' OR '1'='1",
  '1; DROP TABLE ledger.events; --',
  "x' AND pg_sleep(5) IS NULL --",
  '$$; TRUNCATE ledger.events; $$',
  "1' UNION SELECT secret FROM webhooks --",
];
const CONTROL = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u2028', '\ufeff'];
/** Moments at and just past the ends of the range, where PostgreSQL or China time break. */
const EDGE_MOMENTS = [
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '1899-12-31T23:59:59Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T16:00:00Z',
  '9999-12-30T23:59:59-08:00',
  '9999-12-31',
];
const MOMENTS = [
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31',
  '9999-12-30T23:59:59Z',
  '9999-12-30',
  '1900-01-01',
  '1899-12-31T23:59:59Z',
  '1900-01-01T00:00:00Z',
  '2021-02-30',
  '2021-13-01',
  '2021-01-01T24:00:00Z',
  '2021-01-01T23:59:60Z',
  '2021-01-01T00:00:00+24:00',
  '2021-01-01T00:00:00.1234567Z',
  '2024-06-01T12:00:00+08:00',
  '2024-06-01',
  'now',
  '1e309',
  '2024-06-01T12:00:00',
];
const NUMBERS = [
  '-1',
  '-0',
  '0',
  '1',
  '0x10',
  '1e3',
  '1.5',
  ' 1',
  '1 ',
  '+1',
  '2147483647',
  '2147483648',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '１２',
];
const LISTS = [
  ',',
  ',,,',
  ' , ',
  'CaseOpened,',
  ',CaseOpened',
  'CaseOpened,,LicenceGranted',
  'CaseOpened, LicenceGranted',
  'a'.repeat(101),
  Array.from({ length: 101 }, (_, i) => `T${i}`).join(','),
];
const ODD = [
  '',
  ' ',
  '%',
  '%00',
  '%zz',
  '+',
  '..',
  '../../etc/passwd',
  'null',
  'undefined',
  '[]',
  '{}',
  'true',
  '😀'.repeat(50),
  'x'.repeat(10_000),
  '\ud800',
  'ＵＳＣＣ',
];

/** Text that is wrong for nearly every parameter: extreme moments and numbers, broken lists, controls, forged cursors. */
const FORGED_CURSORS = [
  'a\u0000',
  ['1900-01-01', 'x'],
  ['not-a-day', 'x'],
  ['0000-01-01', 'x'],
  [null, null],
  Number.MAX_SAFE_INTEGER + 1,
  -1,
  '0000-01-01',
].map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));

/** Text with a control character in it; NUL most often, the one PostgreSQL cannot store. */
const withControl = fc
  .tuple(fc.string({ maxLength: 12 }), fc.oneof(fc.constant('\u0000'), fc.constantFrom(...CONTROL)), fc.string({ maxLength: 12 }))
  .map(([a, c, b]) => a + c + b);

const garbage = fc.oneof(
  fc.constantFrom(...SQL, ...MOMENTS, ...NUMBERS, ...LISTS, ...ODD),
  withControl,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
  fc.constantFrom(...FORGED_CURSORS),
);

interface Caller {
  readonly who: string;
  readonly authorization?: string;
}

interface Probe {
  readonly method: 'GET' | 'HEAD';
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly rawTail: string;
  readonly caller: Caller;
  readonly accept: string;
}

/** Query text no encoder writes: bad percent escapes, empty names, invalid UTF-8. */
const RAW_TAILS = ['', '', '', '&%', '&x=%zz', '&limit=%E0%A4%A', '&asOf=%00', '&&&', '&=', '&types=%2C%2C', '&q=%ED%A0%80'];

const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** encodeURIComponent, except that a lone surrogate goes out as the bytes of its code point (invalid UTF-8). */
function encode(value: string): string {
  return [...value]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0xd800 || code > 0xdfff) return encodeURIComponent(c);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');
}

describe('hostile query parameters on every GET route', () => {
  let ledger: TestLedger;
  let base: string;
  let document: { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };
  let gets: string[];
  const pools: Record<string, string[]> = {};
  let callers: Caller[];
  /** Callers every route lets through, so that most probes reach the parameters. */
  let insiders: Caller[];

  beforeAll(async () => {
    // A short minPosition wait, so that the many positions past the head are answered soon; a
    // command refused by it (the read models it checks were behind) wrote nothing and is sent again.
    ledger = await startTestLedger('hostile_queries', { LEDGER_RATE_LIMIT_PER_MINUTE: '0', LEDGER_MIN_POSITION_TIMEOUT_MS: '250' });
    base = await ledger.listen();
    const send = httpSender(base, TEST_SECRET);
    const patient: CommandSender = async (path, body, as) => {
      for (;;) {
        const answer = await send(path, body, as);
        if (answer.body.code !== 'PROJECTION_BEHIND') return answer;
      }
    };
    await seedLedger(patient, { enterprises: 7, seed: 'hostile-queries' });
    await settle(ledger.runtime);
    const subscriber = ledger.token('subscriber');
    const webhook = await ledger
      .http()
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${subscriber}`)
      .send({ url: 'http://127.0.0.1:9/hook', types: ['CaseOpened'], secret: 'a-shared-secret-0123456789' });
    expect(webhook.status).toBe(201);

    const events = await ledger.runtime.store.readAll({ limit: 100_000 });
    const data = (type: string, field: string) => [
      ...new Set(events.filter((e) => e.type === type).map((e) => String((e.data as Record<string, unknown>)[field]))),
    ];
    pools.uscc = data('EnterpriseRegistered', 'uscc');
    pools.no = data('LicenceGranted', 'licenceNumber');
    pools.id = [
      ...data('CaseOpened', 'caseId'),
      ...data('AccessContractSigned', 'contractId'),
      ...data('LicenceApplicationSubmitted', 'applicationId'),
      ...data('NumberAllocated', 'numberId'),
      ...data('InspectionDrawConducted', 'drawId'),
      webhook.body.webhookId,
    ];
    pools.streamId = [...new Set(events.map((e) => e.streamId))];
    pools.position = events.map((e) => String(e.position));
    pools.file = ['app.js', 'console.css', 'icon.svg', 'index.html'];
    pools.types = [...new Set(events.map((e) => e.type))];
    const head = events[events.length - 1]!.position;
    pools.count = ['1', '2', String(head), String(Math.max(1, head - 3))];
    pools.cursor = await cursors();

    const officer = { who: 'officer', authorization: `Bearer ${ledger.token('officer')}` };
    const everyRole = {
      who: 'every unscoped role',
      authorization: `Bearer ${mintToken({ sub: 'all', roles: ['officer', 'auditor', 'subscriber', 'admin'] }, TEST_SECRET)}`,
    };
    insiders = [officer, everyRole];
    callers = [
      ...insiders,
      { who: 'auditor', authorization: `Bearer ${ledger.token('auditor')}` },
      { who: 'carrier CT', authorization: `Bearer ${ledger.token('carrier', { org: 'CT' })}` },
      { who: 'operator', authorization: `Bearer ${ledger.token('operator', { org: pools.uscc[0] })}` },
      { who: 'subscriber', authorization: `Bearer ${subscriber}` },
      { who: 'admin', authorization: `Bearer ${ledger.token('admin')}` },
      {
        who: 'officer with org null',
        authorization: `Bearer ${signToken({ sub: 'desk', roles: ['officer'], org: null }, TEST_SECRET, { expiresInSeconds: 3600 })}`,
      },
      { who: 'nobody' },
    ];
    document = (await ledger.http().get('/docs-json')).body;
    gets = routesOf(ledger.app)
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
  }, 240_000);
  afterAll(() => ledger?.close());

  /** Cursors the server itself issued, from first pages of one item. */
  async function cursors(): Promise<string[]> {
    const officer = `Bearer ${ledger.token('officer')}`;
    const lists = [
      '/v1/enterprises',
      '/v1/licences',
      '/v1/numbers',
      '/v1/access-contracts',
      '/v1/credit-list',
      `/v1/enterprises/${pools.uscc![0]}/history`,
      `/v1/enterprises/${pools.uscc![0]}/enforcement`,
    ];
    const issued: string[] = [];
    for (const path of lists) {
      const response = await ledger.http().get(`${path}?limit=1`).set('Authorization', officer);
      if (typeof response.body.nextCursor === 'string') issued.push(response.body.nextCursor);
    }
    return issued;
  }

  const parametersOf = (path: string): OpenApiParameter[] => document.paths[toOpenApi(path)]?.get?.parameters ?? [];

  /** Values a parameter would accept: the server's own ids and codes, and what its schema allows. */
  function accepted(parameter: OpenApiParameter): fc.Arbitrary<string> {
    const { name, schema = {} } = parameter;
    // Empty is what a form sends for "any": the parameter is then not given.
    const choices: string[] = [...(parameter.in === 'query' ? [''] : []), ...(pools[name] ?? [])];
    if (schema.enum) choices.push(...schema.enum);
    if (name === 'types') choices.push(pools.types!.slice(0, 3).join(','));
    if (['asOf', 'validAt', 'from', 'to'].includes(name) || schema.format === 'date-time' || schema.format === 'date') {
      choices.push(
        '2024-06-01',
        '2020-01-01T00:00:00Z',
        '2024-06-01T12:00:00+08:00',
        '1900-01-01',
        '9999-12-30',
        '9999-12-30T23:59:59Z',
        new Date().toISOString(),
      );
    }
    if (schema.type === 'integer' || schema.type === 'number') {
      const min = schema.minimum ?? 0;
      const max = Math.min(schema.maximum ?? 1_000, 1_000_000);
      choices.push(String(min), String(max), ...(pools.count ?? []));
    }
    if (name === 'q') choices.push('9', '省', 'B', 'x');
    if (choices.length === 0) choices.push('x');
    return fc.constantFrom(...choices);
  }

  /** Garbage of the parameter's own kind: where a value that passes a loose check breaks a query. */
  function nearMiss(parameter: OpenApiParameter): fc.Arbitrary<string> {
    const { name, schema = {} } = parameter;
    if (['asOf', 'validAt', 'from', 'to'].includes(name) && schema.type !== 'integer')
      return fc.oneof(fc.constantFrom(...EDGE_MOMENTS), fc.constantFrom(...MOMENTS));
    if (schema.type === 'integer') return fc.constantFrom(...NUMBERS);
    if (name === 'types') return fc.constantFrom(...LISTS);
    if (name === 'cursor') return fc.constantFrom(...FORGED_CURSORS);
    return fc.oneof(withControl, garbage);
  }

  function probes(path: string): fc.Arbitrary<Probe> {
    const parameters = parametersOf(path);
    const inPath = [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name: name!,
      in: 'path' as const,
      ...(parameters.find((p) => p.name === name) ?? {}),
    }));
    const inQuery = parameters.filter((p) => p.in === 'query');
    const value = (parameter: OpenApiParameter) =>
      fc.oneof(
        { weight: 2, arbitrary: accepted(parameter) },
        { weight: 2, arbitrary: nearMiss(parameter) },
        { weight: 1, arbitrary: garbage },
      );
    // Mostly things that exist, or the query never gets past its 404 to the parameters.
    const pathValues = fc.tuple(...inPath.map((p) => fc.oneof({ weight: 4, arbitrary: accepted(p) }, { weight: 1, arbitrary: garbage })));
    const queryEntries = fc.subarray(inQuery).chain((chosen) =>
      fc
        .tuple(
          fc.tuple(...chosen.map((p) => fc.tuple(fc.constant(p.name), value(p)))),
          // The same name twice, and names no route takes.
          fc.array(fc.tuple(fc.constantFrom(...(inQuery.length > 0 ? inQuery.map((p) => p.name) : ['limit'])), garbage), { maxLength: 1 }),
          fc.array(fc.tuple(fc.constantFrom('x', '__proto__', 'constructor', 'q[]', 'asOf[0]', 'types[a]'), garbage), { maxLength: 1 }),
        )
        .map(([own, repeated, unknown]) => [...own, ...repeated, ...unknown] as Array<readonly [string, string]>),
    );
    return fc.record({
      method: fc.constantFrom<'GET' | 'HEAD'>('GET', 'GET', 'GET', 'HEAD'),
      path: pathValues.map((values) => {
        let i = 0;
        return path.replace(/:(\w+)/g, () => encode(values[i++] as string));
      }),
      query: queryEntries,
      rawTail: fc.constantFrom(...RAW_TAILS),
      caller: fc.oneof(fc.constantFrom(...insiders), fc.constantFrom(...callers)),
      accept: fc.constantFrom('application/json', 'text/event-stream', '*/*'),
    });
  }

  async function ask(probe: Probe): Promise<{ status: number; type: string | null; body: string }> {
    const query = probe.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&') + probe.rawTail;
    const headers: Record<string, string> = { Accept: probe.accept };
    if (probe.caller.authorization) headers.Authorization = probe.caller.authorization;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(`${base}${probe.path}${query ? `?${query}` : ''}`, {
        method: probe.method,
        headers,
        signal: abort.signal,
      });
      const type = response.headers.get('content-type');
      // A feed that opened streams forever: its status is all there is to judge.
      if (type?.startsWith('text/event-stream')) {
        abort.abort();
        return { status: response.status, type, body: '' };
      }
      return { status: response.status, type, body: await response.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  async function answersWithoutFault(probe: Probe): Promise<void> {
    const answer = await ask(probe);
    const what = `${probe.method} ${probe.path}?${JSON.stringify(probe.query)}${probe.rawTail} as ${probe.caller.who} → ${answer.status} ${answer.body.slice(0, 300)}`;
    const problem =
      answer.body && answer.type?.startsWith('application/problem+json')
        ? (JSON.parse(answer.body) as { code?: string; violations?: unknown[] })
        : null;
    const head = await ledger.runtime.store.committedHead();
    const waited = probe.query.some(([name, value]) => name === 'minPosition' && /^\d+$/.test(value) && Number(value) > head);
    // A HEAD answer has no body to name its code by.
    const behind = answer.status === 503 && waited && (probe.method === 'HEAD' || problem?.code === 'PROJECTION_BEHIND');
    expect({ what, fault: answer.status >= 500 && !behind }).toEqual({ what, fault: false });
    // 431: the request line is over Node's header limit (16 KB; two 10,000-character values), so
    // Node's parser answers before any code of the ledger runs, with no body to check.
    if (answer.status >= 400 && answer.status !== 431 && probe.method === 'GET') {
      expect({ what, type: answer.type }).toEqual({ what, type: expect.stringMatching(/^application\/problem\+json/) });
      if (answer.status === 400)
        expect({ what, named: Array.isArray(problem?.violations) && problem!.violations.length > 0 }).toEqual({ what, named: true });
    }
  }

  it('covers every GET route the server answers', () => {
    const documented = gets.filter((path) => document.paths[toOpenApi(path)]?.get);
    expect(gets.filter((path) => !documented.includes(path) && !UNDOCUMENTED.includes(path))).toEqual([]);
    expect(UNDOCUMENTED.filter((path) => !gets.includes(path))).toEqual([]);
  });

  // The parameters fuzzed are the documented ones; this holds them to be exactly what each route validates.
  it('takes every GET route’s query as one validated DTO, each of whose properties is documented', () => {
    const handlers = handlersOf(ledger.app);
    const mismatches: string[] = [];
    for (const path of gets) {
      const route = handlers.get(`GET ${path}`);
      if (!route) {
        if (!UNDOCUMENTED.includes(path)) mismatches.push(`${path}: no controller method found for it`);
        continue;
      }
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name) ?? {}) as Record<
        string,
        { index: number; data?: unknown }
      >;
      const queries = Object.entries(args)
        .filter(([key]) => Number(key.split(':')[0]) === RouteParamtypes.QUERY)
        .map(([, arg]) => arg);
      const documented = parametersOf(path)
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
      if (queries.length === 0) {
        if (documented.length > 0) mismatches.push(`${path}: documents ${documented.join(', ')} but takes no query`);
        continue;
      }
      const types = Reflect.getMetadata(
        'design:paramtypes',
        (route.controller as { prototype: object }).prototype,
        route.name,
      ) as unknown[];
      const dto = types[queries[0]!.index] as (new () => object) | undefined;
      if (queries.length > 1 || queries[0]!.data !== undefined || !dto || dto === Object) {
        mismatches.push(`${path}: takes its query as something other than one DTO class`);
        continue;
      }
      const validated = [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(dto, '', true, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
      if (validated.join() !== documented.join())
        mismatches.push(`${path}: validates ${validated.join(', ')}; documents ${documented.join(', ')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(UNDOCUMENTED)('%s ignores parameters it does not take', async (path) => {
    await fc.assert(fc.asyncProperty(probes(path), answersWithoutFault), { numRuns: 10 });
  });

  it('answers every documented GET route without a fault, whatever its parameters', async () => {
    const documented = gets.filter((path) => !UNDOCUMENTED.includes(path));
    expect(documented.length).toBeGreaterThan(20);
    // Every route is tried, so that one report names every route that faults.
    const faults: string[] = [];
    for (const path of documented) {
      const result = await fc.check(fc.asyncProperty(probes(path), answersWithoutFault), { numRuns: RUNS });
      if (result.failed)
        faults.push(`${path}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`);
    }
    expect(faults).toEqual([]);
    const feed = ledger.app.get(FeedController);
    const deadline = Date.now() + 5_000;
    while (feed.openStreams > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.openStreams).toBe(0);
  }, 600_000);
});

import { IS_PUBLIC_KEY, ROLES_KEY } from '@ledger/auth/decorators';
import { mintToken, ROLES, signToken, type Role } from '@ledger/auth';
import { handlersOf, routeKey, routesOf, type RouteHandler } from '../support/routes';
import { startTestLedger, TEST_SECRET, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Every route × every caller. The table is docs/http-contract.md's "Roles" paragraph read endpoint by endpoint;
 * where the app grants something else, DEVIATIONS says what and why, so a change on either side
 * fails here until someone decides which is right.
 */
type Access = 'public' | readonly Role[];

const COMMAND: readonly Role[] = ['officer']; // officer: all commands
const READ: readonly Role[] = ['officer', 'auditor']; // officer: all reads; auditor: all reads, time travel, integrity
const CARRIER_COMMAND: readonly Role[] = [...COMMAND, 'carrier']; // carrier: access-contract commands for its own org
const CARRIER_READ: readonly Role[] = [...READ, 'carrier']; // carrier: reads of licences, numbers and the credit list
const OPERATOR_COMMAND: readonly Role[] = [...COMMAND, 'operator']; // operator: self-inspection reports…
const OPERATOR_READ: readonly Role[] = [...READ, 'operator']; // …and reads of its own enterprise only
const FEED: readonly Role[] = [...READ, 'subscriber']; // subscriber: the event feed, SSE…
const WEBHOOKS: readonly Role[] = ['subscriber', 'admin']; // …and its own webhooks; admin: webhook administration
const REBUILD: readonly Role[] = ['admin']; // admin: projection rebuilds

const TABLE: ReadonlyArray<readonly [string, Access]> = [
  ['GET /health/live', 'public'],
  ['GET /health/ready', 'public'],
  ['GET /metrics', 'public'],
  ['POST /v1/enterprises', COMMAND],
  ['POST /v1/enterprises/:uscc/self-inspections', OPERATOR_COMMAND],
  ['POST /v1/enterprises/:uscc/annual-report-orders', COMMAND],
  ['POST /v1/enterprises/:uscc/annual-reports', COMMAND],
  ['POST /v1/enterprises/:uscc/annual-reports/:year/confirmation', COMMAND],
  ['GET /v1/enterprises', READ],
  ['GET /v1/enterprises/:uscc', OPERATOR_READ],
  ['GET /v1/enterprises/:uscc/history', OPERATOR_READ],
  ['GET /v1/enterprises/:uscc/enforcement', OPERATOR_READ],
  ['POST /v1/licence-applications', COMMAND],
  ['POST /v1/licence-applications/:id/acceptance', COMMAND],
  ['POST /v1/licence-applications/:id/site-inspections', COMMAND],
  ['POST /v1/licence-applications/:id/decision', COMMAND],
  ['GET /v1/licence-applications/:id', READ],
  ['POST /v1/licences/:no/renewals', COMMAND],
  ['POST /v1/licences/:no/variations', COMMAND],
  ['POST /v1/licences/:no/suspensions', COMMAND],
  ['POST /v1/licences/:no/reinstatements', COMMAND],
  ['POST /v1/licences/:no/revocations', COMMAND],
  ['POST /v1/licences/:no/withdrawal', COMMAND],
  ['POST /v1/licences/:no/cancellations', COMMAND],
  ['POST /v1/licences/:no/commitment-verifications', COMMAND],
  ['GET /v1/licences/:no', CARRIER_READ],
  ['GET /v1/licences', CARRIER_READ],
  ['POST /v1/numbers', COMMAND],
  ['POST /v1/numbers/:id/filings', COMMAND],
  ['POST /v1/numbers/:id/reclamations', COMMAND],
  ['GET /v1/numbers/:id', CARRIER_READ],
  ['GET /v1/numbers', CARRIER_READ],
  ['POST /v1/access-contracts', CARRIER_COMMAND],
  ['POST /v1/access-contracts/:id/suspensions', CARRIER_COMMAND],
  ['POST /v1/access-contracts/:id/resumptions', CARRIER_COMMAND],
  ['POST /v1/access-contracts/:id/terminations', CARRIER_COMMAND],
  ['GET /v1/access-contracts/:id', READ],
  ['GET /v1/access-contracts', READ],
  ['POST /v1/cases', COMMAND],
  ['POST /v1/cases/:id/circulars', COMMAND],
  ['POST /v1/cases/:id/interviews', COMMAND],
  ['POST /v1/cases/:id/exposures', COMMAND],
  ['POST /v1/cases/:id/rectification-orders', COMMAND],
  ['POST /v1/cases/:id/rectification-orders/:orderId/verification', COMMAND],
  ['POST /v1/cases/:id/penalties', COMMAND],
  ['POST /v1/cases/:id/penalties/:penaltyId/performance', COMMAND],
  ['POST /v1/cases/:id/penalties/:penaltyId/non-performance', COMMAND],
  ['POST /v1/cases/:id/penalties/:penaltyId/annulment', COMMAND],
  ['POST /v1/cases/:id/closure', COMMAND],
  ['GET /v1/cases', READ],
  ['GET /v1/cases/:id', READ],
  ['GET /v1/worklists/overdue-rectifications', READ],
  ['GET /v1/worklists/unperformed-penalties', READ],
  ['GET /v1/worklists/overdue-annual-report-orders', READ],
  ['GET /v1/worklists/overdue-annual-reports', READ],
  ['GET /v1/worklists/missing-self-inspections', READ],
  ['GET /v1/statistics/cases', READ],
  ['GET /v1/statistics/credit-list', READ],
  ['POST /v1/credit-list/entries', COMMAND],
  ['POST /v1/credit-list/entries/:id/removal', COMMAND],
  ['GET /v1/credit-list', CARRIER_READ],
  ['GET /v1/credit-list/check/:uscc', CARRIER_READ],
  ['POST /v1/credit-list/publications', COMMAND],
  ['GET /v1/credit-list/publications', CARRIER_READ],
  ['GET /v1/credit-list/publications/:id', CARRIER_READ],
  ['GET /v1/credit-list/publications/:id/download', CARRIER_READ],
  ['POST /v1/inspection-draws', COMMAND],
  ['POST /v1/inspection-draws/:id/outcomes', COMMAND],
  ['GET /v1/inspection-draws', READ],
  ['GET /v1/inspection-draws/:id', READ],
  ['GET /v1/streams/:streamId/events', READ],
  ['GET /v1/events', FEED],
  ['GET /v1/feed', FEED],
  ['POST /v1/webhooks', WEBHOOKS],
  ['GET /v1/webhooks', WEBHOOKS],
  ['GET /v1/webhooks/:id', WEBHOOKS],
  ['POST /v1/webhooks/:id/resume', WEBHOOKS],
  ['DELETE /v1/webhooks/:id', WEBHOOKS],
  ['GET /v1/projections', READ],
  ['POST /v1/projections/:name/rebuild', REBUILD],
  ['GET /v1/integrity/checkpoint', READ],
  ['GET /v1/integrity/proof/:position', READ],
  ['GET /v1/integrity/consistency', READ],
  // Not in docs/http-contract.md at all: the officers' console (static files) and its development login.
  ['GET /console', 'public'],
  ['GET /console/config.json', 'public'],
  ['GET /console/assets/:file', 'public'],
  ['POST /v1/dev/token', 'public'],
];

/** Where the app grants more than docs/http-contract.md's Roles paragraph; each is reported, none is a leak across orgs. */
const DEVIATIONS: Readonly<Record<string, { readonly app: Access; readonly why: string }>> = {
  'POST /v1/enterprises/:uscc/annual-reports': {
    app: OPERATOR_COMMAND,
    why: 'an operator files its own annual report (年报), scoped to its USCC',
  },
  'GET /v1/licences/:no': { app: [...CARRIER_READ, 'operator'], why: 'an operator reads its own licences' },
  'GET /v1/licences': { app: [...CARRIER_READ, 'operator'], why: 'filtered to the operator’s own licences' },
  'GET /v1/numbers/:id': { app: [...CARRIER_READ, 'operator'], why: 'an operator reads its own numbers' },
  'GET /v1/numbers': { app: [...CARRIER_READ, 'operator'], why: 'filtered to the operator’s own numbers' },
  'GET /v1/access-contracts/:id': { app: CARRIER_READ, why: 'a carrier reads the contracts and refusals it recorded, only its own' },
  'GET /v1/access-contracts': { app: CARRIER_READ, why: 'filtered to the carrier’s own contracts' },
  'GET /v1/projections': { app: [...READ, 'admin'], why: 'the administrator who rebuilds projections sees their lag' },
};

const isDocs = (path: string) => path.startsWith('/docs');

/** Values that make each path parameter well-formed, so a granted call gets past parameter pipes or fails after the guard. */
const UUID = '6f1c1f0e-3b1d-4c55-9a57-0d3c2b1a0f99';
const PARAMS: Readonly<Record<string, string>> = {
  uscc: USCC_A,
  id: UUID,
  penaltyId: UUID,
  orderId: UUID,
  no: 'B2-20201234',
  name: 'no-such-projection',
  streamId: `enterprise-${USCC_A}`,
  position: '1',
  file: 'app.js',
  year: '2023',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Outcome = 'granted' | 401 | 403;
interface Row {
  readonly route: string;
  readonly access: Access;
}

describe('authorization matrix: every route × every caller', () => {
  let ledger: TestLedger;
  let base: string;
  let handlers: Map<string, RouteHandler>;
  const callers: Record<string, { role?: Role; authorization?: string }> = {};

  beforeAll(async () => {
    ledger = await startTestLedger('authz_matrix', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    base = await ledger.listen();
    handlers = handlersOf(ledger.app);
    const orgs: Partial<Record<Role, string>> = { carrier: 'CT', operator: USCC_A };
    for (const role of ROLES) callers[role] = { role, authorization: `Bearer ${ledger.token(role, { org: orgs[role] })}` };
    // Invalid tokens claim the strongest role, so any leak would be a command.
    const claims = { sub: 'mallory', roles: ['officer'] };
    callers['no token'] = {};
    callers.forged = { authorization: `Bearer ${mintToken(claims, 'another-secret-that-is-long-enough-for-hs256')}` };
    callers.expired = {
      authorization: `Bearer ${signToken(claims, TEST_SECRET, { expiresInSeconds: 60, now: new Date(Date.now() - 3_600_000) })}`,
    };
    callers['alg none'] = {
      authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}.`,
    };
  });
  afterAll(() => ledger?.close());

  const expected = (access: Access, caller: { role?: Role; authorization?: string }): Outcome => {
    if (access === 'public') return 'granted';
    if (!caller.role) return 401;
    return access.includes(caller.role) ? 'granted' : 403;
  };

  async function call(route: string, authorization?: string, body: unknown = {}): Promise<Response> {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
      const value = PARAMS[name];
      if (value === undefined) throw new Error(`add a value for :${name} to PARAMS`);
      return encodeURIComponent(value);
    });
    const headers: Record<string, string> = { Accept: 'application/json' }; // the SSE feed answers 406 instead of streaming
    if (authorization) headers.Authorization = authorization;
    const hasBody = method === 'POST';
    if (hasBody) headers['Content-Type'] = 'application/json';
    return fetch(`${base}${path}`, { method, headers, body: hasBody ? JSON.stringify(body) : undefined });
  }

  /** The cells of one row that do not answer as `access` says; empty when the row holds. */
  async function violations(row: Row): Promise<string[]> {
    const cells = await Promise.all(
      Object.entries(callers).map(async ([name, caller]) => {
        const response = await call(row.route, caller.authorization);
        await response.arrayBuffer();
        const want = expected(row.access, caller);
        const got = response.status;
        const problem = response.headers.get('content-type')?.startsWith('application/problem+json');
        const ok = want === 'granted' ? got !== 401 && got !== 403 && got < 500 : got === want && problem;
        return ok ? null : `${row.route} as ${name}: expected ${want}, got ${got}`;
      }),
    );
    return cells.filter((cell): cell is string => cell !== null);
  }

  const appAccess = ([route, access]: readonly [string, Access]): Row => ({ route, access: DEVIATIONS[route]?.app ?? access });

  it('lists every route the server answers, and only those', () => {
    const served = routesOf(ledger.app).map(routeKey);
    const listed = new Set(TABLE.map(([route]) => route));
    expect(served.filter((route) => !isDocs(route.split(' ')[1] as string) && !listed.has(route))).toEqual([]);
    expect([...listed].filter((route) => !served.includes(route))).toEqual([]);
    expect(Object.keys(DEVIATIONS).filter((route) => !listed.has(route))).toEqual([]);
  });

  it.each(TABLE.map(appAccess))('$route answers each caller as the table says', async (row) => {
    expect(await violations(row)).toEqual([]);
  });

  it('opens the API documentation to everyone, with or without a token (docs/http-contract.md: /docs*)', async () => {
    const docs = routesOf(ledger.app)
      .map(routeKey)
      .filter((route) => isDocs(route.split(' ')[1] as string));
    expect(docs).toContain('GET /docs-json');
    for (const route of docs) expect(await violations({ route, access: 'public' })).toEqual([]);
  });

  it('wrote nothing while asking every route', async () => {
    expect(await ledger.runtime.store.headPosition()).toBe(0);
  });

  describe('org scoping: a scoped role acts only for its own org', () => {
    const contract = (carrier: string) => ({ carrier, uscc: USCC_A, numbers: ['95123'], verifiedOn: '2024-01-02' });
    const report = { reportedOn: '2024-01-02', findings: ['无'] };
    const annual = { year: 2023, reportedOn: '2024-01-02' };
    const refused: ReadonlyArray<{ who: string; role: Role; route: string; body?: unknown }> = [
      { who: 'carrier CT signing for CU', role: 'carrier', route: 'POST /v1/access-contracts', body: contract('CU') },
      { who: 'an operator reading another enterprise', role: 'operator', route: `GET /v1/enterprises/${USCC_B}` },
      { who: 'an operator reading another enterprise’s history', role: 'operator', route: `GET /v1/enterprises/${USCC_B}/history` },
      { who: 'an operator reading another enterprise’s enforcement', role: 'operator', route: `GET /v1/enterprises/${USCC_B}/enforcement` },
      {
        who: 'an operator reporting for another enterprise',
        role: 'operator',
        route: `POST /v1/enterprises/${USCC_B}/self-inspections`,
        body: report,
      },
      {
        who: 'an operator filing for another enterprise',
        role: 'operator',
        route: `POST /v1/enterprises/${USCC_B}/annual-reports`,
        body: annual,
      },
    ];

    it.each(refused)('refuses $who with 403', async ({ role, route, body }) => {
      const response = await call(route, callers[role]?.authorization, body);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });

    const granted: ReadonlyArray<{ who: string; role: Role; route: string; body?: unknown }> = [
      { who: 'carrier CT signing for CT', role: 'carrier', route: 'POST /v1/access-contracts', body: contract('CT') },
      { who: 'an operator reading its own enterprise', role: 'operator', route: 'GET /v1/enterprises/:uscc' },
      { who: 'an operator reporting for itself', role: 'operator', route: 'POST /v1/enterprises/:uscc/self-inspections', body: report },
      { who: 'an officer signing for any carrier', role: 'officer', route: 'POST /v1/access-contracts', body: contract('CU') },
    ];

    it.each(granted)('lets $who past the org check', async ({ role, route, body }) => {
      const response = await call(route, callers[role]?.authorization, body);
      expect([401, 403]).not.toContain(response.status);
    });
  });

  /**
   * The matrix is only worth something if it notices a route that lost its protection. The guard
   * reads a route's policy on every request, so changing one handler's metadata here is exactly
   * what editing its decorators would do, without building the app again.
   */
  describe('notices a route that lost its protection', () => {
    const protectedRows = TABLE.map(appAccess).filter((row): row is Row & { access: readonly Role[] } => row.access !== 'public');

    async function withMetadata(route: string, change: (target: RouteHandler) => void, work: () => Promise<void>): Promise<void> {
      const target = handlers.get(route);
      if (!target) throw new Error(`no handler found for ${route}`);
      const saved = [target.handler, target.controller].flatMap((on) =>
        [ROLES_KEY, IS_PUBLIC_KEY].map((key) => ({
          on,
          key,
          had: Reflect.hasOwnMetadata(key, on),
          value: Reflect.getOwnMetadata(key, on) as unknown,
        })),
      );
      change(target);
      try {
        await work();
      } finally {
        for (const { on, key, had, value } of saved) {
          if (had) Reflect.defineMetadata(key, value, on);
          else Reflect.deleteMetadata(key, on);
        }
      }
    }

    it.each(protectedRows)('$route made @Public', async (row) => {
      await withMetadata(
        row.route,
        ({ handler }) => {
          Reflect.deleteMetadata(ROLES_KEY, handler);
          Reflect.defineMetadata(IS_PUBLIC_KEY, true, handler);
        },
        async () => expect(await violations(row)).not.toEqual([]),
      );
    });

    // Deny by default: a route with neither @Roles nor @Public is closed to every role, so a
    // forgotten decorator shows up as 403s where the table expects access.
    it.each(protectedRows)('$route without @Roles is closed to everyone', async (row) => {
      await withMetadata(
        row.route,
        ({ handler, controller }) => {
          for (const on of [handler, controller]) Reflect.deleteMetadata(ROLES_KEY, on);
        },
        async () => {
          expect(await violations(row)).not.toEqual([]);
          expect(await violations({ route: row.route, access: [] })).toEqual([]);
        },
      );
    });

    it.each(protectedRows.filter((row) => row.access.length < ROLES.length))('$route given to every role', async (row) => {
      await withMetadata(
        row.route,
        ({ handler }) => Reflect.defineMetadata(ROLES_KEY, [...ROLES], handler),
        async () => expect(await violations(row)).not.toEqual([]),
      );
    });
  });
});

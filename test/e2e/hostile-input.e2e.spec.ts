import fc from 'fast-check';
import type { Role } from '@ledger/auth';
import { routeKey, routesOf } from '../support/routes';
import { startTestLedger, USCC_A, type TestLedger } from '../support/test-ledger';

/**
 * Every POST the server answers, fed garbage built from a body it would accept: the answer is
 * always a 4xx problem (never a 500, never a 2xx) and the log does not move.
 */
const RUNS = 30;
const DATE = '2024-01-02';
const UUID = '8d3a5c2e-1f4b-4e6a-9c7d-2b1e0f3a4c5d';
/**
 * The case the base body opens is not the one the case steps name: a penalty imposed on it would
 * set the penalty process manager appending follow-ups while later properties watch the log head.
 */
const OTHER_CASE = '3c9e7a51-6d2f-4b8a-a1e4-5f0c9b2d7e86';
const COMMON = { documentNo: '工信部信管〔2020〕81号', legalBasis: ['电信条例'], effectiveAt: DATE };

interface Command {
  readonly route: string;
  readonly role: Role;
  /** A body the endpoint's validation accepts; every mutation below breaks it. */
  readonly body: Record<string, unknown>;
  /** Dotted paths of required fields (array elements and nested objects included). */
  readonly required: readonly string[];
  /** String fields with a format (ids, codes, dates, enums): no SQL-looking text fits them. */
  readonly formatted: readonly string[];
}

const COMMANDS: readonly Command[] = [
  {
    route: 'POST /v1/enterprises',
    role: 'officer',
    body: { uscc: USCC_A, name: '杭州某某呼叫中心有限公司', province: '330000', address: '杭州市', ...COMMON },
    required: ['uscc', 'name', 'province'],
    formatted: ['uscc', 'province', 'effectiveAt'],
  },
  {
    route: 'POST /v1/enterprises/:uscc/self-inspections',
    role: 'officer',
    body: { reportedOn: DATE, findings: ['外呼管控不足'], rectifications: ['上线外呼审批'], completedOn: DATE, ...COMMON },
    required: ['reportedOn', 'findings'],
    formatted: ['reportedOn', 'completedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/enterprises/:uscc/annual-report-orders',
    role: 'officer',
    body: { year: 2023, orderedOn: DATE, deadline: DATE, ...COMMON },
    required: ['year', 'orderedOn', 'deadline'],
    formatted: ['orderedOn', 'deadline', 'effectiveAt'],
  },
  {
    route: 'POST /v1/enterprises/:uscc/annual-reports',
    role: 'officer',
    body: { year: 2023, reportedOn: DATE, operations: '正常', securityMeasures: '已落实', ...COMMON },
    required: ['year', 'reportedOn'],
    formatted: ['reportedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/enterprises/:uscc/annual-reports/:year/confirmation',
    role: 'officer',
    body: { confirmedOn: DATE, ...COMMON },
    required: ['confirmedOn'],
    formatted: ['confirmedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licence-applications',
    role: 'officer',
    body: {
      applicationId: UUID,
      uscc: USCC_A,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      freeTradeZone: '中国（浙江）自由贸易试验区',
      commitments: { noMarketingOutbound: true },
      ...COMMON,
    },
    required: ['uscc', 'scope', 'coverage', 'coverage.0', 'serviceModel', 'approvalPath', 'commitments', 'commitments.noMarketingOutbound'],
    formatted: ['applicationId', 'uscc', 'scope', 'coverage.0', 'serviceModel', 'approvalPath', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licence-applications/:id/acceptance',
    role: 'officer',
    body: { decision: 'accepted', reason: '材料齐全', ...COMMON },
    required: ['decision'],
    formatted: ['decision', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licence-applications/:id/site-inspections',
    role: 'officer',
    body: { inspectedOn: DATE, inspectors: ['甲', '乙'], result: 'passed', findings: ['场地符合'], ...COMMON },
    required: ['inspectedOn', 'inspectors', 'inspectors.0', 'result'],
    formatted: ['inspectedOn', 'result', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licence-applications/:id/decision',
    role: 'officer',
    body: { decision: 'granted', licenceNumber: 'B2-20240001', validFrom: DATE, validUntil: '2029-01-01', reason: '符合条件', ...COMMON },
    required: ['decision'],
    formatted: ['decision', 'validFrom', 'validUntil', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licences/:no/renewals',
    role: 'officer',
    body: { validUntil: '2030-01-01', ...COMMON },
    required: ['validUntil'],
    formatted: ['validUntil', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licences/:no/variations',
    role: 'officer',
    body: { coverage: ['330000'], serviceModel: 'seat-rental', name: '杭州某某', ...COMMON },
    required: ['coverage.0'],
    formatted: ['coverage.0', 'serviceModel', 'effectiveAt'],
  },
  ...['suspensions', 'reinstatements', 'revocations', 'cancellations'].map((act): Command => ({
    route: `POST /v1/licences/:no/${act}`,
    role: 'officer',
    body: { reason: '依法处理', effectiveOn: DATE, ...COMMON },
    required: ['reason'],
    formatted: ['effectiveOn', 'effectiveAt'],
  })),
  {
    route: 'POST /v1/licences/:no/withdrawal',
    role: 'officer',
    body: { decidedOn: DATE, reason: '以欺骗手段取得', fraud: true, ...COMMON },
    required: ['decidedOn', 'reason', 'fraud'],
    formatted: ['decidedOn', 'fraud', 'effectiveAt'],
  },
  {
    route: 'POST /v1/licences/:no/commitment-verifications',
    role: 'officer',
    body: { verifiedOn: DATE, result: 'passed', findings: ['承诺属实'], ...COMMON },
    required: ['verifiedOn', 'result'],
    formatted: ['verifiedOn', 'result', 'effectiveAt'],
  },
  {
    route: 'POST /v1/numbers',
    role: 'officer',
    body: { number: '96123', province: '110000', uscc: USCC_A, allocatedOn: DATE, ...COMMON },
    required: ['number', 'uscc', 'allocatedOn'],
    formatted: ['number', 'province', 'uscc', 'allocatedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/numbers/:id/filings',
    role: 'officer',
    body: { carrier: 'CT', purpose: '客户服务热线', inbound: true, outbound: true, outboundBasis: 'callback', ...COMMON },
    required: ['carrier', 'purpose', 'inbound', 'outbound'],
    formatted: ['carrier', 'effectiveAt'],
  },
  {
    route: 'POST /v1/numbers/:id/reclamations',
    role: 'officer',
    body: { reason: '长期闲置', ...COMMON },
    required: ['reason'],
    formatted: ['effectiveAt'],
  },
  {
    route: 'POST /v1/access-contracts',
    role: 'officer',
    body: { contractId: UUID, carrier: 'CT', uscc: USCC_A, numbers: ['95123'], trunkLines: 30, verifiedOn: DATE, ...COMMON },
    required: ['carrier', 'uscc', 'numbers', 'numbers.0', 'verifiedOn'],
    formatted: ['contractId', 'carrier', 'uscc', 'numbers.0', 'verifiedOn', 'effectiveAt'],
  },
  ...['suspensions', 'resumptions', 'terminations'].map((act): Command => ({
    route: `POST /v1/access-contracts/:id/${act}`,
    role: 'officer',
    body: { reason: '违规外呼', ...COMMON },
    required: ['reason'],
    formatted: ['effectiveAt'],
  })),
  {
    route: 'POST /v1/cases',
    role: 'officer',
    body: {
      caseId: OTHER_CASE,
      uscc: USCC_A,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '用户投诉骚扰电话',
      numbers: ['95123'],
      ...COMMON,
    },
    required: ['uscc', 'origin', 'summary'],
    formatted: ['caseId', 'uscc', 'origin', 'violation', 'numbers.0', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/circulars',
    role: 'officer',
    body: { issuedOn: DATE, summary: '通报批评', ...COMMON },
    required: ['issuedOn', 'summary'],
    formatted: ['issuedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/interviews',
    role: 'officer',
    body: { heldOn: DATE, attendees: ['法定代表人'], minutes: '责令整改', commitments: ['停止违规外呼'], ...COMMON },
    required: ['heldOn', 'attendees', 'attendees.0', 'minutes'],
    formatted: ['heldOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/penalties',
    role: 'officer',
    body: {
      penaltyId: UUID,
      decidedOn: DATE,
      documentNo: '浙通信罚〔2024〕1号',
      legalBasis: ['电信条例第七十条'],
      measures: [
        { type: 'fine', amountCny: 10000 },
        { type: 'business-suspension', from: DATE, until: DATE },
        { type: 'licence-revocation', licenceNumber: 'B2-20240001' },
      ],
      performanceDeadline: DATE,
      authority: '浙江省通信管理局',
      effectiveAt: DATE,
    },
    required: [
      'decidedOn',
      'documentNo',
      'legalBasis',
      'legalBasis.0',
      'measures',
      'measures.0',
      'measures.0.type',
      'measures.1.from',
      'measures.1.until',
      'measures.2.licenceNumber',
    ],
    formatted: ['penaltyId', 'decidedOn', 'measures.0.type', 'measures.1.from', 'measures.1.until', 'performanceDeadline', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/exposures',
    role: 'officer',
    body: { exposedOn: DATE, channel: '工业和信息化部网站', summary: '骚扰电话典型案例', ...COMMON },
    required: ['exposedOn', 'channel', 'summary'],
    formatted: ['exposedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/rectification-orders',
    role: 'officer',
    body: { orderId: UUID, orderedOn: DATE, deadline: DATE, requirements: ['停止营销外呼'], ...COMMON },
    required: ['orderedOn', 'deadline', 'requirements', 'requirements.0'],
    formatted: ['orderId', 'orderedOn', 'deadline', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/rectification-orders/:orderId/verification',
    role: 'officer',
    body: { verifiedOn: DATE, result: 'done', findings: ['已整改'], ...COMMON },
    required: ['verifiedOn', 'result'],
    formatted: ['verifiedOn', 'result', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/penalties/:penaltyId/performance',
    role: 'officer',
    body: { performedOn: DATE, evidence: ['缴款书'], ...COMMON },
    required: ['performedOn'],
    formatted: ['performedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/penalties/:penaltyId/non-performance',
    role: 'officer',
    body: { recordedOn: DATE, ...COMMON },
    required: ['recordedOn'],
    formatted: ['recordedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/penalties/:penaltyId/annulment',
    role: 'officer',
    body: { reason: '行政复议撤销', decidedOn: DATE, ...COMMON },
    required: ['reason', 'decidedOn'],
    formatted: ['decidedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/cases/:id/closure',
    role: 'officer',
    body: { outcome: '结案', ...COMMON },
    required: ['outcome'],
    formatted: ['effectiveAt'],
  },
  {
    route: 'POST /v1/credit-list/entries',
    role: 'officer',
    body: {
      entryId: UUID,
      uscc: USCC_A,
      list: 'bad',
      reason: '未按期报送年报',
      listedOn: DATE,
      basis: { eventId: UUID, documentNo: '京通管罚〔2024〕1号' },
      authority: '工业和信息化部',
      ...COMMON,
    },
    // basis is required by the rule (422 LISTING_BASIS_REQUIRED), not by the shape: only its id is.
    required: ['uscc', 'list', 'reason', 'listedOn', 'basis.eventId'],
    formatted: ['entryId', 'uscc', 'list', 'listedOn', 'basis.eventId', 'effectiveAt'],
  },
  {
    route: 'POST /v1/credit-list/entries/:id/removal',
    role: 'officer',
    body: { reason: '已整改', removedOn: DATE, ...COMMON },
    required: ['reason', 'removedOn'],
    formatted: ['removedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/credit-list/publications',
    role: 'officer',
    body: { period: '2023-Q4', list: 'bad', publishedOn: DATE, ...COMMON },
    required: ['period', 'list', 'publishedOn'],
    formatted: ['period', 'list', 'publishedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/inspection-draws',
    role: 'officer',
    body: {
      drawId: UUID,
      seed: '2024-Q1',
      sampleSize: 1,
      inspectors: ['张', '王'],
      inspectorsPerEnterprise: 1,
      poolFilter: { province: '330000', licensedOnly: true },
      ...COMMON,
    },
    required: ['seed', 'sampleSize', 'inspectors', 'inspectors.0', 'inspectorsPerEnterprise'],
    formatted: ['drawId', 'poolFilter.province', 'effectiveAt'],
  },
  {
    route: 'POST /v1/inspection-draws/:id/outcomes',
    role: 'officer',
    body: { uscc: USCC_A, outcome: 'case-opened', caseId: UUID, inspectedOn: DATE, ...COMMON },
    required: ['uscc', 'outcome', 'caseId', 'inspectedOn'],
    formatted: ['uscc', 'outcome', 'caseId', 'inspectedOn', 'effectiveAt'],
  },
  {
    route: 'POST /v1/webhooks',
    role: 'subscriber',
    body: {
      webhookId: UUID,
      url: 'http://127.0.0.1:9/ledger',
      types: ['PenaltyImposed'],
      secret: 'a-shared-secret-0123456789',
      fromPosition: 0,
    },
    required: ['url', 'types', 'types.0', 'secret'],
    formatted: ['webhookId', 'url', 'types.0'],
  },
];

/** POSTs that take no body: only garbage that is refused before any handler applies to them. */
const BODILESS: ReadonlyArray<{ readonly route: string; readonly role?: Role }> = [
  { route: 'POST /v1/webhooks/:id/resume', role: 'subscriber' },
  { route: 'POST /v1/projections/:name/rebuild', role: 'admin' },
  { route: 'POST /v1/dev/token' },
];

const PARAMS: Readonly<Record<string, string>> = {
  uscc: USCC_A,
  id: UUID,
  penaltyId: UUID,
  orderId: UUID,
  no: 'B2-20240001',
  name: 'no-such-projection',
  year: '2023',
};

const SQL = [
  "' OR '1'='1",
  '1; DROP TABLE ledger.events; --',
  "'); DELETE FROM ledger.events; --",
  '" OR ""="',
  "1' UNION SELECT secret FROM webhooks --",
  '$$; TRUNCATE ledger.events; $$',
  "x' AND pg_sleep(5) IS NULL --",
];

/** Shaped like YYYY-MM-DD, but no such day. */
const IMPOSSIBLE_DATES = ['2021-02-30', '2023-02-29', '2021-13-01', '2021-00-10', '2021-04-31', '2021-12-32', '9999-99-99'];

const CONTROL = [
  ...Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 9 && c !== 10 && c !== 13),
  ...Array.from({ length: 33 }, (_, i) => 0x7f + i),
].map((c) => String.fromCharCode(c));
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const NOT_JSON_TYPES = [
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'text/json',
  'json',
];

/**
 * A request the endpoint must refuse: where to send it, what to send, what was broken (for the
 * report). Broken shape is the edge's business, so it is refused there (400, or 415 for a media
 * type), before any rule or stream could answer 404, 409 or 422 and hide that it got through.
 */
interface Garbage {
  readonly broke: string;
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
  readonly statuses?: readonly number[];
}

type Path = ReadonlyArray<string | number>;

const pathOf = (dotted: string): Path => dotted.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
const dotted = (path: Path) => path.join('.');

function leaves(value: unknown, path: Path = []): Array<{ path: Path; value: unknown }> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [{ path, value }, ...entries.flatMap(([key, child]) => leaves(child, [...path, key]))];
  }
  return [{ path, value }];
}

/** A copy of `root` with the value at `path` replaced (or removed, with `undefined`). */
function changed(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && value === undefined) delete copy[head];
  else copy[head] = changed(copy[head], rest, value);
  return copy;
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Written as text: JSON.stringify would itself overflow the stack on the deepest of these. */
function nestedJson(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

/** A value placed in a body, then swapped for raw JSON text that a JavaScript value cannot carry. */
const PLACEHOLDER = 'placeholder-for-raw-json';
const withRaw = (body: unknown, path: Path, raw: string) =>
  JSON.stringify(changed(body, path, PLACEHOLDER)).replace(`"${PLACEHOLDER}"`, raw);

/** Every kind of garbage that applies to a command, as a fast-check arbitrary. */
function garbageFor(command: Command): fc.Arbitrary<Garbage> {
  const { body } = command;
  const path = pathFor(command.route);
  const json = (value: unknown) => JSON.stringify(value);
  const as = (broke: string, value: unknown, at = path): Garbage => ({
    broke,
    path: at,
    body: json(value),
    contentType: 'application/json',
  });
  const all = leaves(body);
  const fields = all.filter((leaf) => leaf.path.length > 0);
  const strings = fields.filter((leaf) => typeof leaf.value === 'string');
  const objects = all.filter((leaf) => jsonType(leaf.value) === 'object');
  const dates = strings.filter((leaf) => /^\d{4}-\d{2}-\d{2}$/.test(leaf.value as string));
  const isRequired = (p: Path) => command.required.includes(dotted(p)) || typeof p[p.length - 1] === 'number';
  const formatted = [...command.formatted.map(pathOf), ...fields.filter((leaf) => typeof leaf.value !== 'string').map((leaf) => leaf.path)];
  const params = pathParams(command.route);

  const kinds: Array<fc.Arbitrary<Garbage>> = [
    fc.constantFrom(...command.required.map(pathOf)).map((p) => as(`missing ${dotted(p)}`, changed(body, p, undefined))),
    fc.constantFrom(...fields).chain((leaf) =>
      fc
        .jsonValue({ maxDepth: 2 })
        .filter((v) => jsonType(v) !== jsonType(leaf.value) && (v !== null || isRequired(leaf.path)))
        .map((v) => as(`${dotted(leaf.path)} of the wrong type`, changed(body, leaf.path, v))),
    ),
    fc
      .tuple(fc.constantFrom(...objects), fc.string({ unit: 'binary', maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([object, key, v]) => as(`extra field in ${dotted(object.path) || 'body'}`, changed(body, [...object.path, `x${key}`], v))),
    fc
      .tuple(fc.constantFrom(...objects), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 }))
      .map(([object, key, v]) => {
        const at = [...object.path, PLACEHOLDER];
        return {
          ...as(`${key} in ${dotted(object.path) || 'body'}`, null),
          body: json(changed(body, at, v)).replace(`"${PLACEHOLDER}":`, `${json(key)}:`),
        };
      }),
    fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...CONTROL, ...LONE_SURROGATES), fc.nat()).map(([leaf, character, at]) => {
      const text = leaf.value as string;
      const i = at % (text.length + 1);
      return as(
        `U+${character.charCodeAt(0).toString(16).padStart(4, '0')} in ${dotted(leaf.path)}`,
        changed(body, leaf.path, text.slice(0, i) + character + text.slice(i)),
      );
    }),
    fc
      .tuple(fc.constantFrom(...strings), fc.integer({ min: 10_001, max: 200_000 }))
      .map(([leaf, n]) => as(`${n} characters in ${dotted(leaf.path)}`, changed(body, leaf.path, 'x'.repeat(n)))),
    fc.tuple(fc.constantFrom(...formatted), fc.constantFrom(...SQL)).map(([p, sql]) => as(`SQL in ${dotted(p)}`, changed(body, p, sql))),
    fc.tuple(fc.constantFrom(...all), fc.integer({ min: 8, max: 3000 }), fc.boolean()).map(([leaf, depth, asArray]) => {
      const at = leaf.path.length > 0 ? leaf.path : ['x'];
      return { ...as(`${depth} levels in ${dotted(at)}`, null), body: withRaw(body, at, nestedJson(depth, asArray)) };
    }),
    fc
      .constantFrom(...objects)
      .map((object) => as(`an array instead of ${dotted(object.path) || 'the body'}`, changed(body, object.path, [object.value]))),
    ...transportGarbage(path, json(body)),
  ];
  if (dates.length > 0) {
    // A date's meaning is the domain's: a decider may refuse it (422 INVALID_DATE), or a rule about the stream may answer first.
    kinds.push(
      fc.tuple(fc.constantFrom(...dates), fc.constantFrom(...IMPOSSIBLE_DATES)).map(([leaf, date]) => ({
        ...as(`${date} as ${dotted(leaf.path)}`, changed(body, leaf.path, date)),
        statuses: [400, 404, 409, 422],
      })),
    );
  }
  if (params.length > 0) {
    kinds.push(
      fc
        .tuple(fc.constantFrom(...params), fc.constantFrom(...SQL))
        .map(([name, sql]) => as(`SQL in :${name}`, body, pathFor(command.route, { [name]: sql }))),
    );
  }
  return fc.oneof(...kinds);
}

/** Garbage refused before any handler: not JSON, not JSON's media type, not an object, or unsafe inside. */
function transportGarbage(path: string, valid: string): Array<fc.Arbitrary<Garbage>> {
  const raw = (broke: string, body: string, contentType = 'application/json'): Garbage => ({ broke, path, body, contentType });
  return [
    fc.integer({ min: 1, max: valid.length - 1 }).map((n) => raw(`JSON cut after ${n} characters`, valid.slice(0, n))),
    fc.constantFrom('}', ']', ',', 'x', '/* */', 'NaN').map((tail) => raw(`JSON followed by ${tail}`, valid + tail)),
    fc.constantFrom(
      raw('single quotes', valid.replace(/"/g, "'")),
      raw('a trailing comma', `${valid.slice(0, -1)},}`),
      raw('NaN as a value', `{"x":NaN}`),
      raw('a comment', `{/* c */}`),
      raw('a bare word', 'undefined'),
    ),
    fc.constantFrom(...NOT_JSON_TYPES).map((type) => ({ ...raw(`the body as ${type}`, valid, type), statuses: [415] })),
    fc
      .constantFrom('[]', '[{}]', `[${valid}]`, '"text"', '42', 'true', 'null')
      .map((body) => raw(`${body.slice(0, 20)} as the body`, body)),
    fc
      .constantFrom(...CONTROL, ...LONE_SURROGATES)
      .map((c) => raw(`U+${c.charCodeAt(0).toString(16)} in a value`, JSON.stringify({ x: `a${c}b` }))),
    fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => raw(`${key} as a key`, `{"${key}":{"polluted":true}}`)),
    fc.integer({ min: 9, max: 5000 }).map((depth) => raw(`${depth} levels of nesting`, nestedJson(depth, depth % 2 === 0))),
  ];
}

function pathParams(route: string): string[] {
  return [...route.matchAll(/:(\w+)/g)].map(([, name]) => name as string);
}

function pathFor(route: string, overrides: Record<string, string> = {}): string {
  const pattern = route.split(' ')[1] as string;
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(overrides[name] ?? PARAMS[name] ?? ''));
}

describe('hostile input to every command', () => {
  let ledger: TestLedger;
  let base: string;
  const auth: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    ledger = await startTestLedger('hostile_input', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    base = await ledger.listen();
    for (const role of ['officer', 'subscriber', 'admin'] as const) auth[role] = `Bearer ${ledger.token(role)}`;
  });
  afterAll(() => ledger?.close());

  async function send(garbage: Garbage, role?: Role): Promise<{ status: number; type: string | null; body: string; headers: Headers }> {
    const headers: Record<string, string> = { 'Content-Type': garbage.contentType };
    if (role) headers.Authorization = auth[role] as string;
    const response = await fetch(`${base}${garbage.path}`, { method: 'POST', headers, body: garbage.body });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text(), headers: response.headers };
  }

  /** The property itself: refused as a problem, with its security headers, and nothing written. */
  async function refused(garbage: Garbage, role?: Role): Promise<void> {
    const head = await ledger.runtime.store.committedHead();
    const answer = await send(garbage, role);
    const what = `${garbage.broke} → ${answer.status} ${answer.body.slice(0, 300)}`;
    expect({ what, refused: (garbage.statuses ?? [400]).includes(answer.status) }).toEqual({ what, refused: true });
    expect(answer.type).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.body) as { status: number; code: unknown };
    expect(problem.status).toBe(answer.status);
    expect(typeof problem.code).toBe('string');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect({ what, written: (await ledger.runtime.store.committedHead()) - head }).toEqual({ what, written: 0 });
  }

  it('covers every POST the server answers', () => {
    const posts = routesOf(ledger.app)
      .map(routeKey)
      .filter((route) => route.startsWith('POST '));
    const covered = new Set([...COMMANDS, ...BODILESS].map((c) => c.route));
    expect(posts.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !posts.includes(route))).toEqual([]);
  });

  // Garbage is only garbage next to something valid: each base body must get past validation.
  it.each(COMMANDS)('$route accepts its base body', async ({ route, role, body }) => {
    const answer = await send(
      { broke: 'nothing', path: pathFor(route), body: JSON.stringify(body), contentType: 'application/json' },
      role,
    );
    const what = `${route} → ${answer.status} ${answer.body.slice(0, 300)}`;
    expect({ what, accepted: answer.status !== 400 && answer.status < 500 }).toEqual({ what, accepted: true });
  });

  it.each(COMMANDS)('$route refuses garbage', async (command) => {
    await fc.assert(
      fc.asyncProperty(garbageFor(command), (garbage) => refused(garbage, command.role)),
      { numRuns: RUNS },
    );
  });

  it.each(BODILESS)('$route refuses garbage before its handler', async ({ route, role }) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(...transportGarbage(pathFor(route), '{"x":1}')), (garbage) => refused(garbage, role)),
      { numRuns: RUNS },
    );
  });

  it('refuses a body over 256 KiB with 413, and takes one at the limit', async () => {
    const limit = 256 * 1024;
    const padded = (size: number) => {
      const frame = JSON.stringify({ name: '' });
      return JSON.stringify({ name: 'x'.repeat(size - frame.length) });
    };
    const over = await send(
      { broke: 'size', path: '/v1/enterprises', body: padded(limit + 1), contentType: 'application/json' },
      'officer',
    );
    expect(over.status).toBe(413);
    expect(over.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(over.body)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const at = await send({ broke: 'size', path: '/v1/enterprises', body: padded(limit), contentType: 'application/json' }, 'officer');
    expect(at.status).toBe(400); // parsed, then refused by validation: the limit is inclusive
  });

  it.each(COMMANDS)('$route refuses a body over the limit with 413', async ({ route, role, body }) => {
    const oversized = JSON.stringify({ ...body, padding: 'x'.repeat(300 * 1024) });
    await refused(
      { broke: 'a 300 KiB body', path: pathFor(route), body: oversized, contentType: 'application/json', statuses: [413] },
      role,
    );
  });

  // Year 0 is a real ISO 8601 day, but its instant (1 BC in UTC) is one PostgreSQL cannot store.
  it('refuses an act dated in year 0 as invalid input, not with a 500', async () => {
    const body = JSON.stringify({ uscc: USCC_A, origin: 'complaint', summary: '投诉', effectiveAt: '0000-01-01' });
    await refused({ broke: 'year 0', path: '/v1/cases', body, contentType: 'application/json' }, 'officer');
  });

  it('stores SQL-looking text as text', async () => {
    const name = "Robert'); DROP TABLE ledger.events; --";
    const uscc = '914403001922038216';
    const created = await send(
      {
        broke: 'nothing',
        path: '/v1/enterprises',
        body: JSON.stringify({ uscc, name, province: '440000' }),
        contentType: 'application/json',
      },
      'officer',
    );
    expect(created.status).toBe(201);
    const { position } = JSON.parse(created.body) as { position: number };
    const read = await fetch(`${base}/v1/enterprises/${uscc}?minPosition=${position}`, {
      headers: { Authorization: auth.officer as string },
    });
    expect(await read.json()).toMatchObject({ uscc, name });
  });
});

import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiHeader,
  ApiOperation,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
} from '@nestjs/swagger';
import type { Role } from '@ledger/auth';
import { IS_PUBLIC_KEY, ROLES_KEY } from '@ledger/auth/decorators';
import { AnswersWithItsStatus } from '../commands/ledger-command';

/**
 * Every operation of the served OpenAPI document says what it does in Chinese and English and
 * which problem documents (RFC 9457) it can answer. An endpoint declares only what is its own
 * (404, 409, its 422 rule codes); what follows from the kind of route (validation, the token,
 * the rate limit, waiting on projections, the command plumbing) is added from the route itself,
 * when the document is built, so no endpoint can forget it.
 */

/** 中文 first: the Notice's terms are the ones officers search for. */
export interface Summary {
  readonly zh: string;
  readonly en: string;
}

/** A status an operation may answer and the `code`s its problem document can carry. */
export interface Problem {
  readonly status: number;
  readonly codes: readonly string[];
}

export const problem = (status: number, ...codes: [string, ...string[]]): Problem => ({ status, codes });
export const NOT_FOUND = problem(404, 'NOT_FOUND');
export const ALREADY_EXISTS = problem(409, 'ALREADY_EXISTS');
/** 422: the regulatory rules that may refuse the command (docs/http-contract.md, "Rule codes"). */
export const refusedBy = (...codes: [string, ...string[]]): Problem => problem(422, ...codes);

/** A command appends events through the command bus, so If-Match, Idempotency-Key and the event store apply. */
type OperationKind = 'command' | 'read';

interface OperationMetadata {
  readonly kind: OperationKind;
  readonly problems: readonly Problem[];
}

const OPERATION_KEY = 'ledger:openapi:operation';
/** The response's extension (OpenAPI `x-`) listing the `code`s its problem document can carry. */
const PROBLEM_CODES = 'x-problem-codes' as const;
/** Between the two languages of a summary; the contract test splits on it. */
const SUMMARY_SEPARATOR = ' / ';

/** The headers every command reads (libs/http/src/commands/command-envelope.ts), documented once. */
const COMMAND_HEADERS = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Sent again with the same key and the same request, the command is recorded once and its first answer given; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED. 1 to 200 visible ASCII characters.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  }),
  ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'A stream version in quotes, e.g. "3": the command is decided only on that version of its stream, else 409 CONCURRENCY_CONFLICT.',
    schema: { type: 'string', pattern: '^"[0-9]+"$' },
  }),
];

function describe(kind: OperationKind, summary: Summary, problems: Problem[]): MethodDecorator {
  const metadata: OperationMetadata = { kind, problems };
  return applyDecorators(
    ...(kind === 'command' ? [...COMMAND_HEADERS, AnswersWithItsStatus()] : []),
    ApiOperation({ summary: `${summary.zh}${SUMMARY_SEPARATOR}${summary.en}` }),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(OPERATION_KEY, metadata, descriptor.value as object);
    },
  );
}

/** A read, or an act outside the event log (webhooks, rebuilds, tokens). */
export const Operation = (summary: Summary, ...problems: Problem[]): MethodDecorator => describe('read', summary, problems);

/**
 * A command sent on the command bus: it also answers 409 CONCURRENCY_CONFLICT and 422
 * IDEMPOTENCY_KEY_REUSED, and with the status the executor chose (201, or 200 for a replay).
 */
export const Command = (summary: Summary, ...problems: Problem[]): MethodDecorator => describe('command', summary, problems);

/** What a problem status means, opening its response's description. */
const PROBLEM_TITLES: Readonly<Record<number, string>> = {
  400: 'Malformed input: `violations` names every bad field.',
  401: 'No token, or one that does not verify.',
  403: 'The role or the token’s `org` may not do this.',
  404: 'What the request names does not exist.',
  406: 'The client does not accept what this route answers.',
  409: 'The request conflicts with what is recorded.',
  413: 'The body is over the limit (default 256 KiB).',
  415: 'The body is not JSON.',
  422: 'A regulatory rule refuses the command: `code` names the rule, `violations` lists every one broken.',
  429: 'Too many requests from this caller (`LEDGER_RATE_LIMIT_PER_MINUTE`); see Retry-After.',
  503: 'Not yet: send the same request again after Retry-After.',
};

/** The problems every route of a kind answers; the contract test states the same rules on its own. */
function derivedProblems(route: { kind: OperationKind; roles: readonly Role[] | null; operation: OperationObject }): Problem[] {
  const { operation } = route;
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
  const problems = [problem(429, 'RATE_LIMITED')];
  if (parameters.length > 0 || operation.requestBody) problems.push(problem(400, 'VALIDATION_FAILED'));
  if (route.roles) problems.push(problem(401, 'UNAUTHORIZED'), problem(403, 'FORBIDDEN'));
  if (operation.requestBody) problems.push(problem(413, 'PAYLOAD_TOO_LARGE'), problem(415, 'UNSUPPORTED_MEDIA_TYPE'));
  if (parameters.some((p) => p.in === 'query' && p.name === 'minPosition')) problems.push(problem(503, 'PROJECTION_BEHIND'));
  if (route.kind === 'command') {
    problems.push(problem(409, 'CONCURRENCY_CONFLICT'), refusedBy('IDEMPOTENCY_KEY_REUSED'), problem(503, 'DATABASE_UNAVAILABLE'));
  }
  return problems;
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem document (docs/http-contract.md, Conventions).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'Why, in words a case officer understands.' },
    code: { type: 'string', description: 'The rule code (docs/http-contract.md, "Rule codes").' },
    violations: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** The OpenAPI document the server serves at /docs-json, every operation described and its problems listed. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call-centre business ledger')
      .setDescription('Event-sourced ledger of call-centre business regulation (工信部信管〔2020〕81号). Contract: docs/http-contract.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const shared: Record<string, ProblemResponse> = {};
  const routes = routesByOperationId(app);
  for (const { operation } of operationsOf(document)) {
    const route = operation.operationId ? routes.get(operation.operationId) : undefined;
    if (!route) continue;
    describeAccess(operation, route.roles);
    const kind = route.metadata?.kind ?? 'read';
    const problems = [...derivedProblems({ kind, roles: route.roles, operation }), ...(route.metadata?.problems ?? [])];
    operation.responses = { ...operation.responses, ...problemResponses(problems, shared) };
  }
  const responses = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA }, responses };
  return document;
}

/**
 * Who may call it, as AuthGuard decides: the route's own decorators before its controller's, and
 * `@Roles` before `@Public`. Public routes carry no security requirement.
 */
function describeAccess(operation: OperationObject, roles: readonly Role[] | null): void {
  if (roles) {
    operation.security = [{ bearer: [] }];
    (operation as OperationObject & { 'x-roles': readonly Role[] })['x-roles'] = roles;
  } else {
    delete operation.security;
  }
}

type ProblemResponse = ResponseObject & { [PROBLEM_CODES]: readonly string[] };

/**
 * One response per status, listing every code it can carry. A status with one code is a shared
 * response under components/responses named by that code, so the document repeats no text.
 */
function problemResponses(
  problems: readonly Problem[],
  shared: Record<string, ProblemResponse>,
): Record<number, ProblemResponse | ReferenceObject> {
  const codes = new Map<number, Set<string>>();
  for (const { status, codes: own } of problems) {
    const seen = codes.get(status) ?? new Set<string>();
    for (const code of own) seen.add(code);
    codes.set(status, seen);
  }
  const responses: Record<number, ProblemResponse | ReferenceObject> = {};
  for (const status of [...codes.keys()].sort((a, b) => a - b)) {
    const enumerated = [...(codes.get(status) ?? [])].sort();
    const response: ProblemResponse = {
      description: `${PROBLEM_TITLES[status] ?? 'Refused.'} Codes: ${enumerated.join(', ')}.`,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      [PROBLEM_CODES]: enumerated,
    };
    const [only] = enumerated;
    if (enumerated.length === 1 && only) {
      shared[only] = response;
      responses[status] = { $ref: `#/components/responses/${only}` };
    } else {
      responses[status] = response;
    }
  }
  return responses;
}

interface RouteAccess {
  readonly roles: readonly Role[] | null;
  readonly metadata: OperationMetadata | undefined;
}

/** Nest's OpenAPI module names an operation `<Controller>_<method>`; this finds the handler behind each name. */
function routesByOperationId(app: INestApplication): Map<string, RouteAccess> {
  const routes = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        routes.set(`${controller.name}_${name}`, {
          roles: rolesOf(handler, controller),
          metadata: declaredOperation(handler),
        });
      }
    }
  }
  return routes;
}

function rolesOf(handler: object, controller: object): readonly Role[] | null {
  for (const target of [handler, controller]) {
    const roles = Reflect.getMetadata(ROLES_KEY, target) as readonly Role[] | undefined;
    if (roles) return roles;
    if (Reflect.getMetadata(IS_PUBLIC_KEY, target)) return null;
  }
  // A route that names no roles is closed to everyone (AuthGuard): a token is still asked for.
  return [];
}

/** The summary's two languages, or null when it does not carry both. */
export function summaryLanguages(summary: string | undefined): Summary | null {
  const at = summary?.indexOf(SUMMARY_SEPARATOR) ?? -1;
  if (!summary || at < 0) return null;
  const zh = summary.slice(0, at).trim();
  const en = summary.slice(at + SUMMARY_SEPARATOR.length).trim();
  // English may quote a Chinese term, as in "Rectification orders (责令改正)", but starts in English.
  return /\p{Script=Han}/u.test(zh) && /^[A-Za-z]/.test(en) ? { zh, en } : null;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The operations of a document in the order Nest emits them (controllers as registered). */
export function operationsOf(document: OpenAPIObject): Array<{ method: string; path: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ method: method.toUpperCase(), path, operation: item[method] }] : [])),
  );
}

/** Where the contract is kept in the repository (paths from its root), and what each file holds for `document`. */
export function contractFiles(document: OpenAPIObject): Record<string, string> {
  return { 'docs/openapi.json': `${JSON.stringify(document, null, 2)}\n`, 'docs/http-operations.md': operationsIndex(document) };
}

function operationsIndex(document: OpenAPIObject): string {
  const rows = operationsOf(document).map(({ method, path, operation }) => {
    const summary = summaryLanguages(operation.summary);
    const roles = (operation as { 'x-roles'?: readonly string[] })['x-roles'];
    const problems = problemStatuses(operation).map(([status, response]) => `${status} ${problemCodes(document, response).join(', ')}`);
    const cells = [
      `${method} \`${path}\``,
      summary?.zh ?? '',
      summary?.en ?? operation.summary ?? '',
      roles ? roles.join(', ') || '(none)' : 'public',
      problems.join('<br>'),
    ];
    return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  });
  return [
    '# HTTP operations',
    '',
    'Generated by `npm run docs:openapi` from the OpenAPI document the server serves at `GET /docs-json`',
    '(kept beside this file as `openapi.json`); do not edit by hand. test/openapi-contract.e2e.spec.ts fails',
    'when either file differs from what the server serves. The rules behind each problem status are in',
    'http-contract.md, "OpenAPI: summaries and problem responses".',
    '',
    '| operation | 中文 | English | roles | problem responses (status, codes) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** An operation's problem responses by status (4xx and 5xx). */
export function problemStatuses(operation: OperationObject): Array<[number, ResponseObject | ReferenceObject]> {
  return Object.entries(operation.responses).flatMap(([status, response]) =>
    Number(status) >= 400 && response ? [[Number(status), response]] : [],
  );
}

/** The `code`s a problem response can carry, a shared one looked up in the document. */
export function problemCodes(document: OpenAPIObject, response: ResponseObject | ReferenceObject): readonly string[] {
  const own = '$ref' in response ? document.components?.responses?.[response.$ref.replace('#/components/responses/', '')] : response;
  return (own as Partial<ProblemResponse> | undefined)?.[PROBLEM_CODES] ?? [];
}

/** The kind and problems a handler declares. */
export function declaredOperation(handler: object): OperationMetadata | undefined {
  return Reflect.getMetadata(OPERATION_KEY, handler) as OperationMetadata | undefined;
}

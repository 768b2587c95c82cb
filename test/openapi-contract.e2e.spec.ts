import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import type { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import { IS_PUBLIC_KEY, ROLES_KEY } from '@ledger/auth/decorators';
import { RULE_CODES } from '@ledger/regulation/shared';
import { contractFiles, declaredOperation, operationsOf, problemCodes, problemStatuses, summaryLanguages } from '@ledger/http/http/openapi';
import { handlersOf, type RouteHandler } from './support/routes';
import { startTestLedger, type TestLedger } from './support/test-ledger';

/**
 * The OpenAPI document the server serves describes every operation (a summary in Chinese and
 * English, every problem response it can answer), and docs/ holds that same document. The rules
 * for which problems a route answers are stated here again, from docs/http-contract.md's Conventions and the
 * middleware, rather than read back from the code that adds them.
 */

/** Codes the HTTP layer answers with, beside the rule codes of the domain. */
const HTTP_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_ACCEPTABLE',
  'ALREADY_EXISTS',
  'CONCURRENCY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'PROJECTION_BEHIND',
  'DATABASE_UNAVAILABLE',
  'NOT_READY',
  'TREE_BEHIND',
];

const ROOT = join(__dirname, '..');

describe('the OpenAPI document and the contract in docs/', () => {
  let ledger: TestLedger;
  let document: OpenAPIObject;
  let handlers: Map<string, RouteHandler>;

  beforeAll(async () => {
    ledger = await startTestLedger('openapi-contract');
    document = (await ledger.http().get('/docs-json').expect(200)).body as OpenAPIObject;
    handlers = handlersOf(ledger.app);
  });

  afterAll(() => ledger.close());

  const operations = () => operationsOf(document).map((entry) => ({ ...entry, key: `${entry.method} ${entry.path}` }));
  const handlerOf = (method: string, path: string) => handlers.get(`${method} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);

  it('documents every route of every controller it describes', () => {
    expect(
      operations()
        .filter(({ method, path }) => !handlerOf(method, path))
        .map(({ key }) => key),
    ).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(80);
  });

  it('gives every operation a summary in Chinese and in English', () => {
    const without = operations()
      .filter(({ operation }) => !summaryLanguages(operation.summary))
      .map(({ key, operation }) => `${key}: ${operation.summary ?? '(none)'}`);
    expect(without).toEqual([]);
  });

  it('lists every problem response an operation can answer, by the kind of route and by its own declaration', () => {
    const gaps: string[] = [];
    for (const { key, method, path, operation } of operations()) {
      const route = handlerOf(method, path) as RouteHandler;
      const answered = new Map(problemStatuses(operation).map(([status, response]) => [status, new Set(problemCodes(document, response))]));
      for (const [status, code] of expectedProblems(method, operation, route)) {
        if (!answered.get(status)?.has(code)) gaps.push(`${key} lacks ${status} ${code}`);
      }
      for (const { status, codes } of declaredOperation(route.handler)?.problems ?? []) {
        for (const code of codes)
          if (!answered.get(status)?.has(code)) gaps.push(`${key} declares ${status} ${code} but does not document it`);
      }
      for (const [status, response] of problemStatuses(operation)) {
        const own = '$ref' in response ? document.components?.responses?.[response.$ref.split('/').pop() as string] : response;
        const schema = own && 'content' in own ? own.content?.['application/problem+json']?.schema : undefined;
        if (!schema || !('$ref' in schema) || schema.$ref !== '#/components/schemas/Problem')
          gaps.push(`${key}: ${status} is not an application/problem+json Problem`);
        for (const code of problemCodes(document, response)) {
          if (!HTTP_CODES.includes(code) && !(RULE_CODES as readonly string[]).includes(code))
            gaps.push(`${key}: ${status} names ${code}, which no refusal carries`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('keeps in docs/ exactly the document the server serves (run `npm run docs:openapi` after changing an endpoint)', () => {
    for (const [file, served] of Object.entries(contractFiles(document))) {
      const committed = readFileSync(join(ROOT, file), 'utf8');
      const line = firstDifferentLine(committed, served);
      if (line !== null)
        throw new Error(
          `${file} differs from the served OpenAPI document from line ${line}: run \`npm run docs:openapi\` and commit the result.`,
        );
    }
  });
});

/** What docs/http-contract.md's Conventions and the HTTP middleware make a route answer, whatever it declares. */
function expectedProblems(method: string, operation: OperationObject, route: RouteHandler): Array<[number, string]> {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const expected: Array<[number, string]> = [[429, 'RATE_LIMITED']];
  if (parameters.length > 0 || operation.requestBody) expected.push([400, 'VALIDATION_FAILED']);
  if (!isPublic(route)) expected.push([401, 'UNAUTHORIZED'], [403, 'FORBIDDEN']);
  if (operation.requestBody) expected.push([413, 'PAYLOAD_TOO_LARGE'], [415, 'UNSUPPORTED_MEDIA_TYPE']);
  if (parameters.some((p) => p.in === 'query' && p.name === 'minPosition')) expected.push([503, 'PROJECTION_BEHIND']);
  if (method === 'POST' && sendsCommands(route))
    expected.push([409, 'CONCURRENCY_CONFLICT'], [422, 'IDEMPOTENCY_KEY_REUSED'], [503, 'DATABASE_UNAVAILABLE']);
  return expected;
}

/** As AuthGuard decides: the route's own decorators first, `@Roles` before `@Public`. */
function isPublic(route: RouteHandler): boolean {
  for (const target of [route.handler, route.controller]) {
    if (Reflect.getMetadata(ROLES_KEY, target)) return false;
    if (Reflect.getMetadata(IS_PUBLIC_KEY, target)) return true;
  }
  return false;
}

/** A controller that holds the command bus posts commands on it (If-Match, Idempotency-Key). */
function sendsCommands(route: RouteHandler): boolean {
  const dependencies = (Reflect.getMetadata('design:paramtypes', route.controller) ?? []) as unknown[];
  return dependencies.includes(CommandBus);
}

function firstDifferentLine(a: string, b: string): number | null {
  if (a === b) return null;
  const left = a.split('\n');
  const right = b.split('\n');
  const at = left.findIndex((line, i) => line !== right[i]);
  return (at < 0 ? left.length : at) + 1;
}

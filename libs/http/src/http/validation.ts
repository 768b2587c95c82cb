import {
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { ProblemException } from '@ledger/platform';
import { rememberRuleLookups } from './validation-rules';

/**
 * Shape is checked at the edge (class-validator), meaning in the deciders, and every bad field is
 * named in one answer. Bodies and query strings are both DTO classes checked here; they differ in
 * what happens to a name the DTO does not declare.
 */
export class EdgeValidation implements PipeTransform {
  /** A command is refused with a field it does not take: a misspelt optional field would otherwise vanish. */
  private readonly bodies = pipe({ forbidNonWhitelisted: true });
  /**
   * A query string carries what links and proxies add (cache busters, tracking), so names a route
   * does not take are dropped, unseen by it. Defaults (`limit`) stand where a parameter is absent.
   */
  private readonly queries = pipe({
    forbidNonWhitelisted: false,
    transformOptions: { enableImplicitConversion: false, exposeDefaultValues: true },
  });

  constructor() {
    rememberRuleLookups();
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query') return this.bodies.transform(value, metadata);
    return this.queries.transform(withoutEmpty(value), metadata);
  }
}

/** `?status=&uscc=` is what an empty form sends: an empty parameter is one not given. */
function withoutEmpty(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

function pipe(options: Pick<ValidationPipeOptions, 'forbidNonWhitelisted' | 'transformOptions'>): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const violations = flatten(errors);
      return new ProblemException(400, 'VALIDATION_FAILED', `The request has ${violations.length} invalid field(s).`, { violations });
    },
    ...options,
  });
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

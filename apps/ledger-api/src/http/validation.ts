import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from '@ledger/platform';

/**
 * Shape is checked at the edge (class-validator), meaning in the deciders. Unknown fields are
 * refused rather than dropped, and every bad field is named in one answer.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const violations = flatten(errors);
      return new ProblemException(400, 'VALIDATION_FAILED', `The request has ${violations.length} invalid field(s).`, { violations });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

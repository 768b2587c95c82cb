import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '@ledger/platform';
import { isValidUscc } from '@ledger/regulation/shared';

/** A 400 naming one bad parameter (docs/http-contract.md: VALIDATION_FAILED with its violations). */
export function invalid(field: string, message: string): ProblemException {
  return new ProblemException(400, 'VALIDATION_FAILED', `${field} ${message}.`, { violations: [{ field, message }] });
}

/** A path USCC must be a real one (GB 32100 check character), so a typo is a 400, not a 404. */
@Injectable()
export class UsccPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isValidUscc(value)) throw invalid('uscc', 'is not a valid unified social credit code (GB 32100)');
    return value;
  }
}

/** A reporting year in a path, in the range command bodies accept for one (2000–2100). */
@Injectable()
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) throw invalid('year', 'must be a year from 2000 to 2100');
    return year;
  }
}

/** Ids in paths: UUIDs or short codes; anything else cannot name a record. Use as `new IdPipe('field')`. */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!/^[\p{L}\p{N}._:-]{1,100}$/u.test(value)) throw invalid(this.field, 'is not a valid identifier');
    return value;
  }
}

/** Opaque cursors: base64url of the last key of the previous page. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The key a cursor holds, if `check` takes it. A client can write any cursor, so its key is input
 * like any other: NUL is text no key holds and PostgreSQL cannot compare.
 */
export function decodeCursor<T>(value: string | undefined, check: (decoded: unknown) => decoded is T): T | undefined {
  if (value === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (check(decoded) && !holdsNul(decoded)) return decoded;
  } catch {
    // fall through to the refusal below
  }
  throw invalid('cursor', 'is not a cursor this API issued');
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(holdsNul);
}

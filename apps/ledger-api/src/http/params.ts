import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '@ledger/platform';
import { isValidUscc } from '@ledger/regulation/shared';

/** A 400 naming one bad parameter (api.md: VALIDATION_FAILED with its violations). */
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

/** Ids in paths: UUIDs or short codes; anything else cannot name a record. Use as `new IdPipe('field')`. */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!/^[\p{L}\p{N}._:-]{1,100}$/u.test(value)) throw invalid(this.field, 'is not a valid identifier');
    return value;
  }
}

export function optionalPosition(value: unknown, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isSafeInteger(n) || n < 0) throw invalid(field, 'must be a non-negative integer');
  return n;
}

export function optionalLimit(value: unknown): number {
  if (value === undefined || value === '') return 50;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > 500) throw invalid('limit', 'must be an integer from 1 to 500');
  return n;
}

export function optionalInstant(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(field, 'must be a date (YYYY-MM-DD) or a date-time with offset');
  }
  return value;
}

export function optionalList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(field, 'must be a comma-separated list');
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 100 || items.some((i) => !/^[A-Za-z0-9_-]{1,100}$/.test(i))) throw invalid(field, 'has an invalid entry');
  return items;
}

/** Opaque cursors: base64url of the last key of the previous page. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(value: unknown, check: (decoded: unknown) => decoded is T): T | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8'));
    if (check(decoded)) return decoded;
  } catch {
    // fall through to the refusal below
  }
  throw invalid('cursor', 'is not a cursor this API issued');
}

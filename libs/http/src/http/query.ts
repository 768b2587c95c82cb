import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { isAuthority, isCalendarDate, isProvinceCode, isValidUscc } from '@ledger/regulation/shared';

/*
 * Query parameters, validated at the edge like bodies: each GET route takes one DTO class whose
 * properties carry one of the decorators below, and the global pipe (validation.ts) checks it.
 * Each decorator turns the text into the value the queries use (a number, a list, a boolean), so
 * what reaches a query is a value PostgreSQL takes; anything else is 400 VALIDATION_FAILED naming
 * the parameter. The ranges are those of docs/http-contract.md, "Query parameters".
 */

/**
 * The days a date parameter may name. PostgreSQL has no year 0 and JavaScript reads one, and the
 * last day is the last whose every instant is still in year 9999 eight hours on, in China time.
 */
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '9999-12-30';

/** What a parameter's text was, when it was not one the parameter takes. */
class Refused {
  constructor(readonly repeated: boolean) {}
}

/**
 * One parameter: absent, or one string that `parse` turns into its value (an empty one is absent:
 * see validation.ts). `parse` answers undefined for text it does not take; `rule` says in words
 * what it takes.
 */
function parameter<T>(rule: string, parse: (text: string) => T | undefined, docs: ApiPropertyOptions = {}) {
  const required = docs.required === true;
  const description = [docs.description, `Must be ${rule}.`].filter(Boolean).join(' ');
  const document = { type: String, ...docs, description } as ApiPropertyOptions;
  return applyDecorators(
    required ? ApiProperty(document) : ApiPropertyOptional(document),
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string') return new Refused(true);
      return parse(value) ?? new Refused(false);
    }),
    ...(required ? [] : [IsOptional()]),
    ValidateBy({
      name: 'queryParameter',
      validator: {
        validate: (value: unknown) => value !== undefined && !(value instanceof Refused),
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          return `${args?.property} ${value === undefined ? 'is required' : value instanceof Refused && value.repeated ? 'must be given once' : `must be ${rule}`}`;
        },
      },
    }),
  );
}

const DIGITS = /^\d{1,16}$/;

function integer(min: number, max: number) {
  return (text: string) => {
    const n = Number(text);
    return DIGITS.test(text) && n >= min && n <= max ? n : undefined;
  };
}

/** A global position: PostgreSQL's bigint holds far more than JavaScript counts exactly. */
export const parsePosition = integer(0, Number.MAX_SAFE_INTEGER);
export const POSITION_RULE = 'a whole number from 0 to 9007199254740991';

export const Position = (docs: ApiPropertyOptions = {}) =>
  parameter(POSITION_RULE, parsePosition, { type: 'integer', minimum: 0, ...docs });

/** Tree sizes and leaf positions of the integrity proofs, counted from 1. */
export const Count = (docs: ApiPropertyOptions = {}) =>
  parameter('a whole number from 1 to 9007199254740991', integer(1, Number.MAX_SAFE_INTEGER), { type: 'integer', minimum: 1, ...docs });

/** A stream version: the log stores them as PostgreSQL integers. */
export const Version = (docs: ApiPropertyOptions = {}) =>
  parameter('a whole number from 0 to 2147483647', integer(0, 2_147_483_647), {
    type: 'integer',
    minimum: 0,
    maximum: 2_147_483_647,
    ...docs,
  });

export const Limit = () =>
  parameter('a whole number from 1 to 500', integer(1, 500), { type: 'integer', minimum: 1, maximum: 500, default: 50 });

const MOMENT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * A calendar date (a CST day) or a date-time with its offset, on a day from FIRST_DAY to LAST_DAY
 * (a date-time by its UTC day): JavaScript rolls 2021-02-30 over to March and reads year 0, which
 * PostgreSQL refuses, and eight hours after 9999-12-31T23:59:59Z China time is in year 10000.
 */
function moment(text: string, dateTimeOnly: boolean): string | undefined {
  const match = MOMENT.exec(text);
  if (!match || !isCalendarDate(match[1]!)) return undefined;
  const dateOnly = match[2] === undefined;
  if (dateOnly ? dateTimeOnly : !onTheClock(match.slice(2))) return undefined;
  // A date-time's offset can put its instant on the day before or after the one it writes.
  const day = dateOnly ? match[1]! : new Date(text).toISOString().slice(0, 10);
  return day >= FIRST_DAY && day <= LAST_DAY ? text : undefined;
}

/** Hours, minutes and seconds of the time and of its offset, as a clock shows them (no 24:00, no leap second). */
function onTheClock(fields: ReadonlyArray<string | undefined>): boolean {
  const [hours = 0, minutes = 0, seconds = 0, offsetHours = 0, offsetMinutes = 0] = fields.map((f) =>
    f === undefined ? undefined : Number(f),
  );
  return hours <= 23 && minutes <= 59 && seconds <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

const RANGE = `from ${FIRST_DAY} to ${LAST_DAY}`;

/** Valid time and other instants a date names: the whole CST day, as each query says. */
export const Moment = (docs: ApiPropertyOptions = {}) =>
  parameter(`a date (YYYY-MM-DD, a day in China time) or a date-time with its offset, ${RANGE}`, (text) => moment(text, false), {
    example: '2024-06-01',
    ...docs,
  });

/** Transaction time is a moment the ledger recorded at, never a whole day. */
export const DateTime = (docs: ApiPropertyOptions = {}) =>
  parameter(`a date-time with its offset (transaction time), ${RANGE}`, (text) => moment(text, true), {
    format: 'date-time',
    example: '2024-06-01T12:00:00+08:00',
    ...docs,
  });

const LIST_MEMBER = /^[A-Za-z0-9_-]{1,100}$/;

/** A comma-separated list of names (event types): no empty members, at most 100. */
export const NameList = (docs: ApiPropertyOptions = {}) =>
  parameter(
    'a comma-separated list of 1 to 100 names (letters, digits, _ and -), none empty',
    (text) => {
      const members = text.split(',').map((m) => m.trim());
      return members.length <= 100 && members.every((m) => LIST_MEMBER.test(m)) ? members : undefined;
    },
    { example: 'PenaltyImposed,CreditListEntryAdded', ...docs },
  );

/** C0 and C1 controls, DEL: never part of a search, and NUL is text PostgreSQL cannot hold. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const SearchText = (maxLength: number, docs: ApiPropertyOptions = {}) =>
  parameter(
    `text of at most ${maxLength} characters without control characters`,
    (text) => (text.length <= maxLength && !CONTROL.test(text) ? text.trim() : undefined),
    {
      maxLength,
      ...docs,
    },
  );

export const Uscc = () =>
  parameter('a unified social credit code with its GB 32100 check character', (text) => (isValidUscc(text) ? text : undefined), {
    example: '91330100716105852F',
  });

export const Province = () =>
  parameter('a six-digit GB/T 2260 province code', (text) => (isProvinceCode(text) ? text : undefined), { example: '330000' });

/** A deciding authority, as an officer token's `org` names it (docs/http-contract.md, Conventions). */
export const Authority = () =>
  parameter('MIIT or a six-digit GB/T 2260 province code', (text) => (isAuthority(text) ? text : undefined), { example: 'MIIT' });

/** A year, up to `last` (a year whose deadlines fall in the next year ends before LAST_DAY's). */
export const Year = (last: number, docs: ApiPropertyOptions = {}) => {
  const first = Number(FIRST_DAY.slice(0, 4));
  return parameter(`a year from ${first} to ${last}`, integer(first, last), { type: 'integer', minimum: first, maximum: last, ...docs });
};

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A quarter of a year (`2021-Q1`), the period the lists are published by (公示), as `{year, quarter}`. */
export const Quarter = (docs: ApiPropertyOptions = {}) =>
  parameter(
    `a quarter written YYYY-Qn (n from 1 to 4), in a year from ${FIRST_DAY.slice(0, 4)} to ${LAST_DAY.slice(0, 4)}`,
    (text) => {
      const match = QUARTER.exec(text);
      if (!match || match[1]! < FIRST_DAY.slice(0, 4)) return undefined;
      return { year: Number(match[1]), quarter: Number(match[2]) };
    },
    { example: '2021-Q1', ...docs },
  );

/** A comma-separated choice among `values`, each at most once, in the order given. */
export const SomeOf = <T extends string>(values: readonly T[], docs: ApiPropertyOptions = {}) =>
  parameter(
    `a comma-separated list of distinct members of ${values.join(', ')}`,
    (text) => {
      const members = text.split(',').map((m) => m.trim());
      return members.every((m) => (values as readonly string[]).includes(m)) && new Set(members).size === members.length
        ? (members as T[])
        : undefined;
    },
    { example: values.join(','), ...docs },
  );

export const OneOf = <T extends string>(values: readonly T[]) =>
  parameter(`one of ${values.join(', ')}`, (text) => ((values as readonly string[]).includes(text) ? (text as T) : undefined), {
    enum: [...values],
  });

export const Flag = () =>
  parameter('true or false', (text) => (text === 'true' ? true : text === 'false' ? false : undefined), { enum: ['true', 'false'] });

/** Only its shape here: what a cursor holds is checked by the query that issued it (decodeCursor). */
export const Cursor = () => parameter('a cursor this API issued', (text) => (/^[A-Za-z0-9_-]{1,1000}$/.test(text) ? text : undefined));

/** Any query accepts `minPosition` (docs/http-contract.md, Conventions: read-your-writes). */
export class ReadQuery {
  @Position({ description: 'Wait until the answer reflects at least this global position (up to 5 s, then 503 PROJECTION_BEHIND).' })
  minPosition?: number;
}

/** Queries of current state also answer for another time (docs/http-contract.md, Conventions). */
export class TimeTravelQuery extends ReadQuery {
  @DateTime({ description: 'Transaction time: the state as the ledger had recorded it at this moment.' })
  asOf?: string;

  @Moment({ description: 'Valid time: what was in legal effect at this moment (a date: at the end of that CST day).' })
  validAt?: string;
}

export class PageQuery {
  @Limit()
  limit: number = 50;

  @Cursor()
  cursor?: string;
}

export class TimeTravelPageQuery extends IntersectionType(TimeTravelQuery, PageQuery) {}

export class ReadPageQuery extends IntersectionType(ReadQuery, PageQuery) {}

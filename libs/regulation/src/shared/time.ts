/**
 * Calendar dates in the contract mean that day in China Standard Time (docs/http-contract.md, Conventions).
 * Deciders compare instants, so dates are turned into the instant the day starts in UTC+08:00.
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function startOfDayCst(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** A date or date-time as an ISO instant in UTC; dates are read as CST days. */
export function toInstant(value: string): string {
  return DATE_ONLY.test(value) ? startOfDayCst(value) : new Date(value).toISOString();
}

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/** The CST calendar date of an instant. */
export function cstDate(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Adds whole years to a CST calendar date (Feb 29 rolls to Mar 1, as Date does). */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2021-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!isDateOnly(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * A publication period (公示): a calendar quarter written `2025-Q3`, as the statistics name
 * quarters. The lists are published quarterly in practice (docs/domain.md §5).
 */
export interface PublicationPeriod {
  readonly period: string;
  readonly firstDay: string;
  /** The day whose lists a publication of the quarter shows: the quarter's close. */
  readonly lastDay: string;
}

const PERIOD = /^(\d{4})-Q([1-4])$/;
const LAST_DAY_OF_QUARTER = ['03-31', '06-30', '09-30', '12-31'] as const;

/** Null for text that names no quarter (years before 1900 included, as the query parameters refuse them). */
export function publicationPeriod(text: string): PublicationPeriod | null {
  const match = PERIOD.exec(text);
  if (!match || Number(match[1]) < 1900) return null;
  const year = match[1] as string;
  const quarter = Number(match[2]);
  return {
    period: text,
    firstDay: `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`,
    lastDay: `${year}-${LAST_DAY_OF_QUARTER[quarter - 1]}`,
  };
}

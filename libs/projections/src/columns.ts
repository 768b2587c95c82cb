/** pg returns bigint as a string; positions stay far below 2^53, so numbers are safe. */
export const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** `date` columns as 'YYYY-MM-DD' strings, the contract's calendar dates, never shifted by a time zone. */
export const dateAsString = {
  to: (v: string) => v,
  from: (v: string | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
};

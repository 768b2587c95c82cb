// The two times of the API (api.md, Conventions): asOf, what the ledger had recorded by then;
// validAt, what was in legal effect then. Both live in the page's address, so a view can be shared.

export const boundsOf = (params) => ({ asOf: params.get('asOf') || undefined, validAt: params.get('validAt') || undefined });

export const travelling = (bounds) => Boolean(bounds.asOf || bounds.validAt);

/** A calendar date means that whole day in Beijing, as the API reads it. */
function validUntil(validAt) {
  return /^\d{4}-\d{2}-\d{2}$/.test(validAt) ? Date.parse(`${validAt}T00:00:00+08:00`) + 86_400_000 - 1 : Date.parse(validAt);
}

/** Whether a history item belongs to the ledger as it stood at the bounds. */
export function within(bounds) {
  const asOf = bounds.asOf ? Date.parse(bounds.asOf) : Infinity;
  const valid = bounds.validAt ? validUntil(bounds.validAt) : Infinity;
  return (item) => Date.parse(item.recordedAt) <= asOf && Date.parse(item.effectiveAt) <= valid;
}

/** A datetime-local value (no zone) read as Beijing time, the zone the officers work in. */
export function asOfFromInput(value) {
  return value ? `${value.length === 16 ? `${value}:00` : value}+08:00` : undefined;
}

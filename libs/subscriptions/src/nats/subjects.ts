/**
 * Which regulatory context a stream belongs to, by its id's prefix: the `<context>` token of
 * `ledger.<context>.<EventType>` (docs/http-contract.md). No prefix begins another (the unit test checks), so
 * their order does not matter.
 */
export const CONTEXT_BY_STREAM_PREFIX: ReadonlyArray<readonly [prefix: string, context: string]> = [
  ['enterprise-', 'enterprises'],
  ['licence-application-', 'licensing'],
  ['number-', 'numbering'],
  ['access-contract-', 'access'],
  ['case-', 'enforcement'],
  ['credit-entry-', 'credit-list'],
  ['credit-publication-', 'credit-list'],
  ['inspection-draw-', 'inspections'],
];

/** Streams of no known context still go out (a relay that stops on them would hold up the log). */
export const UNKNOWN_CONTEXT = 'other';

export function contextOf(streamId: string): string {
  return CONTEXT_BY_STREAM_PREFIX.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? UNKNOWN_CONTEXT;
}

/** A subject token may not hold `.`, `*`, `>` or whitespace; event types never do, but one that did must not split the subject. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function subjectOf(prefix: string, event: { readonly streamId: string; readonly type: string }): string {
  return `${prefix}.${contextOf(event.streamId)}.${token(event.type)}`;
}

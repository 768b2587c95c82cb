import { CONTEXT_BY_STREAM_PREFIX, contextOf, subjectOf } from './subjects';

describe('NATS subjects', () => {
  it.each([
    ['enterprise-91330100716105852F', 'enterprises'],
    ['licence-application-6f1c0d3e-0000-4000-8000-000000000001', 'licensing'],
    ['number-110000-96123', 'numbering'],
    ['access-contract-6f1c0d3e-0000-4000-8000-000000000002', 'access'],
    ['case-6f1c0d3e-0000-4000-8000-000000000003', 'enforcement'],
    ['credit-entry-6f1c0d3e-0000-4000-8000-000000000004', 'credit-list'],
    ['inspection-draw-6f1c0d3e-0000-4000-8000-000000000005', 'inspections'],
  ])('puts stream %s in context %s', (streamId, context) => {
    expect(contextOf(streamId)).toBe(context);
  });

  it('names the subject ledger.<context>.<EventType>', () => {
    expect(subjectOf('ledger', { streamId: 'case-1', type: 'PenaltyImposed' })).toBe('ledger.enforcement.PenaltyImposed');
    expect(subjectOf('test.ledger', { streamId: 'credit-entry-1', type: 'CreditListEntryAdded' })).toBe(
      'test.ledger.credit-list.CreditListEntryAdded',
    );
  });

  it('still publishes a stream of no known context, and never splits a subject on an odd type', () => {
    expect(subjectOf('ledger', { streamId: 'mystery-1', type: 'Odd.Type >*' })).toBe('ledger.other.Odd_Type___');
  });

  it('has no prefix that begins another, so the order of the map cannot matter', () => {
    const prefixes = CONTEXT_BY_STREAM_PREFIX.map(([prefix]) => prefix);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});

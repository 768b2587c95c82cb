import type { RecordedEvent } from '@ledger/event-store';
import type { Rows, RowsToLoad } from './page-rows';

/**
 * A read model built from the log. The runner owns the checkpoint and the transaction; a
 * projection only says what an event does to its rows (after Marten's projections).
 * `apply` must be deterministic in the event alone, so that replaying gives the same rows.
 */
export interface Projection {
  readonly name: string;
  /** The event types it reads; the runner asks the store for only these. */
  readonly eventTypes: readonly string[];
  /** The tables it writes, all in `public`; a rebuild makes fresh copies and swaps them in. */
  readonly tables: readonly string[];
  /**
   * The rows `apply` will read for these events, by primary key: the runner loads them in one
   * query per table before the page, instead of one query per event. Rows not named here are
   * still found, one at a time.
   */
  rowsToLoad?(events: readonly RecordedEvent[]): readonly RowsToLoad[];
  apply(event: RecordedEvent, rows: Rows): Promise<void> | void;
}

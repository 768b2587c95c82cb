import type { EventStore, LogPage } from '@ledger/event-store';

export interface PageReader {
  next(from: number): Promise<LogPage>;
}

/**
 * Pages of the log, each full page's successor read while it is being handled, so that reading
 * and handling overlap (two connections) during a catch-up. A page read ahead is used only if it
 * starts where the reader asks; otherwise it is dropped.
 */
export function readAhead(store: EventStore, options: { readonly types?: readonly string[]; readonly pageSize: number }): PageReader {
  let ahead: { from: number; page: Promise<LogPage> } | null = null;
  const read = (from: number) => store.readPage({ fromPosition: from, limit: options.pageSize, types: options.types });
  return {
    next: async (from) => {
      const page = ahead?.from === from ? await ahead.page : await read(from);
      ahead = null;
      if (page.events.length === options.pageSize) {
        const next = read(page.nextPosition);
        next.catch(() => undefined); // asked for, a failed read fails the caller as any read would; never asked for, it must not go unhandled
        ahead = { from: page.nextPosition, page: next };
      }
      return page;
    },
  };
}

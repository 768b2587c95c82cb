import type { EventStore } from '@ledger/event-store';

/**
 * Waits until readers of the global log can see everything committed so far. A commit is hidden
 * from readers while an append that took an earlier position is still in flight (the store's
 * gapless guarantee), so a test that reads the log right after writing waits first.
 */
export async function untilLogVisible(store: EventStore, timeoutMs = 15_000): Promise<void> {
  const target = await store.committedHead();
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < target) {
    if (Date.now() > deadline) throw new Error(`the log was not visible up to ${target} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

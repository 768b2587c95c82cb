/**
 * Wakes this process's readers waiting for events: at once when it appends, when the adapter's
 * live signal (PostgreSQL's LISTEN, a KurrentDB subscription) reports a commit from anywhere, and
 * by a poll as the fallback while that signal is lost or where there is none.
 */
export class WakeSignal {
  private generation = 0;
  private waiters = new Set<() => void>();
  private closed = false;
  /** The highest position announced; may be ahead of what readers can see. */
  private notifiedHead = 0;

  constructor(readonly pollMs: number) {}

  notify(position: number): void {
    if (position > this.notifiedHead) this.notifiedHead = position;
    this.generation++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves when events after `position` may have been committed, or after `timeoutMs`. */
  async waitAfter(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    // Announced already: the reader's read came before the announcement, or (PostgreSQL) an append
    // that took an earlier position is still in flight. It looks again soon; the pause only keeps
    // it from spinning.
    if (this.notifiedHead > position) return this.wait(-1, Math.min(timeoutMs, 5), signal);
    return this.wait(this.generation, Math.min(timeoutMs, this.pollMs), signal);
  }

  /** Resolves after `ms`, on abort, or when the signal closes. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.wait(-1, ms, signal);
  }

  /** Wakes every waiter, and every later one at once. */
  close(): void {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** A generation of -1 means "just sleep": only the timer, an abort or closing ends the wait. */
  private wait(sinceGeneration: number, ms: number, signal?: AbortSignal): Promise<void> {
    if ((sinceGeneration !== -1 && this.generation !== sinceGeneration) || signal?.aborted || this.closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      if (sinceGeneration !== -1) this.waiters.add(done);
    });
  }
}

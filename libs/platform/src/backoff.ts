/**
 * Exponential backoff with "full jitter": a uniformly random wait up to base·2^(attempt-1),
 * capped. Randomising the whole interval spreads retries from many webhooks, or many ledgers,
 * that failed together, instead of having them hit a recovering receiver in step.
 */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or less when the signal aborts: a stopping worker must not sit out its backoff. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

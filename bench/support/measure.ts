import { performance } from 'node:perf_hooks';

/** What one contender did in one case. Latencies are per operation (one append, one page, one request). */
export interface Figures {
  /** Events per second, or the `unit` named (queries, commands) where a case counts those. */
  readonly eventsPerSec: number | null;
  readonly unit?: string;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly operations: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly note?: string;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function figures(latencies: number[], events: number, elapsedMs: number, note?: string): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    eventsPerSec: elapsedMs > 0 ? (events * 1000) / elapsedMs : null,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    operations: latencies.length,
    events,
    elapsedMs,
    ...(note ? { note } : {}),
  };
}

export interface LoadOptions {
  readonly concurrency: number;
  /** Operations to run in all; the run also stops at `maxMs`, whichever comes first. */
  readonly operations: number;
  readonly maxMs: number;
}

/**
 * Runs `op` from `concurrency` workers until `operations` have been started or `maxMs` has
 * passed. `op` returns the events it wrote or read; its latency is measured here.
 */
export async function runLoad(
  options: LoadOptions,
  op: (worker: number, index: number) => Promise<number>,
  /** Also receives every latency, for a case that adds several runs up. */
  sink: number[] = [],
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let events = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;
  const worker = async (w: number) => {
    while (next < options.operations && performance.now() < deadline) {
      const index = next++;
      const t0 = performance.now();
      const done = await op(w, index);
      events += done;
      const latency = performance.now() - t0;
      latencies.push(latency);
      sink.push(latency);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  return figures(latencies, events, performance.now() - started);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

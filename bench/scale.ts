/** How much each case does: `--quick` is a smoke run of about a minute, the full run a few minutes more. */
export interface Scale {
  readonly quick: boolean;
  /** Upper bound on any one measured run. */
  readonly caseMs: number;
  readonly singleC1: number;
  readonly single: number;
  readonly batch10: number;
  readonly batch100: number;
  readonly conflicts: number;
  readonly licences: number;
  readonly creditEntries: number;
  readonly longStream: number;
  readonly queries: number;
  readonly sseEvents: number;
  readonly httpWorkflows: number;
  readonly httpMs: number;
  /** Rounds of the ledger against the Express + Emmett peer, each side once a round. */
  readonly peerRounds: number;
  /** Registrations, and as many number allocations, each side is sent a round (at most 5,000: 95 numbers of 6 digits, shared with the warm-up). */
  readonly peerCommands: number;
  /**
   * Registrations, then allocations, each side is sent before its measured ones (at most 5,000):
   * a server is measured as it runs for days, after the JIT has compiled its hot paths, not in its
   * first seconds, when the compiler threads take as much CPU as the requests.
   */
  readonly peerWarmUp: number;
  readonly curve: readonly number[];
  readonly curveAppends: number;
}

export const QUICK: Scale = {
  quick: true,
  caseMs: 3_000,
  singleC1: 300,
  single: 600,
  batch10: 100,
  batch100: 20,
  conflicts: 100,
  licences: 300,
  creditEntries: 5_000,
  longStream: 1_000,
  queries: 100,
  sseEvents: 100,
  httpWorkflows: 32,
  httpMs: 10_000,
  peerRounds: 5,
  peerCommands: 300,
  peerWarmUp: 300,
  curve: [2_000, 10_000],
  curveAppends: 300,
};

export const FULL: Scale = {
  quick: false,
  caseMs: 20_000,
  singleC1: 5_000,
  single: 20_000,
  batch10: 2_000,
  batch100: 400,
  conflicts: 1_000,
  licences: 10_000,
  creditEntries: 100_000,
  longStream: 10_000,
  queries: 1_000,
  sseEvents: 2_000,
  httpWorkflows: 640,
  httpMs: 60_000,
  peerRounds: 5,
  peerCommands: 3_000,
  peerWarmUp: 5_000,
  curve: [10_000, 100_000, 1_000_000],
  curveAppends: 4_000,
};

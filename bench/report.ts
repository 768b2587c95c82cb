import type { CaseResult } from './cases/appends';
import { roundKey } from './cases/peer';
import type { CurvePoint } from './cases/scale-curve';
import type { Figures } from './support/measure';

export interface Goal {
  readonly goal: string;
  readonly target: string;
  readonly measured: string;
  /** null: not measured in this run. */
  readonly met: boolean | null;
}

export interface Report {
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Record<string, string | number>;
  readonly cases: readonly CaseResult[];
  readonly ratios: Record<string, Record<string, number | null>>;
  readonly curve: readonly CurvePoint[];
  readonly goals: readonly Goal[];
}

function ratio(a: Figures | undefined, b: Figures | undefined): number | null {
  return a?.eventsPerSec && b?.eventsPerSec ? a.eventsPerSec / b.eventsPerSec : null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each round's ledger/peer ratio: the two sides of a round ran minutes apart at most, under the same load. */
function peerRounds(c: CaseResult): Array<{ ratio: number; ledger: Figures }> {
  const rounds: Array<{ ratio: number; ledger: Figures }> = [];
  for (let round = 1; c.results[roundKey('ledger', round)]; round++) {
    const ledger = c.results[roundKey('ledger', round)]!;
    const r = ratio(ledger, c.results[roundKey('peer', round)]);
    if (r !== null) rounds.push({ ratio: r, ledger });
  }
  return rounds;
}

export function ratiosOf(cases: readonly CaseResult[]): Record<string, Record<string, number | null>> {
  const ratios: Record<string, Record<string, number | null>> = {};
  for (const c of cases) {
    const { ledger, emmett, ceiling } = c.results;
    if (ceiling) ratios[c.id] = { 'ledger/ceiling': ratio(ledger, ceiling), 'ledger/emmett': ratio(ledger, emmett) };
    if (c.results['plain select']) ratios[c.id] = { 'ledger/plain select': ratio(ledger, c.results['plain select']) };
    if (c.id.startsWith('peer-')) {
      const rounds = peerRounds(c).map((r) => r.ratio);
      ratios[c.id] = {
        'ledger/peer, median of rounds': median(rounds),
        lowest: rounds.length ? Math.min(...rounds) : null,
        highest: rounds.length ? Math.max(...rounds) : null,
      };
    }
  }
  return ratios;
}

/** The median of the ledger's per-round p99s: one slow round (a checkpoint, a neighbour's job) does not decide it. */
function ledgerMedianP99(c: CaseResult | undefined): number | null {
  return c ? median(peerRounds(c).flatMap((r) => (r.ledger.p99Ms === null ? [] : [r.ledger.p99Ms]))) : null;
}

const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '–' : n.toFixed(digits));

export function goalsOf(cases: readonly CaseResult[], ratios: Report['ratios'], curve: readonly CurvePoint[], quick: boolean): Goal[] {
  const byId = (id: string) => cases.find((c) => c.id === id);
  const atLeast = (goal: string, value: number | null | undefined, min: number, target = `≥ ${min}`, digits = 2): Goal => ({
    goal,
    target,
    measured: fixed(value, digits),
    met: value === null || value === undefined ? null : value >= min,
  });
  const atMost = (goal: string, value: number | null | undefined, max: number, unit: string): Goal => ({
    goal,
    target: `≤ ${max} ${unit}`,
    measured: value === null || value === undefined ? '–' : `${value.toFixed(2)} ${unit}`,
    met: value === null || value === undefined ? null : value <= max,
  });
  const asOf = byId('as-of-licence')?.results.ledger;
  const fanOut = byId('sse-fan-out')?.results;
  const oneClient = byId('sse')?.results.ledger;
  const http = byId('http-c32')?.results.ledger;
  const first = curve[0]?.append.p99Ms;
  const last = curve[curve.length - 1]?.append.p99Ms;
  const suffix = quick ? ' (quick: smaller than the goal)' : '';
  return [
    atLeast('single-event appends c8, ledger/ceiling', ratios['single-c8']?.['ledger/ceiling'], 0.75),
    atLeast('single-event appends c32, ledger/ceiling', ratios['single-c32']?.['ledger/ceiling'], 0.75),
    atLeast('batches of 100, ledger/ceiling', ratios['batch100-c8']?.['ledger/ceiling'], 0.6),
    atLeast('catch-up read, ledger/plain select', ratios['catch-up']?.['ledger/plain select'], 0.8),
    atLeast('licence projection rebuild, events/s', byId('rebuild')?.results.licences?.eventsPerSec, 20_000, '≥ 20,000', 0),
    atMost(`as-of state of a long stream, p99${suffix}`, asOf?.p99Ms, 10, 'ms'),
    atMost(`credit list at a past date, p99${suffix}`, byId('credit-list-at')?.results.ledger?.p99Ms, 50, 'ms'),
    atMost('SSE commit-to-delivery, p99', byId('sse')?.results.ledger?.p99Ms, 50, 'ms'),
    atLeast(
      'append throughput with 100 SSE clients / without (cost ≤ 10%)',
      ratio(fanOut?.['appends with clients'], fanOut?.['appends without clients']),
      0.9,
    ),
    atMost(
      'SSE p99 added by 100 clients (fan-out p99 − one client’s)',
      fanOut?.ledger?.p99Ms != null && oneClient?.p99Ms != null ? fanOut.ledger.p99Ms - oneClient.p99Ms : null,
      50,
      'ms',
    ),
    atLeast('contended appends (8 writers, one stream), ledger/emmett', ratios['conflicts-c8']?.['ledger/emmett'], 1),
    atLeast(
      'all projections from start-up to the head, events/s',
      byId('rebuild')?.results['live catch-up']?.eventsPerSec,
      20_000,
      '≥ 20,000',
      0,
    ),
    atLeast('HTTP commands c32, commands/s', http?.eventsPerSec, 2_500, '≥ 2,500', 0),
    atMost('HTTP commands c32, p99', http?.p99Ms, 50, 'ms'),
    atLeast(
      'HTTP registration c32, ledger/Express + Emmett (median round)',
      ratios['peer-register']?.['ledger/peer, median of rounds'],
      1.2,
    ),
    atMost('HTTP registration c32, ledger p99 (median round)', ledgerMedianP99(byId('peer-register')), 50, 'ms'),
    atLeast(
      'HTTP number allocation c32, ledger/Express + Emmett (median round)',
      ratios['peer-allocate']?.['ledger/peer, median of rounds'],
      1.2,
    ),
    atMost('HTTP number allocation c32, ledger p99 (median round)', ledgerMedianP99(byId('peer-allocate')), 50, 'ms'),
    atMost('penalty to its automatic listing at that load, p99', byId('listing-delay')?.results.ledger?.p99Ms, 1000, 'ms'),
    {
      goal: `append p99 at the largest log / at the smallest (${curve.map((p) => p.logEvents.toLocaleString('en')).join(' → ')})`,
      target: '≤ 1.5',
      measured: first && last ? (last / first).toFixed(2) : '–',
      met: first && last ? last / first <= 1.5 : null,
    },
  ];
}

function pad(text: string, width: number, right = false): string {
  const visible = [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const fill = ' '.repeat(Math.max(0, width - visible));
  return right ? fill + text : text + fill;
}

const rate = (f: Figures) => (f.eventsPerSec === null ? '–' : Math.round(f.eventsPerSec).toLocaleString('en'));

function figuresLine(name: string, f: Figures): string {
  return [
    pad(`  ${name}`, 22),
    pad(rate(f), 12, true),
    pad(f.unit && f.unit !== 'events/s' ? ` ${f.unit}` : ' events/s', 16),
    pad(fixed(f.p50Ms), 9, true),
    pad(fixed(f.p99Ms), 9, true),
    pad(String(f.operations), 8, true),
    f.note ? `  ${f.note}` : '',
  ].join('');
}

export function render(report: Report): string {
  const lines: string[] = [];
  lines.push(`Benchmark (${report.mode}) — ${report.startedAt}`);
  lines.push(
    Object.entries(report.machine)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  lines.push('');
  lines.push(
    pad('case / contender', 22) +
      pad('rate', 12, true) +
      pad('', 16) +
      pad('p50 ms', 9, true) +
      pad('p99 ms', 9, true) +
      pad('ops', 8, true),
  );
  for (const c of report.cases) {
    lines.push(c.title);
    for (const [name, f] of Object.entries(c.results)) if (f) lines.push(figuresLine(name, f));
    const r = report.ratios[c.id];
    if (r)
      lines.push(
        `  ratios: ${Object.entries(r)
          .map(([k, v]) => `${k} ${fixed(v)}`)
          .join(', ')}`,
      );
  }
  if (report.curve.length > 0) {
    lines.push('scale curve (ledger): single-event appends c8, and as-of reads of a 100-event stream, by events in the log');
    for (const p of report.curve) {
      lines.push(figuresLine(`${p.logEvents.toLocaleString('en')} append`, p.append));
      lines.push(figuresLine(`${p.logEvents.toLocaleString('en')} as-of`, p.asOfRead));
    }
  }
  lines.push('');
  lines.push(pad('goal', 70) + pad('target', 14) + pad('measured', 14) + 'met');
  for (const g of report.goals)
    lines.push(pad(g.goal, 70) + pad(g.target, 14) + pad(g.measured, 14) + (g.met === null ? 'not measured' : g.met ? 'yes' : 'no'));
  return lines.join('\n');
}

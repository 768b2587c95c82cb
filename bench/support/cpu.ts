import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** A process's command name and CPU seconds so far (user + system), or null once it has gone. */
function processStat(pid: number | string): { command: string; seconds: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name in parentheses may hold spaces: fields count from after its closing one.
  const end = stat.lastIndexOf(')');
  const fields = stat.slice(end + 2).split(' ');
  return { command: stat.slice(stat.indexOf('(') + 1, end), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

/** CPU seconds used so far by every PostgreSQL process on this machine (server, backends, workers). */
function postgresSeconds(): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = processStat(pid);
    if (stat?.command === 'postgres') seconds += stat.seconds;
  }
  return seconds;
}

/** Idle and total seconds of all cores, from /proc/stat's first line. */
function machineSeconds(): { idle: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0) / TICKS_PER_SECOND;
  return { idle: ((cpu[3] ?? 0) + (cpu[4] ?? 0)) / TICKS_PER_SECOND, total };
}

interface Reading {
  readonly server: number | null;
  readonly postgres: number;
  readonly bench: number;
  readonly machine: { idle: number; total: number };
}

function read(serverPid: number): Reading {
  const own = process.cpuUsage();
  return {
    server: processStat(serverPid)?.seconds ?? null,
    postgres: postgresSeconds(),
    bench: (own.user + own.system) / 1e6,
    machine: machineSeconds(),
  };
}

/**
 * Where a load's CPU went, per operation: the server process, PostgreSQL (the whole cluster, so
 * the load should be the only thing on it), this bench process, and how much of the machine was
 * idle. A load that makes the machine busy is bounded by the sum, which is what a faster server
 * has to lower; on a machine without /proc it says nothing.
 */
export function cpuMeter(serverPid: number): { stop(operations: number): string | null } {
  let before: Reading;
  try {
    before = read(serverPid);
  } catch {
    return { stop: () => null };
  }
  return {
    stop(operations) {
      const after = read(serverPid);
      if (operations === 0 || before.server === null || after.server === null) return null;
      const perOp = (a: number, b: number) => (((a - b) * 1000) / operations).toFixed(2);
      const idle = (after.machine.idle - before.machine.idle) / (after.machine.total - before.machine.total || 1);
      return (
        `CPU ms/command: server ${perOp(after.server, before.server)}, PostgreSQL ${perOp(after.postgres, before.postgres)}, ` +
        `bench ${perOp(after.bench, before.bench)}; machine ${Math.round(idle * 100)}% idle`
      );
    },
  };
}

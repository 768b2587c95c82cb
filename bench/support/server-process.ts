import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { sleep } from './measure';

/** A server the bench started as a process of its own, listening on loopback. */
export interface ServerProcess {
  readonly base: string;
  readonly pid: number;
  /** SIGTERM, and SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no loopback port');
  return address.port;
}

function statusOf(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

/**
 * Starts `node <script>` with only the environment given (and PATH), on a free loopback port
 * passed as PORT, and waits (bounded) until `readyPath` answers a status `ready` accepts.
 */
export async function startServer(options: {
  readonly script: string;
  readonly env: Record<string, string>;
  readonly readyPath: string;
  readonly ready: (status: number) => boolean;
  readonly timeoutMs: number;
  /** Options for node itself, e.g. `--cpu-prof` to see where the server's time goes under the load. */
  readonly nodeOptions?: readonly string[];
}): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.script], {
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (exitedEarly) throw new Error(`${options.script} exited before it was ready: ${stderr.trim() || `code ${child.exitCode}`}`);
    const status = await statusOf(`${base}${options.readyPath}`);
    if (status !== null && options.ready(status)) return { base, pid: child.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.script} not ready after ${options.timeoutMs} ms (last status ${status}): ${stderr.trim()}`);
    }
    await sleep(100);
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { DatabaseConfig } from '../../server/config.js';
import { built, ROOT } from './build.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote to stderr and stdout, for a failing test's message. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, whatever is only in memory is gone. Resolves once the process is dead. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the graceful stop. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function databaseUrl(db: DatabaseConfig): string {
  return db.kind === 'sqlite' ? db.file : db.url;
}

/**
 * The built server (dist/server/main.js, built first if this test run has not yet) as a process of its own on 127.0.0.1, on the
 * given database; resolves once /healthz answers (within 30 s).
 */
export async function startServerProcess(db: DatabaseConfig, env: Record<string, string> = {}): Promise<ServerProcess> {
  await built();
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl(db), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    url,
    output: () => output,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await server.kill9();
  throw new Error(`the server did not answer /healthz within 30 s:\n${output}`);
}

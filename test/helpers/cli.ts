import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { Context } from '../../cli/context.js';
import { createIo } from '../../cli/output/io.js';
import { run } from '../../cli/program.js';
import { built, ROOT } from './build.js';

export { ROOT };
export const BIN = path.join(ROOT, 'dist/cli/main.js');

export interface CliResult {
  /** The exit code; null when the binary was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  /** In-process runs only: stdin and stderr say they are a terminal (isTTY), as a user's would. */
  tty?: boolean;
  /** In-process runs only: called with everything written so far, each time either stream is written (to act mid-run). */
  onOutput?: (stdout: string, stderr: string) => void;
}

export interface BinaryOptions extends RunOptions {
  /** Called with the child as soon as it runs (to kill it mid-way, for instance). */
  onSpawn?: (child: ChildProcess) => void;
}

/** A stream that keeps what is written to it, as a pipe would deliver it. */
class Collected extends Writable {
  text = '';
  isTTY?: boolean;
  onWrite?: () => void;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    this.onWrite?.();
    done();
  }
}

/**
 * A temp LOOM_HOME, and `loom` run against it: in this process through run(argv, ctx) with its own environment,
 * working directory and streams (so tests run concurrently and share nothing), or as the built binary.
 * Async, so a server in this process can answer it.
 */
export class Loom {
  readonly home: string;

  constructor(readonly env: Record<string, string | undefined> = {}) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-home-'));
  }

  path(...parts: string[]): string {
    return path.join(this.home, ...parts);
  }

  /** Writes <home>/config.yaml with these sources. */
  sources(sources: { name: string; url: string; enabled?: boolean; type?: string; auth?: { type: string; token: string } }[]): this {
    const yaml = ['plugin_registry:', '  sources:'];
    for (const s of sources) {
      yaml.push(`    - name: ${s.name}`, `      url: ${JSON.stringify(s.url)}`, `      enabled: ${s.enabled ?? true}`);
      if (s.type) yaml.push(`      type: ${s.type}`);
      if (s.auth) yaml.push('      auth:', `        type: ${s.auth.type}`, `        token: ${JSON.stringify(s.auth.token)}`);
    }
    fs.writeFileSync(this.path('config.yaml'), `${yaml.join('\n')}\n`);
    return this;
  }

  /** The environment `loom` runs with: only these variables, never the test process's own. */
  private environment(options: RunOptions): NodeJS.ProcessEnv {
    // Tests never reach the internet: the default "official" source points at a closed local port unless a test says otherwise.
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: this.home,
      LOOM_HOME: this.home,
      LOOM_REGISTRY_URL: 'http://127.0.0.1:1',
      LOOM_SYSTEM_REGISTRY: this.path('no-system-registry'),
      ...this.env,
      ...options.env,
    };
    return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  }

  /** Runs `loom` in this process, as dist/cli/main.js does, on streams of its own (stdin gives `input`, then ends). */
  async run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    const env = this.environment(options);
    const stdout = new Collected();
    const stderr = new Collected();
    const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [options.input]), { isTTY: options.tty });
    stderr.isTTY = options.tty;
    if (options.onOutput) stdout.onWrite = stderr.onWrite = () => options.onOutput!(stdout.text, stderr.text);
    const code = await run([process.execPath, BIN, ...args], new Context(env, options.cwd ?? this.home, createIo(env, { stdin, stdout, stderr })));
    await Promise.all([stdout, stderr].map((stream) => new Promise((resolve) => stream.end(resolve))));
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  /** Runs the built binary (dist/cli/main.js, built first if this run has not yet) as a subprocess. */
  async binary(args: string[], options: BinaryOptions = {}): Promise<CliResult> {
    await built();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? this.home, env: this.environment(options), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.input ?? '');
      options.onSpawn?.(child);
    });
  }

  /** Runs `loom plugin …` and expects exit code `code`; prints both streams when it differs. */
  async plugin(args: string[], code = 0, options: RunOptions = {}): Promise<CliResult> {
    const result = await this.run(['plugin', ...args], options);
    expect(result.code, `loom plugin ${args.join(' ')}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(code);
    return result;
  }

  /** Runs `loom plugin … --json` expecting success, and parses stdout. */
  async json<T = any>(args: string[], code = 0, options: RunOptions = {}): Promise<T> {
    const result = await this.plugin([...args, '--json'], code, options);
    return JSON.parse(result.stdout) as T;
  }

  lock(): { version: number; plugins: Record<string, unknown>[] } {
    return JSON.parse(fs.readFileSync(this.path('plugins', 'installed.json'), 'utf8'));
  }

  remove(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/**
 * A static HTTP host for registry.json and manifests on 127.0.0.1:0. Routes can be replaced while it runs;
 * `hits` counts requests per path; a route given as a function takes over the raw response.
 */
export class StaticHost {
  readonly routes = new Map<string, Route | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>();
  readonly hits = new Map<string, number>();
  readonly requests: http.IncomingMessage[] = [];
  /** Answers what no route matches (404 when unset). */
  fallback?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const p = (req.url ?? '/').split('?')[0];
      this.hits.set(p, (this.hits.get(p) ?? 0) + 1);
      this.requests.push(req);
      const route = this.routes.get(p);
      if (typeof route === 'function') return route(req, res);
      if (!route && this.fallback) return this.fallback(req, res);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  json(p: string, value: unknown): this {
    this.routes.set(p, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    return this;
  }

  text(p: string, body: string, headers: Record<string, string> = { 'content-type': 'application/yaml' }): this {
    this.routes.set(p, { headers, body });
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A valid Loom manifest. */
export function manifest(name: string, version: string, extra = ''): string {
  return `type: http
endpoint: http://localhost:8090
metadata:
  name: ${name}
  version: ${version}
  provider_type: ${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}
  description: ${name} for tests
  capabilities:
    streaming: true
${extra}`;
}

/** A Loom registry.json entry. */
export function entry(id: string, version: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: id,
    provider_type: id,
    description: `${id} description`,
    author: 'Tester',
    version,
    license: 'MIT',
    homepage: '',
    repository: '',
    downloads: 10,
    rating: 4,
    reviews: 1,
    verified: false,
    tags: ['test'],
    capabilities: { streaming: true },
    install: { type: 'http', manifest_url: `manifests/${id}.yaml` },
    published_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    ...fields,
  };
}

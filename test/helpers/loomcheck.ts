import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/**
 * test/loom-conformance: our Go program decoding files the way Loom's Go client and loader do. Built offline with
 * Debian's golang-go and golang-gopkg-yaml.v3-dev (.ci/run installs them), once per source version: the binary is
 * kept under node_modules/.cache, named by a hash of its sources.
 */
const SOURCE = path.join(ROOT, 'test', 'loom-conformance');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'loomcheck');

/** Whether `go` runs here. Without it the Go checks skip, except under CI=true, where they are required. */
export const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

export function requireGoInCi(): void {
  if (!hasGo && process.env.CI === 'true') {
    throw new Error('go is not installed, and CI=true requires the Loom conformance check: apt-get install golang-go golang-gopkg-yaml.v3-dev (.ci/run does)');
  }
}

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOCACHE: path.join(CACHE, 'go-build'),
    GOPATH: path.join(CACHE, 'gopath'),
  };
}

let built: string | undefined;

/** The loomcheck binary, built unless this version of its sources already was (by any test file or run). */
export function loomcheckBinary(): string {
  if (built) return built;
  const hash = createHash('sha256');
  for (const name of ['go.mod', 'main.go']) hash.update(fs.readFileSync(path.join(SOURCE, name)));
  const binary = path.join(CACHE, hash.digest('hex').slice(0, 16), 'loomcheck');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    // Built beside, then renamed: test files building at once never run half a binary.
    const temp = `${binary}.${process.pid}.tmp`;
    const result = spawnSync('go', ['build', '-o', temp, '.'], { cwd: SOURCE, env: goEnv(), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`go build of test/loom-conformance failed:\n${result.stderr}`);
    fs.renameSync(temp, binary);
  }
  built = binary;
  return binary;
}

export interface LoomcheckResult<T> {
  code: number | null;
  /** What Loom decoded (stdout, parsed), when it printed anything. */
  value: T | undefined;
  /** Loom's error, when it failed. */
  stderr: string;
}

/** Runs loomcheck asynchronously, so a server in this process can answer its requests. */
export function loomcheck<T = any>(args: string[]): Promise<LoomcheckResult<T>> {
  const binary = loomcheckBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, value: stdout ? (JSON.parse(stdout) as T) : undefined, stderr: stderr.trim() }));
  });
}

/** A manifest as Loom's Go types hold it (loomcheck prints them with their json tags). */
export interface LoomManifest {
  type: string;
  endpoint?: string;
  auto_start: boolean;
  metadata: {
    name: string;
    version: string;
    provider_type: string;
    description: string;
    capabilities: Record<string, unknown> & { custom_capabilities?: Record<string, boolean> };
    config_schema?: { name: string; type: string; required: boolean; sensitive: boolean }[];
  };
}

export interface LoomDiscovery {
  plugins: { path: string; manifest?: LoomManifest; error?: string }[];
  duplicate_provider_types: Record<string, string[]>;
}

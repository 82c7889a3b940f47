import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  interface ProvidedContext {
    /** Names this test run (test/global-setup.ts), so dist/ is built once per run, not once per file. */
    buildRun: string;
  }
}

const BUILD_DEADLINE_MS = 180_000;

/** `npm run build` in build mode: on an up-to-date dist/ it only compares timestamps (half a second, where -p parses every file). */
function tsc(): Promise<void> {
  const bin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bin, '-b', 'tsconfig.build.json'], { cwd: ROOT }, (err, stdout, stderr) =>
      err ? reject(new Error(`tsc -b tsconfig.build.json failed:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

let building: Promise<void> | undefined;

/**
 * Builds dist/ (as `npm run build` does) for the tests that run the built code: the `loom` binary,
 * the server as a process of its own, the tools. Once per test run: the first test file to ask builds, under a lock
 * directory, and every other file (in any worker) waits for its result. The other tests import the sources and
 * never wait for a build.
 */
export function built(): Promise<void> {
  building ??= buildOnce(inject('buildRun'));
  return building;
}

async function buildOnce(run: string): Promise<void> {
  const done = path.join(run, 'done');
  const failed = path.join(run, 'failed');
  try {
    fs.mkdirSync(path.join(run, 'lock'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const deadline = Date.now() + BUILD_DEADLINE_MS;
    while (!fs.existsSync(done)) {
      if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
      if (Date.now() > deadline) throw new Error(`no build finished within ${BUILD_DEADLINE_MS / 1000} s (another test file started it)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return;
  }
  try {
    await tsc();
    fs.writeFileSync(done, '');
  } catch (err) {
    fs.writeFileSync(failed, (err as Error).message);
    throw err;
  }
}

/** For a file (or describe block) whose tests run dist/: builds before them, with time for a cold build on a loaded machine. */
export function needsBuild(): void {
  beforeAll(built, BUILD_DEADLINE_MS);
}

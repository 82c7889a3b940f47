import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * No build here: most tests import the sources (the CLI runs in-process, see test/helpers/cli.ts). The few that run
 * dist/ call built() (test/helpers/build.ts), which builds once per run in this folder's lock.
 */
export function setup(project: TestProject): () => void {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-test-build-'));
  project.provide('buildRun', run);
  return () => fs.rmSync(run, { recursive: true, force: true });
}

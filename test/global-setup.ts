import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * No build here: most tests import the sources (the CLI runs in-process, see test/helpers/cli.ts). The few that run
 * dist/ call built() (test/helpers/build.ts), which builds once per run in this folder's lock. Each project (one per
 * database) runs this set-up, in the one vitest process: the folder is named after that process, so both databases'
 * files share one build.
 */
export function setup(project: TestProject): () => void {
  const run = path.join(os.tmpdir(), `loom-test-build-${process.pid}`);
  fs.mkdirSync(run, { recursive: true });
  project.provide('buildRun', run);
  return () => fs.rmSync(run, { recursive: true, force: true });
}

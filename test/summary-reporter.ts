import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** What one database's run came to: the closing summary of `npm test` (test/suites.mjs) prints a line of each. */
export interface DatabaseRun {
  project: string;
  files: number;
  failedFiles: string[];
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Sums the run up per project (database) into the JSON file LOOM_TEST_SUMMARY names, which test/suites.mjs turns
 * into the closing summary; without it (a plain `vitest run`) it does nothing.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const file = process.env.LOOM_TEST_SUMMARY;
    if (!file) return;
    const runs = new Map<string, DatabaseRun>();
    for (const module of modules) {
      const project = module.project.name;
      const run = runs.get(project) ?? { project, files: 0, failedFiles: [], passed: 0, failed: 0, skipped: 0 };
      runs.set(project, run);
      run.files += 1;
      if (!module.ok()) run.failedFiles.push(module.relativeModuleId);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') run.passed += 1;
        else if (state === 'failed') run.failed += 1;
        else run.skipped += 1;
      }
    }
    fs.writeFileSync(file, JSON.stringify([...runs.values()]));
  }
}

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEBOUNCE_MS } from '../../cli/tui/hooks.js';

export interface TuiRow {
  name: string;
  runs: number;
  median: number;
  max: number;
}

/**
 * `loom plugin browse` in tmux against the running server: launch → first frame, launch → first results, and a
 * typed query → its results on screen. Screens are polled every few ms, so each figure is an upper bound.
 */
export async function tuiTimings(root: string, url: string, word: string, runs = 5): Promise<TuiRow[] | string> {
  if (spawnSync('tmux', ['-V']).status !== 0) return 'tmux is not installed: TUI timings skipped';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-tui-'));
  fs.writeFileSync(path.join(home, 'config.yaml'), `plugin_registry:\n  sources:\n    - name: bench\n      url: ${url}\n      type: loom-registry\n`);
  const session = `loom-bench-tui-${process.pid}`;
  const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
  const until = async (test: (s: string) => boolean, from: number): Promise<number> => {
    while (!test(screen())) {
      if (performance.now() - from > 10_000) throw new Error(`TUI bench: timed out; screen:\n${screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return performance.now() - from;
  };
  const first: number[] = [];
  const results: number[] = [];
  const typed: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      execFileSync('tmux', ['new-session', '-d', '-x', '100', '-y', '30', '-s', session, `cd ${root} && env LOOM_HOME=${home} ${process.execPath} dist/cli/main.js plugin browse`]);
      first.push(await until((s) => s.includes('loom /'), started));
      results.push(await until((s) => /\d+ plugins ·/.test(s), started));
      const summary = (s: string) => /(\d+(?: of \d+)? plugins?) ·/.exec(s)?.[1];
      const before = summary(screen());
      const sent = performance.now();
      execFileSync('tmux', ['send-keys', '-t', session, '-l', word]);
      typed.push(await until((s) => s.includes(`loom / ${word}`) && summary(s) !== before && !s.includes('loading'), sent));
      execFileSync('tmux', ['kill-session', '-t', session]);
    }
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
    fs.rmSync(home, { recursive: true, force: true });
  }
  const row = (name: string, times: number[]): TuiRow => {
    const sorted = [...times].sort((a, b) => a - b);
    return { name, runs: sorted.length, median: Math.round(sorted[Math.floor(sorted.length / 2)]), max: Math.round(sorted.at(-1)!) };
  };
  const afterPause = typed.map((t) => t - DEBOUNCE_MS);
  return [
    row('launch → first frame', first),
    row('launch → first page of results', results),
    row(`typed query → its results on screen (includes the ${DEBOUNCE_MS} ms typing pause)`, typed),
    row('  of which: after the typing pause (request + render)', afterPause),
  ];
}

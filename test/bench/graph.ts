import type { Candidate } from '../../cli/install/resolve.js';

/**
 * A deterministic dependency graph of `size` plugins (`dep-000` … ), each with five versions: plugin i needs plugin
 * i + 1 and up to two later ones, with ranges that differ by version (so newest choices clash and the resolver has to
 * look further; choosing 1.2.0 everywhere satisfies every range of the 1.x versions, so a solution exists), a yanked newest version here and there, and a pre-release. `dep-000`'s graph reaches every plugin.
 */
export function generatedGraph(size = 200, seed = 19): Map<string, Candidate[]> {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: the same numbers on every run
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const id = (i: number) => `dep-${String(i).padStart(3, '0')}`;
  const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0'];
  // every range of a 1.x version admits 1.2.0, so choosing 1.2.0 everywhere is a solution; 2.x ones may need ^2
  const safe = ['^1.0.0', '^1.1.0', '>=1.2.0', '*', '~1.2.0'];
  const ranges = [...safe, '^2.0.0'];
  const graph = new Map<string, Candidate[]>();
  for (let i = 0; i < size; i++) {
    const list: Candidate[] = versions.map((version, n) => {
      const dependencies: Record<string, string> = {};
      if (i + 1 < size) dependencies[id(i + 1)] = n >= 3 ? ranges[Math.floor(random() * ranges.length)] : '^1.0.0';
      const pool = n >= 3 ? ranges : safe;
      for (let k = 0; k < 2; k++) {
        const j = i + 2 + Math.floor(random() * 10);
        if (j < size) dependencies[id(j)] = pool[Math.floor(random() * pool.length)];
      }
      return { version, prerelease: false, yanked: n === 4 && random() < 0.1, dependencies, conflicts: {} };
    });
    list.push({ version: '3.0.0-rc.1', prerelease: true, yanked: false, dependencies: {}, conflicts: {} });
    graph.set(id(i), list);
  }
  return graph;
}

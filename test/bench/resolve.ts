import { resolve } from '../../cli/install/resolve.js';
import { generatedGraph } from './graph.js';

/**
 * `--only resolve`: the CLI's dependency resolver on the generated 200-plugin graph (test/bench/graph.ts), in this
 * process, no server: the first (cold) resolution, then the median and worst of `rounds` more. Target: < 100 ms.
 */
export function resolveTimings(size = 200, rounds = 20): { size: number; chosen: number; cold: number; median: number; max: number } {
  const graph = generatedGraph(size);
  const once = () => {
    const started = performance.now();
    const { chosen } = resolve({ roots: [{ id: 'dep-000', range: '*', by: 'you' }], versions: (id) => graph.get(id) });
    return { ms: performance.now() - started, chosen: chosen.size };
  };
  const cold = once();
  const warm = Array.from({ length: rounds }, () => once().ms).sort((a, b) => a - b);
  return { size, chosen: cold.chosen, cold: cold.ms, median: warm[Math.floor(warm.length / 2)], max: warm[warm.length - 1] };
}

export function printResolve(t: ReturnType<typeof resolveTimings>): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`resolve: a ${t.size}-plugin graph (${t.chosen} chosen): first ${ms(t.cold)}, then median ${ms(t.median)}, worst ${ms(t.max)} (target < 100 ms)`);
}

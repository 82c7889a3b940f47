import { describe, expect, it } from 'vitest';
import { resolve, ResolveError, satisfiesRange, topological, type Candidate, type Requirement } from '../../cli/install/resolve.js';
import { generatedGraph } from '../bench/graph.js';

/** `v('1.2.0', { a: '^1' })`: a candidate version. */
function v(version: string, dependencies: Record<string, string> = {}, extra: Partial<Candidate> = {}): Candidate {
  return { version, prerelease: version.includes('-'), yanked: false, dependencies, conflicts: {}, ...extra };
}

function universe(graph: Record<string, Candidate[]>) {
  return (id: string) => graph[id];
}

const you = (id: string, range = '*'): Requirement => ({ id, range, by: 'you' });

const picked = (graph: Record<string, Candidate[]>, roots: Requirement[], prefer?: Map<string, string>) =>
  Object.fromEntries([...resolve({ roots, versions: universe(graph), prefer }).chosen].map(([id, c]) => [id, c.version]));

function failure(run: () => unknown): ResolveError {
  try {
    run();
  } catch (err) {
    if (err instanceof ResolveError) return err;
    throw err;
  }
  throw new Error('resolved, but a ResolveError was expected');
}

describe('the resolver', () => {
  it('resolves a diamond to one version of the shared plugin, the newest both ranges allow, dependencies first', () => {
    const graph = {
      app: [v('1.0.0', { left: '^1', right: '^1' })],
      left: [v('1.0.0', { base: '>=1.1.0' })],
      right: [v('1.0.0', { base: '~1.2.0' })],
      base: [v('1.0.0'), v('1.1.0'), v('1.2.0'), v('1.2.5'), v('1.3.0'), v('2.0.0')],
    };
    const resolution = resolve({ roots: [you('app')], versions: universe(graph) });
    expect(Object.fromEntries([...resolution.chosen].map(([id, c]) => [id, c.version]))).toEqual({ app: '1.0.0', left: '1.0.0', right: '1.0.0', base: '1.2.5' });
    expect(resolution.order).toEqual(['base', 'left', 'right', 'app']);
    expect(resolution.constraints.get('base')).toEqual([
      { id: 'base', range: '>=1.1.0', by: 'left@1.0.0' },
      { id: 'base', range: '~1.2.0', by: 'right@1.0.0' },
    ]);
  });

  it('names the two constraints that clash, and who imposes each', () => {
    const graph = {
      'router-plugin': [v('2.0.0', { 'openai-plugin': '^2' })],
      'gateway-plugin': [v('1.1.0', { 'openai-plugin': '~1.4' })],
      'openai-plugin': [v('1.4.2'), v('2.0.0')],
    };
    const err = failure(() => resolve({ roots: [you('router-plugin'), { id: 'gateway-plugin', range: '1.1.0', by: 'installed' }], versions: universe(graph) }));
    expect(err.message).toBe('router-plugin@2.0.0 needs openai-plugin ^2 but gateway-plugin@1.1.0 needs openai-plugin ~1.4');
    expect(err.id).toBe('openai-plugin');
  });

  it('backtracks to an older version whose requirements fit', () => {
    const graph = {
      'router-plugin': [v('2.0.0', { 'openai-plugin': '^2' }), v('1.5.0', { 'openai-plugin': '^1.4' })],
      'gateway-plugin': [v('1.1.0', { 'openai-plugin': '~1.4' })],
      'openai-plugin': [v('1.4.2'), v('1.5.0'), v('2.0.0')],
    };
    expect(picked(graph, [you('router-plugin'), you('gateway-plugin', '1.1.0')])).toEqual({ 'router-plugin': '1.5.0', 'gateway-plugin': '1.1.0', 'openai-plugin': '1.4.2' });
  });

  it('says when no source has a dependency, or no version satisfies a range', () => {
    expect(failure(() => resolve({ roots: [you('a')], versions: universe({ a: [v('1.0.0', { ghost: '^1' })] }) })).message).toBe('a@1.0.0 needs ghost ^1, but no enabled source has ghost');
    expect(failure(() => resolve({ roots: [you('a')], versions: universe({ a: [v('1.0.0', { b: '^3' })], b: [v('1.0.0'), v('2.0.0')] }) })).message).toBe(
      'a@1.0.0 needs b ^3, but no version of b satisfies it (available: 2.0.0, 1.0.0)',
    );
    expect(failure(() => resolve({ roots: [you('b', '^5')], versions: universe({ b: [v('1.0.0')] }) })).message).toBe('you asked for b ^5, but no version of b satisfies it (available: 1.0.0)');
  });

  it('honours conflicts both ways', () => {
    const graph = {
      app: [v('1.0.0', { old: '^1', fresh: '^1' })],
      old: [v('1.0.0', {}, { conflicts: { fresh: '>=1.5.0' } })],
      fresh: [v('1.4.0'), v('1.5.0'), v('1.6.0')],
    };
    expect(picked(graph, [you('app')])).toMatchObject({ fresh: '1.4.0' });
    const none = { ...graph, fresh: [v('1.5.0'), v('1.6.0')] };
    expect(failure(() => resolve({ roots: [you('app')], versions: universe(none) })).message).toBe('app@1.0.0 needs fresh ^1 but old@1.0.0 conflicts with fresh >=1.5.0');
  });

  it('keeps a preferred (installed) version that satisfies every range, and moves it when one asks for newer', () => {
    const graph = { a: [v('1.0.0', { b: '^1.1' })], c: [v('1.0.0', { b: '^1.3' })], b: [v('1.1.0'), v('1.2.0'), v('1.3.0'), v('1.4.0')] };
    expect(picked(graph, [you('a')], new Map([['b', '1.2.0']]))).toEqual({ a: '1.0.0', b: '1.2.0' });
    expect(picked(graph, [you('a'), you('c')], new Map([['b', '1.2.0']]))).toEqual({ a: '1.0.0', c: '1.0.0', b: '1.4.0' });
  });

  it('takes pre-releases only when a range names one (or --pre), yanked versions only when pinned exactly', () => {
    const graph = { a: [v('1.0.0'), v('1.1.0', {}, { yanked: true }), v('2.0.0-rc.1')] };
    expect(picked(graph, [you('a')])).toEqual({ a: '1.0.0' });
    expect(picked(graph, [you('a', '>=2.0.0-rc.0')])).toEqual({ a: '2.0.0-rc.1' });
    expect(picked(graph, [{ ...you('a'), pre: true }])).toEqual({ a: '2.0.0-rc.1' });
    expect(picked(graph, [you('a', '1.1.0')])).toEqual({ a: '1.1.0' });
    expect(picked(graph, [you('a', '^1.0.0')])).toEqual({ a: '1.0.0' });
    expect(failure(() => resolve({ roots: [you('a', '^1.1.0')], versions: universe(graph) })).message).toBe('you asked for a ^1.1.0, but no version of a satisfies it (available: 2.0.0-rc.1, 1.0.0)');
  });

  it('resolves a cycle once, in a deterministic order', () => {
    const graph = { a: [v('1.0.0', { b: '^1' })], b: [v('1.0.0', { a: '^1' })] };
    const resolution = resolve({ roots: [you('a')], versions: universe(graph) });
    expect(resolution.order).toEqual(['b', 'a']);
    expect(topological(resolution.chosen)).toEqual(['b', 'a']);
  });

  it('resolves the generated 200-plugin graph to a valid, deterministic choice', () => {
    const graph = generatedGraph(200);
    const run = () => resolve({ roots: [you('dep-000')], versions: (id) => graph.get(id) });
    const first = run();
    expect(first.chosen.size).toBe(200);
    for (const [id, c] of first.chosen) {
      expect(c.yanked, `${id}@${c.version} is yanked`).toBe(false);
      expect(c.prerelease).toBe(false);
      for (const [dep, range] of Object.entries(c.dependencies)) expect(satisfiesRange(first.chosen.get(dep)!.version, range), `${id}@${c.version} needs ${dep} ${range}`).toBe(true);
    }
    // every plugin after the plugins it needs
    const at = new Map(first.order.map((id, i) => [id, i]));
    for (const [id, c] of first.chosen) for (const dep of Object.keys(c.dependencies)) expect(at.get(dep)!).toBeLessThan(at.get(id)!);
    const again = run();
    expect([...again.chosen].map(([id, c]) => `${id}@${c.version}`)).toEqual([...first.chosen].map(([id, c]) => `${id}@${c.version}`));
    expect(again.order).toEqual(first.order);
  });
});

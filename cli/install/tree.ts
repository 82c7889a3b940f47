import type { DependencyMap } from '../../domain/dependencies.js';
import type { Installed } from './lock.js';
import { satisfiesRange } from './resolve.js';

/** A plugin as the tree shows it: the installed graph (installed.json) or a plan's. */
export interface TreePlugin {
  id: string;
  version: string;
  dependencies: DependencyMap;
  explicit: boolean;
  /** Plans only: what installing would do to it. */
  action?: string;
}

/** One edge of the tree: the range a plugin needs, and the version it gets (null: none installed). */
export interface TreeNode {
  id: string;
  /** The range its parent needs; absent at the top. */
  range?: string;
  version: string | null;
  /** ok; unmet: the installed version is outside the range; missing: nothing installed. */
  status: 'ok' | 'unmet' | 'missing';
  explicit?: boolean;
  /** A top-level plugin installed as a dependency that nothing needs now ("loom plugin autoremove" removes it). */
  extraneous?: boolean;
  action?: string;
  /** Shown in full higher up: its dependencies are not repeated. */
  deduped?: boolean;
  dependencies: TreeNode[];
}

export function fromLock(lock: Installed[]): TreePlugin[] {
  return lock.map((p) => ({ id: p.id, version: p.version, dependencies: p.dependencies, explicit: p.explicit }));
}

/**
 * The graph as trees, as `npm ls` prints it: from `roots` (default: the plugins asked for, then the rest nothing
 * needs, marked extraneous unless asked for), each dependency with its range and the version it gets, a plugin
 * already shown in full marked deduped, a cycle cut where it closes.
 */
export function buildTree(plugins: TreePlugin[], roots?: string[]): TreeNode[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const needed = new Set(plugins.flatMap((p) => Object.keys(p.dependencies)));
  const top = roots ?? [...plugins.filter((p) => p.explicit), ...plugins.filter((p) => !p.explicit && !needed.has(p.id))].map((p) => p.id).sort();
  const shown = new Set<string>();
  const node = (id: string, range: string | undefined, path: Set<string>): TreeNode => {
    const p = byId.get(id);
    const status = !p ? 'missing' : range !== undefined && !satisfiesRange(p.version, range, true) ? 'unmet' : 'ok';
    const base: TreeNode = { id, ...(range !== undefined ? { range } : {}), version: p?.version ?? null, status, ...(p?.action && p.action !== 'keep' ? { action: p.action } : {}), dependencies: [] };
    if (!p) return base;
    if (shown.has(id) || path.has(id)) return { ...base, deduped: true };
    shown.add(id);
    const inner = new Set(path).add(id);
    base.dependencies = Object.keys(p.dependencies).sort().map((dep) => node(dep, p.dependencies[dep], inner));
    return base;
  };
  return top.map((id) => {
    const p = byId.get(id);
    const tree = node(id, undefined, new Set());
    return { ...tree, explicit: p?.explicit ?? false, ...(p && !p.explicit && !needed.has(id) ? { extraneous: true } : {}) };
  });
}

/** The trees as text: `├── openai-plugin ^2 → 2.1.0`, problems marked. */
export function renderTree(trees: TreeNode[]): string[] {
  const lines: string[] = [];
  const label = (n: TreeNode) => {
    const got = n.version === null ? 'MISSING' : n.version;
    const head = n.range !== undefined ? `${n.id} ${n.range} → ${got}` : `${n.id} ${got}`;
    const marks = [
      n.status === 'unmet' ? `UNMET: ${n.version} is outside ${n.range}` : '',
      n.action ? `would ${n.action}` : '',
      n.extraneous ? 'extraneous: nothing needs it ("loom plugin autoremove" removes it)' : '',
      n.deduped ? 'deduped' : '',
    ].filter(Boolean);
    return marks.length ? `${head} (${marks.join('; ')})` : head;
  };
  const walk = (n: TreeNode, prefix: string) => {
    n.dependencies.forEach((child, i) => {
      const last = i === n.dependencies.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${label(child)}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  for (const t of trees) {
    lines.push(label(t));
    walk(t, '');
  }
  return lines;
}

/** Every unmet or missing dependency in the trees, as `router-plugin needs openai-plugin ^2 (1.4.2 installed)`. */
export function problems(plugins: TreePlugin[]): string[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const found: string[] = [];
  for (const p of [...plugins].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const [dep, range] of Object.entries(p.dependencies)) {
      const got = byId.get(dep);
      if (!got) found.push(`${p.id}@${p.version} needs ${dep} ${range}, which is not installed`);
      else if (!satisfiesRange(got.version, range, true)) found.push(`${p.id}@${p.version} needs ${dep} ${range}, but ${got.version} is installed`);
    }
  }
  return found;
}

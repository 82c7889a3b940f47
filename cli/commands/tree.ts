import type { Command } from 'commander';
import type { Context } from '../context.js';
import { note, out, printJson, warn } from '../output/io.js';
import { examples, jsonOption } from './common.js';

export function registerTree(plugin: Command, ctx: Context): void {
  plugin
    .command('tree')
    .description('print the installed plugins as a dependency tree (ranges and the versions they get); with a plugin not installed, the plan its install would follow')
    .argument('[id]', 'one plugin: installed, its tree; else resolved from the sources (id, id@range, source/id)')
    .option('--pre', 'for a plugin not installed: consider pre-releases')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `${examples('loom plugin tree', 'loom plugin tree router-plugin', 'loom plugin tree router-plugin@^2 --json')}
Marks: UNMET (the installed version is outside the range), MISSING (not installed), extraneous (a dependency
nothing needs now: "loom plugin autoremove" removes it), deduped (shown in full above). Exit 1 when the
installed graph has an unmet or missing dependency.
`,
    )
    .action(async (spec: string | undefined, options: { json?: boolean; pre?: boolean }) => {
      const { readLock } = await import('../install/lock.js');
      const { buildTree, fromLock, problems, renderTree } = await import('../install/tree.js');
      const lock = readLock(ctx.paths.lock);
      const { parseSpec } = await import('../install/install.js');
      const parsed = spec === undefined ? undefined : parseSpec(spec, ctx.cwd);
      const id = parsed?.kind === 'registry' ? parsed.ref.slice(parsed.ref.indexOf('/') + 1) : undefined;
      if (parsed && parsed.kind === 'registry' && !(lock.some((p) => p.id === id) && parsed.ref === id && parsed.requested === null)) {
        // not installed (or asked of a source, or at a range): the plan an install would follow
        const { planInstall } = await import('../install/install.js');
        const { planFor } = await import('../install/graph.js');
        const { id: root, plan } = await planInstall(ctx, parsed, options);
        const steps = planFor(plan, root);
        const trees = buildTree(steps.map((s) => ({ id: s.id, version: s.version, dependencies: s.dependencies, explicit: s.explicit, action: s.action })), [root]);
        if (options.json) return printJson(ctx.io, { tree: trees, plan: true });
        for (const line of renderTree(trees)) out(ctx.io, line);
        return note(ctx.io, `(the plan of "loom plugin install ${spec}": nothing is installed)`);
      }
      const plugins = fromLock(lock);
      const trees = buildTree(plugins, id ? [id] : undefined);
      const unmet = problems(plugins);
      if (unmet.length > 0) ctx.exitCode = 1;
      if (options.json) return printJson(ctx.io, { tree: trees, problems: unmet });
      if (lock.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
      for (const line of renderTree(trees)) out(ctx.io, line);
      for (const p of unmet) warn(ctx.io, `${p}: "loom plugin update" or "loom plugin install <id>" mends it`);
    });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers' import rules, read off the sources (every `import`, `import type`, `export … from` and `import()`):
 * the CLI reaches nothing under server/ (the shapes both sides speak live in domain/), and domain/ imports only
 * itself and packages.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sources(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(ROOT, folder, f));
}

/** The files a source imports by relative path, resolved (`./x.js` is x.ts or x.tsx; a JSON file is itself), and the packages it names. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) {
      packages.push(fileName);
      continue;
    }
    const target = path.resolve(path.dirname(file), fileName);
    const base = target.replace(/\.js$/, '');
    const resolved = [`${base}.ts`, `${base}.tsx`, target].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    if (!resolved) throw new Error(`${rel(file)} imports ${fileName}, which is no source file`);
    files.push(resolved);
  }
  return { files, packages };
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Every source reachable from `starts`, each with the chain of imports that first reached it. */
function reachable(starts: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>(starts.map((s) => [s, [rel(s)]]));
  const queue = [...starts];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (!/\.tsx?$/.test(file)) continue;
    for (const next of importsOf(file).files) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, rel(next)]);
      queue.push(next);
    }
  }
  return chains;
}

const under = (folder: string) => (file: string) => rel(file).startsWith(`${folder}/`);

describe('layering', () => {
  it('follows imports through the whole graph (server/main.ts reaches domain/ by way of the catalog)', () => {
    const fromServer = [...reachable([path.join(ROOT, 'server/main.ts')]).keys()].map(rel);
    expect(fromServer).toEqual(expect.arrayContaining(['server/modules/catalog/catalog.service.ts', 'domain/registry-entry.ts', 'domain/manifest.ts']));
  });

  it('the CLI imports nothing under server/, directly or through client/ or domain/', () => {
    const cli = sources('cli');
    expect(cli.length).toBeGreaterThan(30);
    const graph = reachable(cli);
    expect([...graph.keys()].filter(under('domain')).length).toBeGreaterThan(0);
    // where the graph first steps into server/ (what lies beyond follows from it)
    const intoServer = [...graph.values()].filter((chain) => chain.at(-1)!.startsWith('server/') && !chain.at(-2)!.startsWith('server/')).map((chain) => chain.join(' -> '));
    expect(intoServer).toEqual([]);
  });

  it('domain/ imports only domain/ and packages (never server/, cli/, client/ or test/)', () => {
    const domain = sources('domain');
    expect(domain.length).toBeGreaterThan(5);
    const outside = domain.flatMap((file) => importsOf(file).files.filter((f) => !under('domain')(f)).map((f) => `${rel(file)} imports ${rel(f)}`));
    expect(outside).toEqual([]);
    const packages = new Set(domain.flatMap((file) => importsOf(file).packages));
    expect([...packages].sort()).toEqual(['node:crypto', 'semver', 'yaml', 'zod']);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest modification time under a folder (0 when it does not exist). */
function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return Math.max(0, ...fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs));
}

/**
 * The CLI tests run the real built binary (dist/cli/main.js), so dist must match the sources: build once before
 * any test file runs. Incremental, so an up-to-date tree costs a second or two. The web pages link the browser
 * files `vite build` makes (dist/web-assets): built again only when web/ or client/ changed since.
 */
export function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const require = createRequire(import.meta.url);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const built = path.join(root, 'dist', 'web-assets', '.vite', 'manifest.json');
  const sources = Math.max(newest(path.join(root, 'web')), newest(path.join(root, 'client')));
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
    const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
}

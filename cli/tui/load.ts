import fs from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Imports the terminal UI without two costs Ink's dependencies put before the first frame (together about a third
 * of the CPU `loom plugin browse` spends before it, measured on the shared 2-CPU machine):
 * - Ink imports `throttle` from the `es-toolkit/compat` barrel, which loads some 400 modules: a resolve hook points
 *   that one import at the module that defines `throttle`, when it is where es-toolkit keeps it.
 * - yoga-layout reads its inlined WebAssembly through the global `fetch` when there is one, which loads undici;
 *   without it, yoga decodes the same bytes itself. `fetch` is back as soon as the modules are loaded.
 */
export async function importTui<T>(load: () => Promise<T>): Promise<T> {
  const hooks = module.registerHooks?.({
    resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      if (specifier !== 'es-toolkit/compat' || !context.parentURL?.includes('/node_modules/ink/')) return resolved;
      const throttle = new URL('function/throttle.mjs', resolved.url);
      return fs.existsSync(fileURLToPath(throttle)) ? { url: throttle.href, format: 'module', shortCircuit: true } : resolved;
    },
  });
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Reflect.deleteProperty(globalThis, 'fetch');
  try {
    return await load();
  } finally {
    if (fetch) Object.defineProperty(globalThis, 'fetch', fetch);
    hooks?.deregister();
  }
}

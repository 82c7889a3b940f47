import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from '../context.js';
import { CliError, NotFoundError } from '../errors.js';
import { sha256Hex } from '../../domain/checksum.js';
import { rfc3339 } from '../../domain/time.js';
import { writeFileAtomic } from '../files.js';
import { validate } from '../install/install.js';
import { warn } from '../output/io.js';
import { normalizeEntry } from './static.js';
import type { LoomEntry, RegistryEntry } from './types.js';

/**
 * Adds or updates a plugin in the user's local registry (<LOOM_HOME>/registry/registry.json), in Loom's entry
 * shape with a file:// manifest URL and the manifest's sha256, so `list`, `search` and `install` find it.
 */
export async function addLocal(ctx: Context, id: string, manifestPath: string, tags: string[]): Promise<{ entry: RegistryEntry; created: boolean; file: string }> {
  const manifestFile = path.resolve(ctx.cwd, manifestPath);
  if (!fs.existsSync(manifestFile)) throw new NotFoundError(`no such file: ${manifestFile}`);
  const bytes = fs.readFileSync(manifestFile);
  const { type, metadata } = await validate(bytes, manifestFile);
  const file = path.join(ctx.paths.localRegistry, 'registry.json');
  let doc: { version: string; plugins: Record<string, unknown>[] } = { version: '1.0', plugins: [] };
  if (fs.existsSync(file)) {
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`, 'REGISTRY_INVALID', 1, 'fix it or move it away; add-local then creates a new one');
    }
    if (!Array.isArray(doc.plugins)) throw new CliError(`${file} has no "plugins" list`, 'REGISTRY_INVALID', 1, 'a registry.json is {"version": "1.0", "plugins": [...]}');
  }
  const index = doc.plugins.findIndex((p) => p?.id === id);
  const previous = index >= 0 ? (doc.plugins[index] as Partial<RegistryEntry>) : undefined;
  const stamp = rfc3339(new Date());
  const written: LoomEntry = {
    id,
    name: metadata.name,
    provider_type: metadata.provider_type,
    description: metadata.description ?? '',
    author: metadata.author ?? '',
    version: metadata.version,
    license: metadata.license ?? '',
    homepage: metadata.homepage ?? '',
    repository: previous?.repository ?? metadata.homepage ?? '',
    downloads: 0,
    rating: 0,
    reviews: 0,
    verified: false,
    tags: tags.length > 0 ? tags : (previous?.tags ?? ['local']),
    // As Loom's Capabilities holds them, custom ones nested under custom_capabilities (flattened beside the flags,
    // Loom drops them, and one named like a flag overrides it or breaks the whole document).
    capabilities: metadata.capabilities ?? {},
    install: { type, manifest_url: pathToFileURL(manifestFile).href, sha256: sha256Hex(bytes) },
    screenshots: [],
    published_at: previous?.published_at ?? stamp,
    updated_at: stamp,
  };
  if (index >= 0) doc.plugins[index] = { ...written };
  else doc.plugins.push({ ...written });
  writeFileAtomic(file, `${JSON.stringify({ ...doc, version: doc.version ?? '1.0' }, null, 2)}\n`);
  warn(ctx.io, `Loom's own client cannot install ${id} from this registry (it fetches manifest URLs over HTTP only, and this one is file://); "loom plugin install local/${id}" can`);
  return { entry: normalizeEntry({ ...written })!, created: index < 0, file };
}

import fs from 'node:fs/promises';
import path from 'node:path';
import type { Em } from '../../orm.js';
import { PluginVersion } from '../publishing/version.entity.js';
import { TufBlob, TufMetadata } from './tuf.entity.js';
import { manifestTargetPath } from './tuf.service.js';

/** Manifests read at once while exporting. */
const PAGE = 500;

async function write(file: string, body: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, body);
}

/**
 * The signed repository as static files under `<dir>/tuf/` (`npm run export -- --tuf DIR`), laid out as the server
 * serves it, so a mirror of `<dir>` is verifiable by the same clients: every stored metadata version, timestamp.json,
 * and every target under its plain and its hash-prefixed (consistent snapshot) name. Returns the files written, or 0
 * when the registry has no root yet.
 */
export async function exportRepository(em: Em, dir: string): Promise<number> {
  const metadata = await em.find(TufMetadata, {}, { orderBy: { role: 'asc', version: 'asc' } });
  if (!metadata.some((m) => m.role === 'root')) return 0;
  let files = 0;
  const meta = path.join(dir, 'tuf', 'metadata');
  const targets = path.join(dir, 'tuf', 'targets');
  for (const m of metadata) {
    await write(path.join(meta, `${m.version}.${m.role}.json`), m.body);
    files++;
  }
  const timestamp = metadata.filter((m) => m.role === 'timestamp').at(-1);
  if (timestamp) await write(path.join(meta, 'timestamp.json'), timestamp.body);
  for (const blob of await em.find(TufBlob, {}, { orderBy: { createdAt: 'asc' } })) {
    await write(path.join(targets, `${blob.sha256}.${blob.path}`), blob.body);
    // the newest last: the plain name is the current one
    await write(path.join(targets, blob.path), blob.body);
    files += 2;
  }
  for (let after = 0; ; ) {
    const page = await em.find(PluginVersion, { id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: PAGE, populate: ['manifest'] });
    for (const v of page) {
      const file = path.join(targets, manifestTargetPath(v.plugin.id, v.version));
      await write(file, v.manifest);
      await write(path.join(path.dirname(file), `${v.sha256}.plugin.yaml`), v.manifest);
      files += 2;
    }
    if (page.length < PAGE) return files + (timestamp ? 1 : 0);
    after = page[page.length - 1].id;
    em.clear();
  }
}

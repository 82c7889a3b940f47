import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CatalogService } from '../modules/catalog/catalog.service.js';
import type { ManifestUrls } from '../../domain/registry-entry.js';
import { PublicLinks } from '../links.js';
import { exportRepository } from '../modules/trust/tuf-export.js';
import { withDatabase } from './with-database.js';

const USAGE = `usage: npm run export -- [--base-url https://registry.example] [--publisher-urls] [--tuf DIR] [registry.json]
  The installable catalog in Loom's registry.json format, into the file (or on stdout).
  --tuf DIR also writes the signed TUF metadata and targets under DIR/tuf/ (docs/trust.md), so a mirror of DIR is verifiable.
  install.manifest_url names this registry's immutable manifest snapshots under --base-url (default PUBLIC_URL);
  --publisher-urls writes the URLs publishers submitted instead, for a static mirror that serves no manifests.`;

/**
 * `npm run export`: written to a temporary file, then renamed, so a failed export never leaves half a catalog.
 */
let options: { values: { 'base-url'?: string; 'publisher-urls'?: boolean; tuf?: string; help?: boolean }; positionals: string[] };
try {
  options = parseArgs({ options: { 'base-url': { type: 'string' }, 'publisher-urls': { type: 'boolean' }, tuf: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = options;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [target] = positionals;
await withDatabase(async (em, _orm, config) => {
  const base = values['base-url'] ?? config.publicUrl;
  if (base !== undefined && !URL.canParse(base)) {
    console.error(`--base-url: "${base}" is not a URL such as https://registry.loom.io\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!values['publisher-urls'] && !base) {
    console.error(`name the registry's public URL (--base-url or PUBLIC_URL), or give --publisher-urls\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const urls: ManifestUrls = values['publisher-urls'] ? { kind: 'publisher' } : new PublicLinks(base!.replace(/\/+$/, '')).registry;
  if (values.tuf) {
    const files = await exportRepository(em, values.tuf);
    if (files === 0) {
      console.error('--tuf: the registry signs nothing yet (npm run admin -- tuf init)');
      process.exitCode = 1;
      return;
    }
    console.error(`exported the signed metadata and targets to ${values.tuf}/tuf/ (${files} files)`);
  }
  const text = `${JSON.stringify(await new CatalogService().export(em, urls), null, 2)}\n`;
  if (!target) return void process.stdout.write(text);
  await fs.writeFile(`${target}.tmp`, text);
  await fs.rename(`${target}.tmp`, target);
  console.error(`exported the catalog to ${target}`);
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LANGUAGES = ['typescript', 'python'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a scaffold is made of; every field lands in plugin.yaml, registry-submission.json and the server. */
export interface PluginFacts {
  name: string;
  id: string;
  provider_type: string;
  version: string;
  description: string;
  author: string;
  contact_email: string;
  repository: string;
  year: string;
}

const RUNTIME: Record<Language, { runtime_note: string; start_command: string; test_command: string; server_file: string }> = {
  typescript: { runtime_note: 'Node 24 runs the TypeScript source as is; there are no dependencies.', start_command: 'npm start', test_command: 'npm test', server_file: 'server.ts' },
  python: { runtime_note: "Python 3.9 or later, with its standard library only; there are no dependencies.", start_command: 'python3 server.py', test_command: 'python3 -m unittest', server_file: 'server.py' },
};

export const PROVIDER_TYPE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** Characters that would need escaping in one of the files (TypeScript, Python, YAML and JSON strings). */
const UNSAFE = /["\\`$<>{}\n\r\t]|[\u0000-\u001f\u2028\u2029\u0085]/;

export class ScaffoldError extends Error {}

/** `my-provider` → `My Provider`. */
const title = (slug: string) => slug.split(/[-_.]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

/** The facts for a provider type, with what the author gave instead of the defaults. */
export function pluginFacts(providerType: string, given: Partial<Omit<PluginFacts, 'provider_type'>> = {}): PluginFacts {
  if (!PROVIDER_TYPE.test(providerType)) throw new ScaffoldError(`provider type "${providerType}": lowercase letters, digits, "_", "." and "-", at most 64 characters, starting with a letter or digit`);
  const base = providerType.replace(/[_.]+/g, '-').replace(/-+$/, '');
  const id = given.id ?? (base.endsWith('-plugin') ? base : `${base}-plugin`);
  const name = given.name ?? title(providerType);
  const author = given.author ?? 'Your Name';
  const facts: PluginFacts = {
    name,
    id,
    provider_type: providerType,
    version: given.version ?? '0.1.0',
    description: given.description ?? `${name}, a provider plugin for Loom`,
    author,
    contact_email: given.contact_email ?? 'you@example.com',
    repository: given.repository ?? `https://github.com/you/${id}`,
    year: given.year ?? String(new Date().getUTCFullYear()),
  };
  for (const [field, value] of Object.entries(facts)) {
    if (UNSAFE.test(value)) throw new ScaffoldError(`${field} "${value}": leave out quotes, backslashes, $, <, >, braces and line breaks`);
  }
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(facts.id)) throw new ScaffoldError(`plugin id "${facts.id}": lowercase letters, digits and hyphens, 2-64 characters`);
  if (!URL.canParse(facts.repository) || new URL(facts.repository).protocol !== 'https:') throw new ScaffoldError(`repository "${facts.repository}": an https URL, e.g. https://github.com/you/${id}`);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(facts.contact_email)) throw new ScaffoldError(`email "${facts.contact_email}" is not an email address`);
  return facts;
}

/** Where a release's files are: the manifest and README at the version's tag, the image named after the repository. */
function releaseUrls(facts: PluginFacts): Record<string, string> {
  const repo = new URL(facts.repository);
  const segments = repo.pathname.split('/').filter(Boolean);
  const tag = `v${facts.version}`;
  const manifest = repo.hostname === 'github.com' && segments.length >= 2 ? `https://raw.githubusercontent.com/${segments[0]}/${segments[1]}/${tag}/plugin.yaml` : `${facts.repository.replace(/\/+$/, '')}/raw/${tag}/plugin.yaml`;
  const image = segments.slice(-2).map((s) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')).filter(Boolean).join('/') || facts.id;
  return { manifest_url: manifest, documentation_url: `${facts.repository.replace(/\/+$/, '')}/blob/${tag}/README.md`, docker_image: `${image}:${facts.version}` };
}

/** The repository root, from the source tree (cli/init) or the build (dist/cli/init). */
function templatesRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'cli', 'init', 'templates'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cli/init/templates not found beside the CLI');
    dir = parent;
  }
  return path.join(dir, 'cli', 'init', 'templates');
}

function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** The files of a new plugin project, path → content, sorted by path. */
export function render(language: Language, facts: PluginFacts): Map<string, string> {
  const values: Record<string, string> = { ...facts, ...releaseUrls(facts), ...RUNTIME[language], start_command: RUNTIME[language].start_command.padEnd(44), test_command: RUNTIME[language].test_command.padEnd(44) };
  const files = new Map<string, string>();
  const root = templatesRoot();
  for (const folder of ['common', language]) {
    for (const file of walk(path.join(root, folder))) {
      const text = fs.readFileSync(path.join(root, folder, file), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
        if (values[key] === undefined) throw new Error(`template ${folder}/${file} names no known value {{${key}}}`);
        return values[key];
      });
      files.set(file.replace(/\.tmpl$/, ''), text);
    }
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes the files into `dir`, refusing to overwrite any. */
export function writeScaffold(dir: string, files: Map<string, string>): void {
  const existing = [...files.keys()].filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length) throw new ScaffoldError(`${dir} already has ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ` and ${existing.length - 3} more` : ''}: scaffold into a new folder`);
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

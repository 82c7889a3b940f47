import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';
import { note, printJson } from '../output/io.js';
import { update, type UpdateRow } from './update.js';
import { POLICIES, type Policy } from './versions.js';

/**
 * `plugin_registry.auto_update` in config.yaml: Loom's reader maps only `sources` (name, url, enabled) of
 * `plugin_registry` and drops every other key, as it drops a source's `type` and `auth`.
 */
export interface AutoUpdateSettings {
  enabled: boolean;
  policy: Policy;
  /** Only these plugins; empty: every installed plugin. */
  plugins: string[];
}

const KEY = ['plugin_registry', 'auto_update'];
const DEFAULTS: AutoUpdateSettings = { enabled: false, policy: 'minor', plugins: [] };

function invalid(file: string, detail: string): CliError {
  return new CliError(`${file}: plugin_registry.auto_update ${detail}`, 'CONFIG_INVALID', 1, 'fix it, or set it again with "loom plugin autoupdate enable"');
}

function parse(file: string): YAML.Document {
  const doc = YAML.parseDocument(readTextIfExists(file) ?? '');
  if (doc.errors.length > 0) throw new CliError(`${file} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, 'CONFIG_INVALID', 1);
  return doc;
}

export function readSettings(file: string): AutoUpdateSettings {
  const raw = parse(file).getIn(KEY);
  if (raw === undefined || raw === null) return DEFAULTS;
  const value = (YAML.isNode(raw) ? raw.toJSON() : raw) as Partial<Record<keyof AutoUpdateSettings, unknown>>;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(file, 'must be a map');
  const policy = value.policy ?? DEFAULTS.policy;
  if (!POLICIES.includes(policy as Policy)) throw invalid(file, `policy must be one of ${POLICIES.join(', ')}`);
  const plugins = value.plugins ?? [];
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string')) throw invalid(file, 'plugins must be a list of ids');
  return { enabled: value.enabled === true, policy: policy as Policy, plugins };
}

/** Writes the settings through YAML's document model: the rest of the file, comments included, stays as it was. */
export function writeSettings(file: string, settings: AutoUpdateSettings): void {
  const doc = parse(file);
  doc.setIn(KEY, doc.createNode(settings));
  writeFileAtomic(file, doc.toString());
}

export function autoUpdateDir(ctx: Context): string {
  return path.join(ctx.paths.home, 'autoupdate');
}

export interface LastRun {
  started_at: string;
  finished_at: string;
  ok: boolean;
  policy: Policy;
  updated: { id: string; from: string; to: string }[];
  failed: { id: string; message: string }[];
  held: { id: string; message: string }[];
}

export function readLastRun(ctx: Context): LastRun | null {
  const text = readTextIfExists(path.join(autoUpdateDir(ctx), 'last-run.json'));
  return text ? (JSON.parse(text) as LastRun) : null;
}

/**
 * `update --auto`, as the timer runs it: the policy's updates, pins and ranges honoured (yanked versions are never
 * installed, and a yanked installed version is logged), each run appended to autoupdate.log and summed up in
 * last-run.json; a failure exits non-zero and says so on stderr.
 */
export async function autoUpdate(ctx: Context, id: string | undefined, options: { pre?: boolean; dryRun?: boolean; json?: boolean }): Promise<void> {
  const settings = readSettings(ctx.paths.config);
  if (!settings.enabled && !id) {
    if (options.json) return printJson(ctx.io, { updates: [], auto_update: settings });
    return note(ctx.io, 'Automatic updates are off; "loom plugin autoupdate enable" turns them on.');
  }
  const started = new Date().toISOString();
  let rows: UpdateRow[];
  try {
    rows = await update(ctx, id, { pre: options.pre, dryRun: options.dryRun, policy: settings.policy }, settings.plugins.length ? settings.plugins : undefined);
  } catch (err) {
    rows = [{ id: id ?? '*', from: '', to: null, latest: null, status: 'failed', message: (err as Error).message }];
  }
  const run: LastRun = {
    started_at: started,
    finished_at: new Date().toISOString(),
    ok: rows.every((r) => r.status !== 'failed'),
    policy: settings.policy,
    updated: rows.filter((r) => r.status === 'updated').map((r) => ({ id: r.id, from: r.from, to: r.to! })),
    failed: rows.filter((r) => r.status === 'failed').map((r) => ({ id: r.id, message: r.message ?? '' })),
    held: rows.filter((r) => r.message && r.status !== 'failed').map((r) => ({ id: r.id, message: r.message! })),
  };
  if (!options.dryRun) {
    const dir = autoUpdateDir(ctx);
    const log = rows.map((r) => `${run.finished_at} ${r.status} ${r.id} ${r.from}${r.to ? ` -> ${r.to}` : ''}${r.message ? `: ${r.message}` : ''}\n`).join('');
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'autoupdate.log'), log || `${run.finished_at} nothing installed\n`);
    writeFileAtomic(path.join(dir, 'last-run.json'), `${JSON.stringify(run, null, 2)}\n`);
  }
  if (!run.ok) {
    ctx.exitCode = 1;
    note(ctx.io, `loom: automatic update failed for ${run.failed.map((f) => f.id).join(', ')}: ${run.failed[0].message} (see ${path.join(autoUpdateDir(ctx), 'autoupdate.log')})`);
  }
  if (options.json) return printJson(ctx.io, { updates: rows, ...(options.dryRun ? { dry_run: true } : {}) });
  const { printUpdates } = await import('../commands/update.js');
  printUpdates(ctx, rows);
}

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';
import { note, printJson, warn } from '../output/io.js';
import { findingsIn, readAdvisories, type Finding } from './audit.js';
import { readLock } from './lock.js';
import { chosen, update, type UpdateRow } from './update.js';
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
  /** Installed versions (after the run) under an advisory of their source; a malware one fails the run. */
  advisories: Finding[];
}

export function readLastRun(ctx: Context): LastRun | null {
  const text = readTextIfExists(path.join(autoUpdateDir(ctx), 'last-run.json'));
  return text ? (JSON.parse(text) as LastRun) : null;
}

/**
 * `update --auto`, as the timer runs it: the policy's updates, pins and ranges honoured (yanked versions are never
 * installed, and a yanked installed version is logged), versions under a security advisory avoided when another
 * the policy allows is not (a patched one first), each run appended to autoupdate.log and summed up in
 * last-run.json with the installed versions still under an advisory; a failure, or malware left installed, exits
 * non-zero and says so on stderr.
 */
export async function autoUpdate(ctx: Context, id: string | undefined, options: { pre?: boolean; dryRun?: boolean; json?: boolean }): Promise<void> {
  const settings = readSettings(ctx.paths.config);
  if (!settings.enabled && !id) {
    if (options.json) return printJson(ctx.io, { updates: [], auto_update: settings });
    return note(ctx.io, 'Automatic updates are off; "loom plugin autoupdate enable" turns them on.');
  }
  const started = new Date().toISOString();
  const only = settings.plugins.length ? settings.plugins : undefined;
  let rows: UpdateRow[];
  let advisories: Finding[] = [];
  try {
    const { lists } = await readAdvisories(ctx, chosen(ctx, id, only));
    const about = (source: string, plugin: string) => (lists.get(source) ?? []).filter((a) => a.plugin_id === plugin);
    rows = await update(ctx, id, { pre: options.pre, dryRun: options.dryRun, policy: settings.policy, advisories: about }, only);
    const considered = new Set(rows.map((r) => r.id));
    // With --dry-run nothing moved: the versions that would be installed are the ones to check.
    const installed = readLock(ctx.paths.lock)
      .filter((p) => considered.has(p.id))
      .map((p) => ({ ...p, version: (options.dryRun && rows.find((r) => r.id === p.id)?.to) || p.version }));
    advisories = findingsIn(installed, lists);
  } catch (err) {
    rows = [{ id: id ?? '*', from: '', to: null, latest: null, status: 'failed', message: (err as Error).message }];
  }
  const malware = advisories.filter((f) => f.advisory.kind === 'malware');
  const run: LastRun = {
    started_at: started,
    finished_at: new Date().toISOString(),
    ok: rows.every((r) => r.status !== 'failed') && malware.length === 0,
    policy: settings.policy,
    updated: rows.filter((r) => r.status === 'updated').map((r) => ({ id: r.id, from: r.from ?? '', to: r.to! })),
    failed: rows.filter((r) => r.status === 'failed').map((r) => ({ id: r.id, message: r.message ?? '' })),
    held: rows.filter((r) => r.message && r.status !== 'failed').map((r) => ({ id: r.id, message: r.message! })),
    advisories,
  };
  if (!options.dryRun) {
    const dir = autoUpdateDir(ctx);
    const log =
      rows.map((r) => `${run.finished_at} ${r.status} ${r.id} ${r.from}${r.to ? ` -> ${r.to}` : ''}${r.message ? `: ${r.message}` : ''}\n`).join('') +
      advisories.map((f) => `${run.finished_at} advisory ${f.id} ${f.version}: ${f.advisory.id} ${f.advisory.severity} ${f.advisory.kind}: ${f.advisory.summary}${f.advisory.patched ? ` (patched: ${f.advisory.patched})` : ''}\n`).join('');
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'autoupdate.log'), log || `${run.finished_at} nothing installed\n`);
    writeFileAtomic(path.join(dir, 'last-run.json'), `${JSON.stringify(run, null, 2)}\n`);
  }
  const logFile = path.join(autoUpdateDir(ctx), 'autoupdate.log');
  for (const f of advisories) warn(ctx.io, `${f.id} ${f.version} (installed) is affected by ${f.advisory.severity} ${f.advisory.kind} advisory ${f.advisory.id}: ${f.advisory.summary}`);
  if (!run.ok) ctx.exitCode = 1;
  if (run.failed.length) note(ctx.io, `loom: automatic update failed for ${run.failed.map((f) => f.id).join(', ')}: ${run.failed[0].message} (see ${logFile})`);
  if (malware.length) note(ctx.io, `loom: malware is installed: ${malware.map((f) => `${f.id} ${f.version}`).join(', ')}; remove it with "loom plugin remove <id>" (see ${logFile})`);
  if (options.json) return printJson(ctx.io, { updates: rows, advisories, ...(options.dryRun ? { dry_run: true } : {}) });
  const { printUpdates } = await import('../commands/update.js');
  printUpdates(ctx, rows);
}

import fs from 'node:fs';
import path from 'node:path';
import { ADVISORY_SEVERITIES, affects, type AdvisoriesDocument, type AdvisoryJson, type AdvisorySeverityName } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { request } from '../sources/http.js';
import { readLock, type Installed } from './lock.js';
import { trustDir } from './trust.js';

export interface Finding {
  id: string;
  version: string;
  source: string;
  advisory: Pick<AdvisoryJson, 'id' | 'severity' | 'kind' | 'summary' | 'patched'>;
}

export interface AuditResult {
  installed: number;
  findings: Finding[];
  /** Where each source's advisories came from: the registry now, its signed advisories.json from the last install or update, or nowhere. */
  sources: { name: string; from: 'registry' | 'signed' | 'none' }[];
}

/** The source's advisories: its API now, else (or `offline`) the signed advisories.json its last verified install left. */
export async function advisoriesOf(ctx: Context, source: { name: string; url: string }, offline = false): Promise<{ list: AdvisoryJson[]; from: AuditResult['sources'][number]['from'] }> {
  const answer = offline ? null : await request(`${source.url.replace(/\/+$/, '')}/api/v1/advisories`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  if (answer?.ok) {
    try {
      return { list: (JSON.parse(answer.body.toString('utf8')) as AdvisoriesDocument).advisories, from: 'registry' };
    } catch {
      // not a registry's answer: fall back to the signed copy
    }
  }
  const file = path.join(trustDir(ctx, source), 'targets', 'advisories.json');
  if (fs.existsSync(file)) return { list: (JSON.parse(fs.readFileSync(file, 'utf8')) as AdvisoriesDocument).advisories, from: 'signed' };
  return { list: [], from: 'none' };
}

/** The advisories of the sources `lock`'s plugins came from (registry servers and static hosts), by source name. */
export async function readAdvisories(ctx: Context, lock: Installed[], offline = false): Promise<{ lists: Map<string, AdvisoryJson[]>; sources: AuditResult['sources'] }> {
  const bySource = new Map<string, { name: string; url: string }>();
  for (const p of lock) if (/^https?:\/\//.test(p.source_url) && !['url', 'path'].includes(p.source_kind)) bySource.set(p.source, { name: p.source, url: p.source_url });
  const lists = new Map<string, AdvisoryJson[]>();
  const sources: AuditResult['sources'] = [];
  for (const source of bySource.values()) {
    const { list, from } = await advisoriesOf(ctx, source, offline);
    lists.set(source.name, list);
    sources.push({ name: source.name, from });
  }
  return { lists, sources };
}

/** The installed plugins of `lock` under an advisory of their source, most severe first. */
export function findingsIn(lock: Installed[], lists: Map<string, AdvisoryJson[]>): Finding[] {
  const findings: Finding[] = [];
  for (const p of lock) {
    for (const a of (lists.get(p.source) ?? []).filter((a) => a.plugin_id === p.id && affects(a, p.version))) {
      findings.push({ id: p.id, version: p.version, source: p.source, advisory: { id: a.id, severity: a.severity, kind: a.kind, summary: a.summary, patched: a.patched } });
    }
  }
  const rank = (s: AdvisorySeverityName) => ADVISORY_SEVERITIES.indexOf(s);
  return findings.sort((a, b) => rank(b.advisory.severity) - rank(a.advisory.severity) || a.id.localeCompare(b.id));
}

/** `loom plugin audit`: the installed plugins under an advisory of their source, most severe first. */
export async function audit(ctx: Context): Promise<AuditResult> {
  const lock = readLock(ctx.paths.lock);
  const { lists, sources } = await readAdvisories(ctx, lock);
  return { installed: lock.length, findings: findingsIn(lock, lists), sources };
}

export function atOrAbove(findings: Finding[], level: AdvisorySeverityName): Finding[] {
  return findings.filter((f) => ADVISORY_SEVERITIES.indexOf(f.advisory.severity) >= ADVISORY_SEVERITIES.indexOf(level));
}

import semver from 'semver';
import { BadInputError, NotFoundError } from '../../errors.js';
import { transactional, type Em } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../accounts/auth.js';
import { authorize, gate, stakeIn } from '../../policy.js';
import { Plugin } from '../catalog/plugin.entity.js';
import type { AdvisoriesDocument, AdvisoryJson } from '../../../domain/advisories.js';
import { Advisory, AdvisoryKind, AdvisorySeverity } from './advisory.entity.js';

export interface AdvisoryInput {
  plugin_id: unknown;
  affected: unknown;
  patched?: unknown;
  severity: unknown;
  kind: unknown;
  summary: unknown;
  details: unknown;
  references?: unknown;
}


const MAX_SUMMARY = 200;
const MAX_DETAILS = 20_000;
const MAX_REFERENCES = 20;
/** Ids taken by a concurrent publisher are tried again this often. */
const ID_ATTEMPTS = 5;

export function advisoryJson(a: Advisory): AdvisoryJson {
  return {
    id: a.id,
    plugin_id: a.plugin.id,
    affected: a.affected,
    patched: a.patched ?? null,
    severity: a.severity,
    kind: a.kind,
    summary: a.summary,
    details: a.details,
    references: a.references,
    published_at: a.publishedAt.toISOString(),
  };
}

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BadInputError(field, 'is required (a non-empty string)');
  if (value.length > max) throw new BadInputError(field, `at most ${max} characters`);
  return value.trim();
}

function range(field: string, value: unknown): string {
  const given = text(field, value, 512);
  if (semver.validRange(given) === null) throw new BadInputError(field, `"${given}" is not a semver range (e.g. "<1.4.2" or ">=2.0.0 <2.1.3")`);
  return given;
}

function oneOf<T extends string>(field: string, value: unknown, values: T[]): T {
  if (!values.includes(value as T)) throw new BadInputError(field, `must be one of ${values.join(', ')}`);
  return value as T;
}

function references(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_REFERENCES) throw new BadInputError('references', `must be a list of at most ${MAX_REFERENCES} URLs`);
  return value.map((v) => {
    if (typeof v !== 'string' || !/^https?:\/\//.test(v) || !URL.canParse(v) || v.length > 2048) throw new BadInputError('references', `"${String(v)}" is not an http(s) URL`);
    return v;
  });
}

/** Security advisories: published by admins, and by owners about their own plugins; read by anyone. */
export class AdvisoryService {
  constructor(
    private readonly limiter: WriteLimiter,
    private readonly audit: AuditService,
  ) {}

  /** `within`: more writes of the same transaction, once the advisory has its id (a report marked with it). */
  async publish(em: Em, viewer: Viewer, input: AdvisoryInput, within?: (tx: Em, advisory: Advisory) => void): Promise<Advisory> {
    const user = gate(viewer, 'advisory.publish');
    const pluginId = text('plugin_id', input.plugin_id, 64);
    const fields = {
      affected: range('affected', input.affected),
      patched: input.patched === undefined || input.patched === null ? null : range('patched', input.patched),
      severity: oneOf('severity', input.severity, Object.values(AdvisorySeverity)),
      kind: oneOf('kind', input.kind, Object.values(AdvisoryKind)),
      summary: text('summary', input.summary, MAX_SUMMARY),
      details: text('details', input.details, MAX_DETAILS),
      references: references(input.references),
    };
    await this.limiter.consume(viewer);
    const plugin = await em.findOne(Plugin, { id: pluginId }, { fields: ['id', 'owner'] });
    if (!plugin) throw new NotFoundError('plugin', pluginId);
    authorize(viewer, 'advisory.publish', { pluginId, stake: await stakeIn(em, user, plugin) });
    for (let attempt = 1; ; attempt++) {
      try {
        return await transactional(em, async (tx) => {
          const publishedAt = new Date();
          const year = publishedAt.getUTCFullYear();
          const [row] = await tx.execute<{ n: number | string | null }[]>('select count(*) as n from advisory where id like ?', [`LOOM-${year}-%`]);
          const id = `LOOM-${year}-${String(Number(row.n ?? 0) + 1).padStart(4, '0')}`;
          const advisory = tx.create(Advisory, { id, plugin: tx.getReference(Plugin, pluginId), ...fields, author: user, publishedAt });
          this.audit.record(tx, user, 'advisory.publish', `plugin:${pluginId}`, { advisory: id, severity: fields.severity, kind: fields.kind, affected: fields.affected });
          within?.(tx, advisory);
          await tx.flush();
          return advisory;
        });
      } catch (err) {
        // another advisory took the number first
        if ((err as { name?: string }).name !== 'UniqueConstraintViolationException' || attempt >= ID_ATTEMPTS) throw err;
      }
    }
  }

  /** Every advisory, or one plugin's, newest first. */
  list(em: Em, pluginId?: string): Promise<Advisory[]> {
    return em.find(Advisory, pluginId === undefined ? {} : { plugin: pluginId }, { orderBy: { publishedAt: 'desc', id: 'desc' } });
  }

  /** advisories.json: every advisory, by id, so its bytes change only when an advisory does. */
  async document(em: Em): Promise<string> {
    const all = await em.find(Advisory, {}, { orderBy: { id: 'asc' } });
    return `${JSON.stringify({ version: 1, advisories: all.map(advisoryJson) } satisfies AdvisoriesDocument)}\n`;
  }
}

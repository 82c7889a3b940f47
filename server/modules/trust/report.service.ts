import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ADVISORY_KIND_OF, AUTHOR_HANDLED_KINDS, REPORT_NOTE_MAX, reportInput, type ReportJson } from '../../../domain/reports.js';
import { AppError, BadInputError, issueMessage, NotFoundError } from '../../errors.js';
import { transactional, type Em } from '../../orm.js';
import { authorize, can, gate, stakeIn, type Standing } from '../../policy.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { Viewer } from '../accounts/auth.js';
import type { User } from '../accounts/user.entity.js';
import type { AuditService } from '../audit/audit.service.js';
import { Plugin, PluginMaintainer } from '../catalog/plugin.entity.js';
import type { AdvisoryInput, AdvisoryService } from './advisory.service.js';
import { PluginReport, ReportKind, ReportStatus } from './report.entity.js';

export function reportJson(r: PluginReport): ReportJson {
  return {
    id: r.id,
    plugin_id: r.plugin.id,
    kind: r.kind,
    status: r.status,
    details: r.details,
    contact: r.contact ?? null,
    reporter: r.reporterName,
    note: r.note ?? null,
    advisory_id: r.advisoryId,
    created_at: r.createdAt.toISOString(),
    handled_at: r.handledAt?.toISOString() ?? null,
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Report ids are UUIDs; anything else names no report (and must not reach PostgreSQL's varchar as garbage). */
const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POPULATE = ['reporter', 'advisory'] as const;

/** What a handler adds to a report turned advisory: the rest (kind, summary, details) is prefilled from the report. */
export interface ReportAdvisoryInput {
  affected: unknown;
  patched?: unknown;
  severity: unknown;
  summary?: unknown;
  details?: unknown;
  references?: unknown;
}

/**
 * Private reports about plugins: anyone files one (anonymous reporters give a contact address and get a status
 * token), and the people its kind is for read and handle it (domain/reports.ts): close it with a note to the
 * reporter, or publish an advisory from it. Every move is audited; nothing here is public or cached.
 */
export class ReportService {
  constructor(
    private readonly limiter: WriteLimiter,
    private readonly audit: AuditService,
    private readonly advisories: AdvisoryService,
  ) {}

  /** The new report, and for an anonymous reporter the status token (shown once; only its hash is kept). */
  async file(em: Em, viewer: Viewer, pluginId: string, body: unknown): Promise<{ report: PluginReport; token: string | null }> {
    const user = viewer.user ? authorize(viewer, 'report.file') : null;
    const parsed = reportInput.safeParse(body ?? {}, { error: issueMessage });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadInputError(issue.path.join('.') || 'body', issue.message);
    }
    const input = parsed.data;
    if (!user && !input.contact) throw new BadInputError('contact', 'is required when not signed in: an email address where the plugin’s people can reach you');
    await this.limiter.consumeReport(viewer);
    const plugin = await em.findOne(Plugin, { id: pluginId }, { fields: ['id'] });
    if (!plugin) throw new NotFoundError('plugin', pluginId);
    const token = user ? null : randomBytes(32).toString('base64url');
    const report = await transactional(em, async (tx) => {
      const created = tx.create(PluginReport, {
        id: randomUUID(),
        plugin: tx.getReference(Plugin, pluginId),
        kind: input.kind as ReportKind,
        details: input.details,
        contact: input.contact ?? null,
        reporter: user,
        tokenHash: token ? hashToken(token) : null,
      });
      this.audit.record(tx, user, 'report.file', `plugin:${pluginId}`, { report: created.id, kind: input.kind, anonymous: !user });
      await tx.flush();
      return created;
    });
    return { report, token };
  }

  /**
   * Throws unless the caller handles this report (domain/reports.ts says who handles which kind): a key without the
   * scope is refused for that; to anyone else the report does not exist.
   */
  private async mayHandle(em: Em, viewer: Viewer, user: User, report: PluginReport): Promise<void> {
    const standing: Standing = { pluginId: report.plugin.id, stake: await stakeIn(em, user, report.plugin.id) };
    authorize(viewer, AUTHOR_HANDLED_KINDS.includes(report.kind) ? 'report.handle' : 'report.handleAny', standing, () => new NotFoundError('report', report.id));
  }

  /** One report: for its reporter (signed in, or with its status token) and those who handle it; NOT_FOUND to anyone else. */
  async get(em: Em, viewer: Viewer, id: string, token?: string | null): Promise<PluginReport> {
    if (!viewer.user && !token) throw new AppError('UNAUTHENTICATED', 'sign in, or give the status token you were given when you filed the report');
    const report = REPORT_ID.test(id) ? await em.findOne(PluginReport, { id }, { populate: POPULATE }) : null;
    if (!report) throw new NotFoundError('report', id);
    if (token && report.tokenHash && timingSafeEqual(Buffer.from(hashToken(token)), Buffer.from(report.tokenHash))) return report;
    const user = viewer.user;
    if (!user) throw new NotFoundError('report', id);
    if (report.reporter?.id !== user.id) await this.mayHandle(em, viewer, user, report);
    return report;
  }

  /** The reports the caller filed while signed in, newest first. */
  mine(em: Em, viewer: Viewer): Promise<PluginReport[]> {
    const user = gate(viewer, 'report.file');
    return em.find(PluginReport, { reporter: user.id }, { populate: POPULATE, orderBy: { createdAt: 'desc', id: 'asc' } });
  }

  /**
   * The reports the caller handles, newest first: of one plugin, or of every plugin (admins: all of them; owners and
   * maintainers: the security and license reports of their plugins).
   */
  async handled(em: Em, viewer: Viewer, pluginId?: string): Promise<PluginReport[]> {
    const user = gate(viewer, 'report.handle');
    const admin = can(viewer, 'report.handleAny');
    const order = { populate: POPULATE, orderBy: { createdAt: 'desc', id: 'asc' } } as const;
    if (pluginId !== undefined) {
      const plugin = await em.findOne(Plugin, { id: pluginId }, { fields: ['id', 'owner'] });
      if (!plugin) throw new NotFoundError('plugin', pluginId);
      if (admin) return em.find(PluginReport, { plugin: pluginId }, order);
      authorize(viewer, 'report.handle', { pluginId, stake: await stakeIn(em, user, plugin) });
      return em.find(PluginReport, { plugin: pluginId, kind: { $in: [...AUTHOR_HANDLED_KINDS] as ReportKind[] } }, order);
    }
    if (admin) return em.find(PluginReport, {}, order);
    const maintained = await em.find(PluginMaintainer, { user: user.id }, { fields: ['plugin'] });
    const owned = await em.find(Plugin, { owner: user.id }, { fields: ['id'] });
    const ids = [...owned.map((p) => p.id), ...maintained.map((m) => m.plugin.id)];
    if (ids.length === 0) return [];
    return em.find(PluginReport, { plugin: { $in: ids }, kind: { $in: [...AUTHOR_HANDLED_KINDS] as ReportKind[] } }, order);
  }

  /** An open report its handler may act on: NOT_FOUND to those who may not see it, FORBIDDEN to its reporter, CONFLICT once handled. */
  private async openForHandler(em: Em, viewer: Viewer, id: string): Promise<{ report: PluginReport; user: User }> {
    const user = gate(viewer, 'report.handle');
    const report = REPORT_ID.test(id) ? await em.findOne(PluginReport, { id }, { populate: POPULATE }) : null;
    if (!report) throw new NotFoundError('report', id);
    // its reporter sees it, so is told why they may not act on it
    await this.mayHandle(em, viewer, user, report).catch((err: unknown) => {
      throw report.reporter?.id === user.id ? new AppError('FORBIDDEN', 'you filed this report: the plugin’s people (or an admin) handle it') : err;
    });
    if (report.status !== ReportStatus.OPEN) throw new AppError('CONFLICT', `report ${id} is already ${report.status === ReportStatus.CLOSED ? 'closed' : `an advisory (${report.advisoryId})`}`);
    return { report, user };
  }

  /** Closes an open report with a note the reporter reads. */
  async close(em: Em, viewer: Viewer, id: string, note: unknown): Promise<PluginReport> {
    const text = z.string({ error: 'is required' }).trim().min(1, { error: 'is required: say why, for the reporter' }).max(REPORT_NOTE_MAX, { error: `at most ${REPORT_NOTE_MAX} characters` }).safeParse(note);
    if (!text.success) throw new BadInputError('note', text.error.issues[0].message);
    const { report, user } = await this.openForHandler(em, viewer, id);
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const row = tx.merge(report);
      Object.assign(row, { status: ReportStatus.CLOSED, note: text.data, handledBy: user, handledAt: new Date() });
      this.audit.record(tx, user, 'report.close', `plugin:${report.plugin.id}`, { report: id, note: text.data });
      await tx.flush();
      return row;
    });
  }

  /**
   * Publishes an advisory from an open security or malware report (kind, summary and details prefilled from it;
   * the handler gives the ranges and severity, and may reword) and marks the report with it, in one transaction.
   */
  async toAdvisory(em: Em, viewer: Viewer, id: string, input: ReportAdvisoryInput): Promise<PluginReport> {
    const { report, user } = await this.openForHandler(em, viewer, id);
    const kind = ADVISORY_KIND_OF[report.kind];
    if (!kind) throw new BadInputError('kind', `a ${report.kind} report does not become an advisory: close it with a note`);
    const firstLine = report.details.split('\n')[0].trim();
    const advisory: AdvisoryInput = {
      plugin_id: report.plugin.id,
      affected: input.affected,
      patched: input.patched,
      severity: input.severity,
      kind,
      summary: input.summary ?? (firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine),
      details: input.details ?? report.details,
      references: input.references,
    };
    await this.advisories.publish(em, viewer, advisory, (tx, published) => {
      const row = tx.merge(report);
      Object.assign(row, { status: ReportStatus.ADVISORY, advisory: published, handledBy: user, handledAt: new Date() });
      this.audit.record(tx, user, 'report.advisory', `plugin:${report.plugin.id}`, { report: id, advisory: published.id });
    });
    return this.get(em.fork() as Em, viewer, id);
  }
}

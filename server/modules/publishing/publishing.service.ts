import semver from 'semver';
import { AppError, BadInputError, NotFoundError } from '../../errors.js';
import type { Em } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { pluginFields } from '../catalog/plugin-fields.js';
import type { SubmissionService } from './submission.service.js';
import { ChecksState, type Submission } from './submission.entity.js';
import type { Viewer } from '../accounts/auth.js';
import { User } from '../accounts/user.entity.js';
import { authorize, gate, stakeIn } from '../../policy.js';
import { applyCurrentVersion } from './current.js';
import { PluginVersion } from './version.entity.js';
import { declaredDependencies, dependencyCheck, recordDependencies, versionsFromDatabase } from './dependencies.js';
import { ManifestError, parseManifest, type Manifest } from '../../../domain/manifest.js';
import { Plugin, PluginMaintainer } from '../catalog/plugin.entity.js';
import { Category } from '../../../domain/plugin.js';
import { satisfies } from '../../../domain/dependencies.js';
import { allDependentsOf } from '../catalog/dependents.js';
import { versionQuality } from './quality.js';
import type { PublicLinks } from '../../links.js';

/** The first key of the advisory locks that serialise approvals per plugin id (any number unused by other locks). */
const PUBLISH_LOCK = 0x7075626c;

/** The stored manifest as the checks read it (it passed them); undefined if it no longer parses. */
function readManifest(text: string): Manifest | undefined {
  try {
    return parseManifest(text);
  } catch (err) {
    if (err instanceof ManifestError) return undefined;
    throw err;
  }
}

/** Approval (publishing) and what owners, maintainers and admins do to published plugins. */
export class PublishingService {
  constructor(
    private readonly submissions: SubmissionService,
    private readonly limiter: WriteLimiter,
    private readonly audit: AuditService,
    private readonly links: PublicLinks,
    private readonly postgres: boolean,
  ) {}

  /**
   * Approves a submission whose checks passed: publishes a new plugin (owned by the submitter) or a new version.
   * Approvals of one plugin id run one at a time, so "the id is new" and "above every published version" still
   * hold when the rows are written; a concurrent loser answers CONFLICT and publishes nothing.
   */
  async approve(em: Em, viewer: Viewer, id: string, notes?: string | null): Promise<Submission> {
    gate(viewer, 'submission.review');
    await this.limiter.consume(viewer);
    return em.transactional(async (tx) => {
      const { submission, reviewer, status } = await this.submissions.reviewable(tx, viewer, id, 'approve');
      if (submission.checksState !== ChecksState.DONE) throw new AppError('CONFLICT', 'the automated checks have not finished yet');
      await tx.populate(submission, ['manifest']);
      if (submission.checks.some((c) => c.status === 'fail') || !submission.manifest || !submission.manifestSha256) {
        throw new AppError('CONFLICT', 'the automated checks failed; request changes instead');
      }
      const input = submission.payload;
      const submitter = submission.submitter;
      await this.lockPluginId(tx, input.plugin.id);
      let plugin = await tx.findOne(Plugin, { id: input.plugin.id }, { populate: ['owner'] });
      const versions = plugin ? await tx.find(PluginVersion, { plugin: plugin.id }) : [];
      // the submitter's right to publish a version (plugin.publish) may have gone since they submitted
      if (plugin && (await stakeIn(tx, submitter, plugin)) === null) {
        throw new AppError('CONFLICT', `"${plugin.id}" belongs to ${plugin.owner?.username ?? 'another publisher'} now, and the submitter is neither its owner nor a maintainer: reject this submission`);
      }
      const highest = versions.map((v) => v.version).sort(semver.rcompare)[0];
      if (highest && !semver.gt(input.plugin.version, highest)) {
        throw new AppError('CONFLICT', `version ${input.plugin.version} is not above ${highest}, the highest published version of ${input.plugin.id}`);
      }
      // The graph may have moved since the checks ran (a dependency yanked, another plugin published needing this one).
      const { declared } = declaredDependencies(input, readManifest(submission.manifest));
      const graph = (await dependencyCheck(input.plugin.id, input.plugin.version, declared, versionsFromDatabase(tx))).find((c) => c.status === 'fail');
      if (graph) throw new AppError('CONFLICT', `the dependencies no longer hold: ${graph.message}; request changes instead`);
      const now = new Date();
      // a manifest given inline has no URL of its own: its source is the registry's snapshot of it
      const manifestUrl = input.plugin.install.manifest_url ?? this.links.manifest(input.plugin.id, input.plugin.version);
      const { metadata, details } = pluginFields({ ...input.plugin, install: { ...input.plugin.install, manifest_url: manifestUrl } });
      const fields = { ...metadata, updatedAt: now };
      if (plugin) tx.assign(plugin, fields);
      else plugin = tx.create(Plugin, { id: input.plugin.id, ...fields, ...details, tags: [], owner: submitter, category: Category.COMMUNITY, publishedAt: now, version: input.plugin.version });
      const published = tx.create(PluginVersion, {
        plugin,
        version: input.plugin.version,
        publishedAt: now,
        changes: input.submission.notes ?? '',
        manifest: submission.manifest,
        sha256: submission.manifestSha256,
        prerelease: semver.prerelease(input.plugin.version) !== null,
        quality: versionQuality(input, submission.checks, submission.conformance, now),
        ...details,
        ...declared,
      });
      recordDependencies(tx, published);
      await applyCurrentVersion(tx, plugin, [...versions, published]);
      Object.assign(submission, { status, reviewer, reviewedAt: now, updatedAt: now, notes: notes?.trim() || 'Approved' });
      this.audit.record(tx, reviewer, 'submission.approve', `submission:${id}`, { plugin: plugin.id, version: published.version });
      // Under the plugin too: its history (auditLog(target: "plugin:<id>")) shows when each version came out.
      this.audit.record(tx, reviewer, 'plugin.publish', `plugin:${plugin.id}`, { version: published.version, submission: id });
      return submission;
    });
  }

  /**
   * Yanks a version, which succeeds even when other plugins depend on it; `warnings` tell the publisher which
   * dependents' ranges the version satisfied, and whether another version still does.
   */
  async yank(em: Em, viewer: Viewer, pluginId: string, version: string, reason: string): Promise<{ version: PluginVersion; warnings: string[] }> {
    const text = reason.trim();
    if (!text || text.length > 1000) throw new BadInputError('reason', 'say why, in 1-1000 characters');
    let remaining: PluginVersion[] = [];
    const yanked = await this.changeVersion(em, viewer, pluginId, version, 'version.yank', (v, all) => {
      v.yankedReason = text;
      v.yankedAt = new Date();
      remaining = all.filter((other) => !other.yankedReason);
    });
    const warnings = (await allDependentsOf(em, pluginId))
      .filter((d) => satisfies(yanked.version, d.range))
      .map((d) => {
        const still = remaining.filter((v) => satisfies(v.version, d.range)).map((v) => v.version).sort(semver.rcompare);
        const what = `${d.pluginId} ${d.version} depends on ${pluginId} ${d.range}, which ${yanked.version} satisfied`;
        return still.length > 0 ? `${what}; ${still.join(', ')} still ${still.length === 1 ? 'does' : 'do'}` : `${what}, and no other published version does: ${d.pluginId} cannot be installed until one is`;
      });
    return { version: yanked, warnings };
  }

  async unyank(em: Em, viewer: Viewer, pluginId: string, version: string): Promise<PluginVersion> {
    return this.changeVersion(em, viewer, pluginId, version, 'version.unyank', (v) => {
      v.yankedReason = null;
      v.yankedAt = null;
    });
  }

  async deprecate(em: Em, viewer: Viewer, pluginId: string, message: string | null, replacement?: string | null): Promise<Plugin> {
    const { user, plugin } = await this.manageable(em, viewer, pluginId, 'plugin.maintain');
    if (message !== null) {
      const text = message.trim();
      if (!text || text.length > 1000) throw new BadInputError('message', 'say why, in 1-1000 characters');
      if (replacement && (replacement === pluginId || !(await em.count(Plugin, { id: replacement })))) throw new BadInputError('replacement', `no other plugin "${replacement}"`);
      plugin.deprecatedMessage = text;
      plugin.deprecatedReplacement = replacement ?? null;
    } else {
      plugin.deprecatedMessage = null;
      plugin.deprecatedReplacement = null;
    }
    plugin.updatedAt = new Date();
    this.audit.record(em, user, message === null ? 'plugin.undeprecate' : 'plugin.deprecate', `plugin:${pluginId}`, { message, replacement });
    await em.flush();
    return plugin;
  }

  async setMaintainer(em: Em, viewer: Viewer, pluginId: string, username: string, add: boolean): Promise<Plugin> {
    const { user, plugin } = await this.manageable(em, viewer, pluginId, 'plugin.own');
    const target = await em.findOne(User, { username });
    if (!target) throw new NotFoundError('user', username);
    if (plugin.owner?.id === target.id) throw new AppError('CONFLICT', `${username} owns ${pluginId} already`);
    const existing = await em.findOne(PluginMaintainer, { plugin: pluginId, user: target.id });
    if (add && !existing) em.create(PluginMaintainer, { plugin, user: target });
    if (!add && existing) em.remove(existing);
    this.audit.record(em, user, add ? 'plugin.maintainer_add' : 'plugin.maintainer_remove', `plugin:${pluginId}`, { user: username });
    await em.flush();
    return plugin;
  }

  async transfer(em: Em, viewer: Viewer, pluginId: string, username: string): Promise<Plugin> {
    const { user, plugin } = await this.manageable(em, viewer, pluginId, 'plugin.own');
    const target = await em.findOne(User, { username });
    if (!target) throw new NotFoundError('user', username);
    const previous = plugin.owner?.username ?? null;
    plugin.owner = target;
    await em.nativeDelete(PluginMaintainer, { plugin: pluginId, user: target.id });
    this.audit.record(em, user, 'plugin.transfer', `plugin:${pluginId}`, { from: previous, to: username });
    await em.flush();
    return plugin;
  }

  /** Admins only: the verified badge and the category. */
  async curate(em: Em, viewer: Viewer, pluginId: string, change: { verified?: boolean; category?: Category }): Promise<Plugin> {
    const admin = gate(viewer, 'plugin.curate');
    await this.limiter.consume(viewer);
    const plugin = await em.findOne(Plugin, { id: pluginId });
    if (!plugin) throw new NotFoundError('plugin', pluginId);
    em.assign(plugin, change);
    this.audit.record(em, admin, 'plugin.curate', `plugin:${pluginId}`, { ...change });
    await em.flush();
    return plugin;
  }

  private async changeVersion(em: Em, viewer: Viewer, pluginId: string, version: string, action: string, change: (v: PluginVersion, all: PluginVersion[]) => void): Promise<PluginVersion> {
    const { user, plugin } = await this.manageable(em, viewer, pluginId, 'plugin.maintain');
    const versions = await em.find(PluginVersion, { plugin: pluginId });
    const target = versions.find((v) => v.version === version);
    if (!target) throw new NotFoundError('version', `${pluginId}@${version}`);
    change(target, versions);
    await applyCurrentVersion(em, plugin, versions);
    plugin.updatedAt = new Date();
    this.audit.record(em, user, action, `plugin:${pluginId}`, { version, reason: target.yankedReason ?? null });
    await em.flush();
    return target;
  }

  /**
   * Holds the plugin id until the transaction ends. PostgreSQL: an advisory lock keyed by the id's hash (the id may
   * not have a row yet; two ids sharing a hash only wait for each other). SQLite: this process's one connection
   * already runs one transaction at a time.
   */
  private async lockPluginId(tx: Em, pluginId: string): Promise<void> {
    if (this.postgres) await tx.execute('select pg_advisory_xact_lock(?, hashtext(?))', [PUBLISH_LOCK, pluginId]);
  }

  /** A plugin the caller may `action` (maintain: owners, maintainers, admins; own: owners and admins). */
  private async manageable(em: Em, viewer: Viewer, pluginId: string, action: 'plugin.maintain' | 'plugin.own'): Promise<{ user: User; plugin: Plugin }> {
    const caller = gate(viewer, action);
    await this.limiter.consume(viewer);
    const plugin = await em.findOne(Plugin, { id: pluginId }, { populate: ['owner'] });
    if (!plugin) throw new NotFoundError('plugin', pluginId);
    const user = authorize(viewer, action, { pluginId, stake: await stakeIn(em, caller, plugin) });
    return { user, plugin };
  }
}

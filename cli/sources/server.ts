import { ClientError, createClient, type Client, type Document } from '../../client/client.js';
import {
  MeDocument,
  MyReportsDocument,
  PluginReportsDocument,
  ReportPluginDocument,
  PluginCommunityDocument,
  PluginDependentsDocument,
  PluginDetailDocument,
  PluginRequirementsDocument,
  PluginVersionsDocument,
  RatePluginDocument,
  ReviewPluginDocument,
  SearchPluginsDocument,
  StarPluginDocument,
  SubmissionDocument,
  SubmitPluginDocument,
  UnstarPluginDocument,
  type Capability,
  type Category,
  type MeQuery,
  type PluginCommunityQuery,
  type PluginEntryFragment,
  type PluginSort,
  type RatePluginMutation,
  type ReportFieldsFragment,
  type ReportKind,
  type SubmissionQuery,
  type SubmitPluginMutation,
} from '../../client/gql/graphql.js';
import { rfc3339 } from '../../domain/time.js';
import { authHint, type SourceConfig } from '../config/config.js';
import { AuthError, CliError, NotFoundError } from '../errors.js';
import { bestEffort, HTTP_TIMEOUT_MS, httpFetch, UnreachableError } from './http.js';
import type { DependentsPage, ManifestLocation, PluginDetails, RegistryEntry, SearchPage, SearchQuery, Source, SourceKind, VersionInfo } from './types.js';

/** The answer was not this registry's GraphQL API: an `auto` source then reads `<url>/registry.json` instead. */
export class NotARegistryError extends CliError {
  constructor(source: SourceConfig, detail: string) {
    super(`source ${source.name}: ${source.url} is not a Loom registry server (${detail})`, 'NOT_A_REGISTRY', 1, `set "type: static" for a plain registry.json host`);
  }
}

const PAGE = 100;
const SORTS: Record<string, PluginSort> = { downloads: 'DOWNLOADS', rating: 'RATING', updated: 'UPDATED', quality: 'QUALITY' };

export function toEntry(p: PluginEntryFragment): RegistryEntry {
  const { custom, streaming, functionCalling, vision, embeddings, fineTuning } = p.capabilities;
  return {
    id: p.id,
    name: p.name,
    provider_type: p.providerType,
    description: p.description,
    author: p.author,
    version: p.version,
    license: p.license,
    homepage: p.homepage,
    repository: p.repository,
    downloads: p.stats.downloads,
    rating: Math.round(p.stats.rating * 10) / 10,
    reviews: p.stats.ratingCount,
    verified: p.verified,
    tags: p.tags,
    capabilities: { ...Object.fromEntries(custom.map((c) => [c.name, c.enabled])), streaming, function_calling: functionCalling, vision, embeddings, fine_tuning: fineTuning },
    install: { type: p.install.type, manifest_url: p.install.manifestUrl, ...(p.install.dockerImage ? { docker_image: p.install.dockerImage } : {}) },
    screenshots: p.screenshots,
    ...(p.documentationUrl ? { documentation_url: p.documentationUrl } : {}),
    published_at: rfc3339(p.publishedAt),
    updated_at: rfc3339(p.updatedAt),
    category: p.category.toLowerCase(),
    quality_score: p.qualityScore ?? null,
    tested: p.tested,
  };
}

/** This registry's own server, read through the generated GraphQL client. */
function qualityOf(q: { score: number; assessedAt: string; items: { id: string; label: string; passed: boolean; detail: string }[] } | null | undefined): PluginDetails['quality'] {
  return q ? { score: q.score, assessed_at: q.assessedAt, items: q.items } : null;
}

export class ServerSource implements Source {
  private readonly client: Client;
  private readonly base: string;

  constructor(
    readonly config: SourceConfig,
    private readonly installId: () => string,
    /**
     * Asked on behalf of a source without `type`: then any answer that is not a GraphQL response, whatever its
     * status (python's http.server answers a POST with 501), means "not a registry server".
     */
    private readonly detecting = false,
  ) {
    this.base = config.url.replace(/\/+$/, '').replace(/\/graphql$/, '');
    this.client = createClient({ url: `${this.base}/graphql`, token: config.token, timeoutMs: HTTP_TIMEOUT_MS, fetch: httpFetch, headers: { 'user-agent': 'loom-cli' } });
  }

  kind(): SourceKind {
    return 'loom-registry';
  }

  /** The generated client's errors as errors a person can act on. */
  private async call<R>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof ClientError)) throw err;
      const name = this.config.name;
      const notGraphQL = err.status !== undefined && err.errors.length === 0;
      // 501 Not Implemented: a plain file server refusing the POST, never a registry having a bad moment.
      if (notGraphQL && (this.detecting || err.status === 501)) throw new NotARegistryError(this.config, `HTTP ${err.status}`);
      switch (err.code) {
        case 'UNAUTHENTICATED':
          throw new AuthError(`source ${name} refused the request: ${err.message}`, authHint(this.config));
        case 'FORBIDDEN':
          // The server's message says why (a missing scope, your own plugin…): no generic hint could say more.
          throw new AuthError(`source ${name} refused the request: ${err.message}`, undefined, 'FORBIDDEN');
        case 'RATE_LIMITED':
          throw new CliError(`source ${name}: ${err.message}`, err.code, 1, 'wait a little and try again');
        case 'NETWORK_ERROR':
        case 'TIMEOUT':
          throw new UnreachableError(`source ${name}: ${err.message}`, `is the registry running at ${this.base}? Check "loom plugin sources list"`);
        case 'BAD_RESPONSE':
        case 'NOT_FOUND':
        case 'METHOD_NOT_ALLOWED':
        case 'UNSUPPORTED_MEDIA_TYPE':
          if (notGraphQL) throw new NotARegistryError(this.config, `HTTP ${err.status}`);
          if (err.code === 'NOT_FOUND') throw new NotFoundError(`source ${name}: ${err.message}`);
          throw new CliError(`source ${name}: ${err.message}`, err.code);
        case 'BAD_USER_INPUT':
          throw new CliError(`source ${name}: ${err.message}`, err.code, 2);
        case 'CONFLICT':
          // The server's message says what is in the way (an open submission, a published version): waiting will not help.
          throw new CliError(`source ${name}: ${err.message}`, err.code, 1);
        default:
          throw new CliError(`source ${name}: ${err.message}`, err.code, 1, 'try again later');
      }
    }
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const entries: RegistryEntry[] = [];
    let after = query.after;
    let total = 0;
    let didYouMean: string | undefined;
    for (;;) {
      const want = query.limit === undefined ? PAGE : Math.min(PAGE, query.limit - entries.length);
      const { plugins } = await this.call(() =>
        this.client.request(SearchPluginsDocument, {
          search: query.text || undefined,
          tags: query.tags?.length ? query.tags : undefined,
          verified: query.verified || undefined,
          category: query.category ? (query.category.toUpperCase() as Category) : undefined,
          capabilities: query.capabilities?.length ? query.capabilities.map((c) => c.toUpperCase() as Capability) : undefined,
          minQuality: query.minQuality,
          tested: query.tested || undefined,
          sort: query.sort ? SORTS[query.sort] : undefined,
          first: want,
          after,
        }),
      );
      entries.push(...plugins.nodes.map(toEntry));
      total = plugins.totalCount;
      didYouMean ??= plugins.didYouMean ?? undefined;
      const full = query.limit !== undefined && entries.length >= query.limit;
      const next = plugins.pageInfo.hasNextPage ? plugins.pageInfo.endCursor : null;
      if (full || !next) return { entries, total, ...(didYouMean ? { didYouMean } : {}), ...(next ? { next } : {}) };
      after = next;
    }
  }

  async details(id: string): Promise<PluginDetails | null> {
    try {
      const { plugin } = await this.call(() => this.client.request(PluginDetailDocument, { id }));
      if (!plugin) return null;
      return {
        entry: toEntry(plugin),
        versions: plugin.versions.nodes.map((v) => ({
          version: v.version,
          prerelease: v.prerelease,
          yanked_reason: v.yankedReason,
          sha256: v.sha256,
          published_at: rfc3339(v.publishedAt),
          changes: v.changes,
        })),
        versions_total: plugin.versions.totalCount,
        downloads_last_30d: plugin.stats.downloadsLast30d,
        deprecated: plugin.deprecated,
        quality: qualityOf(plugin.versions.nodes.find((v) => v.version === plugin.version)?.quality),
      };
    } catch (err) {
      if (err instanceof CliError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async versions(id: string): Promise<VersionInfo[] | null> {
    const all: VersionInfo[] = [];
    let after: string | undefined;
    try {
      for (;;) {
        const { plugin } = await this.call(() => this.client.request(PluginVersionsDocument, { id, first: PAGE, after }));
        if (!plugin) return null;
        all.push(...plugin.versions.nodes.map((v) => ({ version: v.version, prerelease: v.prerelease, yanked_reason: v.yankedReason, sha256: v.sha256, published_at: null, changes: null })));
        const { hasNextPage, endCursor } = plugin.versions.pageInfo;
        if (!hasNextPage || !endCursor) return all;
        after = endCursor;
      }
    } catch (err) {
      if (err instanceof CliError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** Every version with what it declares about other plugins (dependencies, conflicts, provides), newest first. */
  async requirements(id: string): Promise<VersionInfo[] | null> {
    const all: VersionInfo[] = [];
    const map = (list: { pluginId: string; range: string }[]) => Object.fromEntries(list.map((d) => [d.pluginId, d.range]));
    let after: string | undefined;
    try {
      for (;;) {
        const { plugin } = await this.call(() => this.client.request(PluginRequirementsDocument, { id, first: PAGE, after }));
        if (!plugin) return null;
        for (const v of plugin.versions.nodes) {
          all.push({ version: v.version, prerelease: v.prerelease, yanked_reason: v.yankedReason, sha256: v.sha256, published_at: null, changes: null, dependencies: map(v.dependencies), conflicts: map(v.conflicts), provides: v.provides });
        }
        const { hasNextPage, endCursor } = plugin.versions.pageInfo;
        if (!hasNextPage || !endCursor) return all;
        after = endCursor;
      }
    } catch (err) {
      if (err instanceof CliError && err.code === 'NOT_FOUND') return null;
      // a registry older than dependencies: its versions declare none
      if (err instanceof CliError && err.code === 'GRAPHQL_VALIDATION_FAILED') return this.versions(id);
      throw err;
    }
  }

  async dependents(id: string, limit: number, cursor?: string): Promise<DependentsPage> {
    try {
      const { plugin } = await this.call(() => this.client.request(PluginDependentsDocument, { id, first: limit, after: cursor }));
      if (!plugin) return { items: [], next: null };
      const { nodes, pageInfo } = plugin.dependents;
      return { items: nodes.map((d) => ({ plugin_id: d.pluginId, version: d.version, range: d.range })), next: pageInfo.hasNextPage ? pageInfo.endCursor ?? null : null };
    } catch (err) {
      if (err instanceof CliError && (err.code === 'NOT_FOUND' || err.code === 'GRAPHQL_VALIDATION_FAILED')) return { items: [], next: null };
      throw err;
    }
  }

  /** Any operation of client/operations, its errors made actionable like every other call's. */
  request<R, V>(document: Document<R, V>, variables: V): Promise<R> {
    return this.call(() => this.client.request(document, variables));
  }

  /** The account the API key belongs to; null when anonymous. */
  async me(): Promise<MeQuery['me']> {
    return (await this.call(() => this.client.request(MeDocument, {}))).me;
  }

  /** The key makes a retry safe: the server answers a repeated submission with the first receipt. */
  async submit(submission: Record<string, unknown>, idempotencyKey: string): Promise<SubmitPluginMutation['submitPlugin']> {
    return (await this.call(() => this.client.request(SubmitPluginDocument, { submission, idempotencyKey }, { idempotent: true }))).submitPlugin;
  }

  async submission(id: string): Promise<SubmissionQuery['submission']> {
    try {
      return (await this.call(() => this.client.request(SubmissionDocument, { id }))).submission;
    } catch (err) {
      if (err instanceof CliError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async rate(id: string, rating: number): Promise<RatePluginMutation['ratePlugin']> {
    return (await this.call(() => this.client.request(RatePluginDocument, { id, rating }))).ratePlugin;
  }

  async review(id: string, rating: number, comment: string): Promise<RatePluginMutation['ratePlugin']> {
    return (await this.call(() => this.client.request(ReviewPluginDocument, { id, rating, comment }))).reviewPlugin;
  }

  /** Files a private report (anonymous when no key is configured: then `contact` is needed); an anonymous reporter gets its status link. */
  async report(pluginId: string, kind: ReportKind, details: string, contact?: string): Promise<{ report: ReportFieldsFragment; statusUrl: string | null }> {
    const { reportPlugin } = await this.call(() => this.client.request(ReportPluginDocument, { input: { pluginId, kind, details, contact } }));
    const { report, statusToken } = reportPlugin;
    return { report, statusUrl: statusToken ? `${this.base}/reports/${report.id}?token=${statusToken}` : null };
  }

  /** The reports the caller handles (of one plugin), or those they filed. */
  async reports(which: { mine: true } | { pluginId?: string }): Promise<ReportFieldsFragment[]> {
    if ('mine' in which) return (await this.call(() => this.client.request(MyReportsDocument, {}))).myReports;
    return (await this.call(() => this.client.request(PluginReportsDocument, { pluginId: which.pluginId }))).pluginReports;
  }

  /** Reviews, stars and daily downloads: what only a registry server knows (the terminal UI shows them). */
  async community(id: string, reviews = 3): Promise<NonNullable<PluginCommunityQuery['plugin']> | null> {
    const { plugin } = await this.call(() => this.client.request(PluginCommunityDocument, { id, reviews }));
    return plugin ?? null;
  }

  /** Stars or unstars; resolves to whether the plugin is now starred. */
  async star(id: string, on: boolean): Promise<boolean> {
    if (on) return (await this.call(() => this.client.request(StarPluginDocument, { id }))).starPlugin.viewerHasStarred;
    return (await this.call(() => this.client.request(UnstarPluginDocument, { id }))).unstarPlugin.viewerHasStarred;
  }

  private headers(): Record<string, string> {
    return { 'x-loom-install-id': this.installId(), ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}) };
  }

  private pluginUrl(id: string): string {
    return `${this.base}/api/v1/plugins/${encodeURIComponent(id)}`;
  }

  async manifest(id: string, version: VersionInfo): Promise<ManifestLocation> {
    return { url: `${this.pluginUrl(id)}/versions/${encodeURIComponent(version.version)}/manifest`, sha256: version.sha256, headers: { accept: 'application/yaml', ...this.headers() } };
  }

  reportInstall(id: string, version: string): Promise<void> {
    return bestEffort(`${this.pluginUrl(id)}/installs`, 'POST', this.headers(), { version });
  }

  reportRemove(id: string): Promise<void> {
    return bestEffort(`${this.pluginUrl(id)}/installs`, 'DELETE', this.headers());
  }
}

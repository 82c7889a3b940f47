import { useEffect, useState } from 'react';
import type { PluginPageQuery } from '../gql/graphql.js';
import { compact, day, plural, titleCase } from './format.js';
import { Badges, Layout, Rating } from './parts.js';
import { ReviewForm, StarControl, type PluginViewer } from './viewer-controls.js';
import { AdvisoriesSection, AdvisoryBanner } from './advisories.js';
import { ReportProblemSection } from './report-pages.js';

export type PluginData = NonNullable<PluginPageQuery['plugin']>;

/** Downloads per day as bars, with the figures in a table for screen readers and text browsers. */
function DownloadsChart({ daily }: { daily: PluginData['stats']['daily'] }) {
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...daily.map((d) => d.count));
  const bar = width / Math.max(1, daily.length);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-caption" preserveAspectRatio="none">
        {daily.map((d, i) => {
          const h = Math.max(d.count > 0 ? 1 : 0, (d.count / max) * (height - 4));
          return (
            <rect key={d.day} x={i * bar + 1} y={height - h} width={Math.max(1, bar - 2)} height={h}>
              <title>{`${d.day}: ${d.count.toLocaleString('en-US')}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption id="chart-caption">
        Downloads per day, last {daily.length} days (UTC): {plural(daily.reduce((a, d) => a + d.count, 0), 'download')}, at most {max.toLocaleString('en-US')} a day
      </figcaption>
      <details>
        <summary>The figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Downloads</th>
            </tr>
          </thead>
          <tbody>
            {daily.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.count.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The install command with a copy button (the button appears once the page's script runs). */
function InstallCommand({ command }: { command: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <div className="install">
      <code id="install-command">{command}</code>
      {ready && (
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard.writeText(command);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      )}
    </div>
  );
}

const CAPABILITY_NAMES: [keyof Omit<PluginData['capabilities'], 'custom'>, string][] = [
  ['streaming', 'Streaming'],
  ['functionCalling', 'Function calling'],
  ['vision', 'Vision'],
  ['embeddings', 'Embeddings'],
  ['fineTuning', 'Fine-tuning'],
];

/** The registry's checklist of the current version, as assessed at its approval. */
function QualityChecklist({ version, quality }: { version: string; quality: NonNullable<NonNullable<PluginData['latestVersion']>['quality']> }) {
  const passed = quality.items.filter((i) => i.passed).length;
  return (
    <section aria-labelledby="quality-heading">
      <h2 id="quality-heading">Quality {quality.score}%</h2>
      <p className="muted">
        {passed} of {quality.items.length} standards for version {version}, assessed {day(quality.assessedAt)}
      </p>
      <ul className="quality">
        {quality.items.map((item) => (
          <li key={item.id} className={item.passed ? 'passed' : 'missing'}>
            <span aria-label={item.passed ? 'passed' : 'missing'}>{item.passed ? '✓' : '✗'}</span> {item.label} <span className="muted">— {item.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type PageDependency = NonNullable<PluginData['latestVersion']>['dependencies'][number];

/** Plugins named with a range, each a link to its page (plain text when the registry has no such plugin). */
function DependencyList({ items, label }: { items: PageDependency[]; label: string }) {
  return (
    <ul className="dependencies" aria-label={label}>
      {items.map((d) => (
        <li key={d.pluginId}>
          {d.plugin ? <a href={`/plugins/${d.pluginId}`}>{d.plugin.name}</a> : d.pluginId} <code>{d.range}</code>
          {d.plugin && <span className="muted"> ({d.pluginId})</span>}
        </li>
      ))}
    </ul>
  );
}

/** What the current version needs, conflicts with and provides, and the plugins that use this one (20 a page). */
function Dependencies({ plugin, usedByAfter }: { plugin: PluginData; usedByAfter: string }) {
  const current = plugin.latestVersion;
  const { dependents } = plugin;
  return (
    <div className="columns">
      <section aria-labelledby="dependencies-heading">
        <h2 id="dependencies-heading">Dependencies</h2>
        {current && current.dependencies.length > 0 ? (
          <>
            <p className="muted">
              {current.version} needs {plural(current.dependencies.length, 'plugin')}; <code>loom plugin install</code> installs them first.
            </p>
            <DependencyList items={current.dependencies} label={`Dependencies of ${current.version}`} />
          </>
        ) : (
          <p className="muted">None: this plugin needs no other.</p>
        )}
        {current && current.conflicts.length > 0 && (
          <>
            <h3>Conflicts with</h3>
            <DependencyList items={current.conflicts} label={`Conflicts of ${current.version}`} />
          </>
        )}
        {current && current.provides.length > 0 && (
          <>
            <h3>Provides</h3>
            <p className="tags">
              {current.provides.map((name) => (
                <span key={name} className="tag">
                  {name}
                </span>
              ))}
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="used-by-heading">
        <h2 id="used-by-heading">Used by ({dependents.totalCount})</h2>
        {dependents.totalCount === 0 && <p className="muted">No plugin depends on this one yet.</p>}
        {dependents.nodes.length > 0 && (
          <ul className="dependencies" aria-label="Plugins that depend on this one">
            {dependents.nodes.map((d) => (
              <li key={d.pluginId}>
                <a href={`/plugins/${d.pluginId}`}>{d.plugin?.name ?? d.pluginId}</a> {d.version} <span className="muted">needs</span> <code>{d.range}</code>
              </li>
            ))}
          </ul>
        )}
        <nav className="pager" aria-label="Used by pages">
          {usedByAfter && <a href={`/plugins/${plugin.id}#used-by-heading`}>First page</a>}
          {dependents.pageInfo.hasNextPage && dependents.pageInfo.endCursor && (
            <a rel="next" href={`/plugins/${plugin.id}?used_by_after=${encodeURIComponent(dependents.pageInfo.endCursor)}#used-by-heading`}>
              More
            </a>
          )}
        </nav>
      </section>
    </div>
  );
}

export function PluginPage({ plugin, reviewsAfter, usedByAfter, viewer }: { plugin: PluginData; reviewsAfter: string; usedByAfter: string; viewer?: PluginViewer }) {
  const capabilities = [...CAPABILITY_NAMES.filter(([key]) => plugin.capabilities[key]).map(([, label]) => label), ...plugin.capabilities.custom.filter((c) => c.enabled).map((c) => c.name)];
  const links = [
    ['Homepage', plugin.homepage],
    ['Repository', plugin.repository],
    ['Documentation', plugin.documentationUrl ?? ''],
  ].filter(([, url]) => /^https?:\/\//.test(url));
  const { reviews } = plugin;
  return (
    <Layout>
      <article className="plugin">
        <header className="plugin-header">
          <h1>
            {plugin.name} <span className="version">{plugin.version}</span>
          </h1>
          <p className="id">
            <code>{plugin.id}</code> · {plugin.providerType} · by {plugin.author || 'unknown'}
            {plugin.owner && <> · published by {plugin.owner.displayName || plugin.owner.username}</>}
          </p>
          <p>
            <Badges verified={plugin.verified} category={plugin.category} deprecated={plugin.deprecated !== null} />
          </p>
          {plugin.deprecated && (
            <p className="notice notice-warn" role="note">
              Deprecated: {plugin.deprecated.message}
              {plugin.deprecated.replacement && (
                <>
                  {' '}
                  Use <a href={`/plugins/${plugin.deprecated.replacement}`}>{plugin.deprecated.replacement}</a> instead.
                </>
              )}
            </p>
          )}
          <AdvisoryBanner plugin={plugin} />
          <p className="description">{plugin.description}</p>
          <StarControl pluginId={plugin.id} stars={plugin.stats.stars} viewer={viewer} />
        </header>

        <section aria-labelledby="install-heading">
          <h2 id="install-heading">Install</h2>
          {plugin.installable ? <InstallCommand command={`loom plugin install ${plugin.id}`} /> : <p className="notice notice-warn">Not installable: {plugin.notInstallableReason}</p>}
          <p className="muted">
            License {plugin.license} · install type {plugin.install.dockerImage ? `docker (${plugin.install.dockerImage})` : 'manifest'} · sha256 <code className="hash">{plugin.install.sha256}</code>
          </p>
        </section>

        <div className="columns">
          <section aria-labelledby="stats-heading">
            <h2 id="stats-heading">Stats</h2>
            <dl className="stats">
              <dt>Downloads</dt>
              <dd title={plugin.stats.downloads.toLocaleString('en-US')}>{compact(plugin.stats.downloads)}</dd>
              <dt>Last 30 days</dt>
              <dd>{compact(plugin.stats.downloadsLast30d)}</dd>
              <dt>Stars</dt>
              <dd>{compact(plugin.stats.stars)}</dd>
              <dt>Rating</dt>
              <dd>
                <Rating rating={plugin.stats.rating} count={plugin.stats.ratingCount} />
              </dd>
            </dl>
            <DownloadsChart daily={plugin.stats.daily} />
          </section>
          <section aria-labelledby="about-heading">
            <h2 id="about-heading">About</h2>
            <h3>Capabilities</h3>
            {capabilities.length > 0 ? (
              <ul className="capability-list">
                {capabilities.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">None declared</p>
            )}
            <h3>Tags</h3>
            <p className="tags">
              {plugin.tags.map((t) => (
                <a key={t} className="tag" href={`/?tag=${encodeURIComponent(t)}`}>
                  {t}
                </a>
              ))}
            </p>
            <h3>Links</h3>
            <ul>
              {links.map(([label, url]) => (
                <li key={label}>
                  <a href={url} rel="nofollow noopener">
                    {label}
                  </a>
                </li>
              ))}
              <li>
                <a href={`/api/v1/plugins/${plugin.id}`}>REST entry</a>
              </li>
            </ul>
            <p className="muted">
              Category {titleCase(plugin.category)} · first published {day(plugin.publishedAt)} · updated {day(plugin.updatedAt)}
            </p>
          </section>
        </div>

        <Dependencies plugin={plugin} usedByAfter={usedByAfter} />

        {plugin.latestVersion?.quality && <QualityChecklist version={plugin.latestVersion.version} quality={plugin.latestVersion.quality} />}

        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions ({plugin.versions.totalCount})</h2>
          <div className="table-scroll">
          <table className="versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">Changes</th>
                <th scope="col">Manifest</th>
              </tr>
            </thead>
            <tbody>
              {plugin.versions.nodes.map((v) => (
                <tr key={v.version} className={v.yankedReason ? 'yanked' : undefined}>
                  <th scope="row">
                    {v.version} {v.prerelease && <span className="badge">pre-release</span>} {v.yankedReason && <span className="badge badge-warn" title={v.yankedReason}>yanked</span>}
                  </th>
                  <td>{day(v.publishedAt)}</td>
                  <td>{v.yankedReason ? `Yanked: ${v.yankedReason}` : v.changes || '—'}</td>
                  <td>
                    <a href={`/api/v1/plugins/${plugin.id}/versions/${encodeURIComponent(v.version)}/manifest`}>plugin.yaml</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {plugin.latestVersion && (
            <details className="manifest">
              <summary>plugin.yaml of {plugin.latestVersion.version}</summary>
              <pre>{plugin.latestVersion.manifest}</pre>
            </details>
          )}
        </section>

        <section aria-labelledby="reviews-heading">
          <h2 id="reviews-heading">Reviews ({reviews.totalCount})</h2>
          <ReviewForm pluginId={plugin.id} viewer={viewer} />
          {reviews.nodes.length === 0 && <p className="muted">No reviews yet.</p>}
          <ul className="reviews">
            {reviews.nodes.map((r) => (
              <li key={r.id} className="review">
                <p>
                  <Rating rating={r.rating} /> by {r.author?.displayName || r.author?.username || 'a former user'} on {day(r.createdAt)}
                  {r.installed && <span className="badge">installed</span>}
                </p>
                {r.comment && <p>{r.comment}</p>}
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label="Review pages">
            {reviewsAfter && <a href={`/plugins/${plugin.id}#reviews-heading`}>Newest reviews</a>}
            {reviews.pageInfo.hasNextPage && reviews.pageInfo.endCursor && (
              <a rel="next" href={`/plugins/${plugin.id}?reviews_after=${encodeURIComponent(reviews.pageInfo.endCursor)}#reviews-heading`}>
                Older reviews
              </a>
            )}
          </nav>
        </section>

        <AdvisoriesSection plugin={plugin} />

        <ReportProblemSection pluginId={plugin.id} />
      </article>
    </Layout>
  );
}

export function NotFoundPage({ id }: { id: string }) {
  return (
    <Layout>
      <h1>{`No plugin “${id}”`}</h1>
      <p>
        It may have been removed, or the id is misspelt. <a href={`/?q=${encodeURIComponent(id)}`}>Search for it</a>.
      </p>
    </Layout>
  );
}

export function ErrorPage({ message }: { message: string }) {
  return (
    <Layout>
      <h1>That request cannot be answered</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the catalog</a>
      </p>
    </Layout>
  );
}

import type { DashboardQuery, PluginDashboardQuery } from '../gql/graphql.js';
import type { FormProblem } from './account-pages.js';
import { BarTable, ColumnChart } from './charts.js';
import { compact, day, plural } from './format.js';
import { Layout, Rating } from './parts.js';

export type DashboardMe = NonNullable<DashboardQuery['me']>;
export type DashboardPlugin = NonNullable<PluginDashboardQuery['plugin']>;
export type Analytics = PluginDashboardQuery['pluginAnalytics'];

/** A refusal shown beside the one form it answers (`form` names it: "range", "yank:1.0.0", "maintainer-add", …). */
export interface DashboardProblem extends FormProblem {
  form: string;
}

/** What one plugin's dashboard shows: the range asked (as typed, even when refused) and the analytics of the range shown. */
export interface PluginDashboardData {
  csrf: string;
  plugin: DashboardPlugin;
  analytics: Analytics;
  range: { from: string; to: string };
  problem?: DashboardProblem;
}

export function DashboardPage({ me }: { me: DashboardMe }) {
  return (
    <Layout>
      <h1>Your plugins</h1>
      {me.plugins.length === 0 ? (
        <p>
          You own or maintain no plugins yet. <a href="/submit">Submit one</a>.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="dashboard-plugins">
            <caption className="visually-hidden">The plugins you own or maintain</caption>
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Your role</th>
                <th scope="col">Version</th>
                <th scope="col">Downloads</th>
                <th scope="col">Last 30 days</th>
                <th scope="col">Stars</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {me.plugins.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={`/dashboard/${p.id}`}>{p.name}</a> <code className="muted">{p.id}</code> {p.deprecated && <span className="badge badge-warn">deprecated</span>}
                  </th>
                  <td>{p.owner?.username === me.username ? 'owner' : 'maintainer'}</td>
                  <td>{p.version}</td>
                  <td className="num downloads" title={p.stats.downloads.toLocaleString('en-US')}>
                    {compact(p.stats.downloads)}
                  </td>
                  <td className="num">{compact(p.stats.downloadsLast30d)}</td>
                  <td className="num">{compact(p.stats.stars)}</td>
                  <td>
                    <Rating rating={p.stats.rating} count={p.stats.ratingCount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The refusal beside a form, when it is the form refused. */
function Refusal({ problem, form }: { problem?: DashboardProblem; form: string }) {
  if (problem?.form !== form) return null;
  return (
    <p className="notice notice-warn" role="alert" id={`problem-${form.replace(/[^a-z0-9-]/gi, '-')}`}>
      {problem.message}
    </p>
  );
}

const describedBy = (problem: DashboardProblem | undefined, form: string, field: string) => (problem?.form === form && (!problem.field || problem.field === field) ? `problem-${form.replace(/[^a-z0-9-]/gi, '-')}` : undefined);

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

function RangeForm({ id, range, problem, analytics }: { id: string; range: { from: string; to: string }; problem?: DashboardProblem; analytics: Analytics }) {
  const invalid = (field: string) => (problem?.form === 'range' && problem.field === field) || undefined;
  const csv = `/dashboard/${id}/analytics.csv?from=${analytics.from}&to=${analytics.to}`;
  return (
    <section aria-labelledby="range-heading" className="range">
      <h2 id="range-heading" className="visually-hidden">
        Date range
      </h2>
      <form method="get" action={`/dashboard/${id}`} className="range-form">
        <p className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" inputMode="numeric" placeholder="YYYY-MM-DD" size={11} defaultValue={range.from || analytics.from} aria-invalid={invalid('from')} aria-describedby={describedBy(problem, 'range', 'from') ?? 'range-hint'} />
        </p>
        <p className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" inputMode="numeric" placeholder="YYYY-MM-DD" size={11} defaultValue={range.to || (range.from ? '' : analytics.to)} aria-invalid={invalid('to')} aria-describedby={describedBy(problem, 'range', 'to') ?? 'range-hint'} />
        </p>
        <button type="submit">Show</button>
        <a className="button-link" href={csv} download>
          Download CSV
        </a>
      </form>
      <Refusal problem={problem} form="range" />
      <p className="muted" id="range-hint">
        Showing {analytics.from} to {analytics.to}: UTC days as YYYY-MM-DD, at most 366 at a time; without a start, the 30 days to the end.
      </p>
    </section>
  );
}

function AnalyticsView({ a }: { a: Analytics }) {
  const percent = (rate: number) => `${(Math.round(rate * 10_000) / 100).toLocaleString('en-US')}%`;
  return (
    <section aria-labelledby="analytics-heading">
      <h2 id="analytics-heading">Analytics</h2>
      <dl className="stats headline">
        <dt>Downloads in the range</dt>
        <dd id="range-downloads">{a.downloads.toLocaleString('en-US')}</dd>
        <dt>All-time downloads</dt>
        <dd id="total-downloads">{a.totalDownloads.toLocaleString('en-US')}</dd>
        <dt>Active installs</dt>
        <dd id="active-installs">{a.activeInstalls.toLocaleString('en-US')}</dd>
        <dt>Error rate</dt>
        <dd id="error-rate">
          {a.errorRate.requests === 0 ? (
            <span className="muted">no telemetry reported</span>
          ) : (
            <>
              {percent(a.errorRate.rate)} <span className="muted">({plural(a.errorRate.errors, 'error')} in {plural(a.errorRate.requests, 'request')})</span>
            </>
          )}
        </dd>
      </dl>

      <h3>Downloads per day</h3>
      <ColumnChart
        id="daily-chart"
        caption={`Downloads per UTC day, ${a.from} to ${a.to}: ${plural(a.downloads, 'download')}, at most ${Math.max(0, ...a.daily.map((d) => d.count)).toLocaleString('en-US')} a day`}
        points={a.daily.map((d) => ({ label: d.day, value: d.count }))}
        unit="Downloads"
      />
      <h3>Downloads per month</h3>
      <ColumnChart id="monthly-chart" caption={`Downloads per month in the range (${a.monthly.length === 1 ? 'one month' : `${a.monthly.length} months`}; the first and last may be partial)`} points={a.monthly.map((m) => ({ label: m.month, value: m.count }))} unit="Downloads" />

      <div className="columns">
        <div>
          <h3>Downloads per version</h3>
          <BarTable id="versions-table" caption="Downloads in the range per version" head={['Version', 'Downloads']} rows={a.versions} empty="No downloads in the range." />
        </div>
        <div>
          <h3>Active installs per version</h3>
          <BarTable id="installs-table" caption="Installations reported and not uninstalled, per version" head={['Version', 'Installs']} rows={a.installsByVersion} empty="No installations reported." />
        </div>
        <div>
          <h3>Countries</h3>
          <BarTable id="countries-table" caption="Downloads in the range per country (from the proxy's country header)" head={['Country', 'Downloads']} rows={a.countries} empty="No downloads in the range." />
        </div>
      </div>

      <h3>Rating trend</h3>
      {a.ratingTrend.length === 0 ? (
        <p className="muted">No reviews yet.</p>
      ) : (
        <ColumnChart
          id="rating-chart"
          caption={`Average rating of the reviews written each month (out of 5), ${a.ratingTrend.length === 1 ? 'one month' : `${a.ratingTrend.length} months`}`}
          points={a.ratingTrend.map((r) => ({ label: `${r.month} (${plural(r.count, 'review')})`, value: r.average }))}
          unit="Average rating"
          max={5}
          format={(v) => v.toFixed(2)}
        />
      )}
    </section>
  );
}

function VersionActions({ csrf, plugin, problem }: { csrf: string; plugin: DashboardPlugin; problem?: DashboardProblem }) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <p className="muted">A yanked version stays downloadable by its exact version for those who pinned it, but is never installed as the latest.</p>
      <div className="table-scroll">
        <table className="versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">Status</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {plugin.versions.nodes.map((v) => {
              const yank = `yank:${v.version}`;
              const unyank = `unyank:${v.version}`;
              const action = `/dashboard/${plugin.id}/versions/${encodeURIComponent(v.version)}`;
              return (
                <tr key={v.version} className={v.yankedReason ? 'yanked' : undefined}>
                  <th scope="row">
                    {v.version} {v.prerelease && <span className="badge">pre-release</span>}
                  </th>
                  <td>{day(v.publishedAt)}</td>
                  <td>{v.yankedReason ? `Yanked: ${v.yankedReason}` : 'Published'}</td>
                  <td>
                    {v.yankedReason ? (
                      <form method="post" action={`${action}/unyank`}>
                        <Csrf token={csrf} />
                        <button type="submit">Unyank {v.version}</button>
                      </form>
                    ) : (
                      <form method="post" action={`${action}/yank`} className="inline-form">
                        <Csrf token={csrf} />
                        <label className="visually-hidden" htmlFor={`reason-${v.version}`}>
                          Why yank {v.version}
                        </label>
                        <input id={`reason-${v.version}`} name="reason" placeholder="Why (shown to users)" required aria-describedby={describedBy(problem, yank, 'reason')} />
                        <button type="submit">Yank {v.version}</button>
                      </form>
                    )}
                    <Refusal problem={problem} form={yank} />
                    <Refusal problem={problem} form={unyank} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DeprecationActions({ csrf, plugin, problem }: { csrf: string; plugin: DashboardPlugin; problem?: DashboardProblem }) {
  const invalid = (field: string) => (problem?.form === 'deprecate' && problem.field === field) || undefined;
  return (
    <section aria-labelledby="deprecation-heading">
      <h2 id="deprecation-heading">Deprecation</h2>
      {plugin.deprecated ? (
        <>
          <p className="notice notice-warn">
            Deprecated: {plugin.deprecated.message}
            {plugin.deprecated.replacement && <> Replacement: <a href={`/plugins/${plugin.deprecated.replacement}`}>{plugin.deprecated.replacement}</a>.</>}
          </p>
          <form method="post" action={`/dashboard/${plugin.id}/undeprecate`}>
            <Csrf token={csrf} />
            <button type="submit">Undeprecate</button>
          </form>
          <Refusal problem={problem} form="undeprecate" />
        </>
      ) : (
        <form method="post" action={`/dashboard/${plugin.id}/deprecate`} className="form">
          <Csrf token={csrf} />
          <p className="field">
            <label htmlFor="deprecate-message">Message</label>
            <input id="deprecate-message" name="message" required aria-invalid={invalid('message')} aria-describedby={describedBy(problem, 'deprecate', 'message')} />
          </p>
          <p className="field">
            <label htmlFor="deprecate-replacement">Replacement plugin id (optional)</label>
            <input id="deprecate-replacement" name="replacement" aria-invalid={invalid('replacement')} aria-describedby={describedBy(problem, 'deprecate', 'replacement')} />
          </p>
          <button type="submit">Deprecate</button>
          <Refusal problem={problem} form="deprecate" />
        </form>
      )}
    </section>
  );
}

function MaintainerActions({ csrf, plugin, problem }: { csrf: string; plugin: DashboardPlugin; problem?: DashboardProblem }) {
  return (
    <section aria-labelledby="maintainers-heading">
      <h2 id="maintainers-heading">Maintainers</h2>
      <p className="muted">Maintainers publish versions, yank and deprecate; only the owner adds and removes them and transfers the plugin.</p>
      <ul className="maintainers">
        <li>
          {plugin.owner ? (
            <>
              <strong>{plugin.owner.displayName || plugin.owner.username}</strong> <code>{plugin.owner.username}</code> <span className="badge">owner</span>
            </>
          ) : (
            <span className="muted">no owner</span>
          )}
        </li>
        {plugin.maintainers.map((m) => (
          <li key={m.username}>
            {m.displayName || m.username} <code>{m.username}</code>{' '}
            <form method="post" action={`/dashboard/${plugin.id}/maintainers/${encodeURIComponent(m.username)}/remove`} className="inline-form">
              <Csrf token={csrf} />
              <button type="submit">Remove {m.username}</button>
            </form>
            <Refusal problem={problem} form={`maintainer-remove:${m.username}`} />
          </li>
        ))}
      </ul>
      <div className="columns">
        <form method="post" action={`/dashboard/${plugin.id}/maintainers`} className="form">
          <Csrf token={csrf} />
          <p className="field">
            <label htmlFor="maintainer-username">Add a maintainer (username)</label>
            <input id="maintainer-username" name="username" required autoComplete="off" aria-describedby={describedBy(problem, 'maintainer-add', 'username')} />
          </p>
          <button type="submit">Add maintainer</button>
          <Refusal problem={problem} form="maintainer-add" />
        </form>
        <form method="post" action={`/dashboard/${plugin.id}/transfer`} className="form">
          <Csrf token={csrf} />
          <p className="field">
            <label htmlFor="transfer-username">Transfer ownership to (username)</label>
            <input id="transfer-username" name="username" required autoComplete="off" aria-describedby={describedBy(problem, 'transfer', 'username')} />
            <span className="hint">The new owner decides about maintainers from then on.</span>
          </p>
          <button type="submit">Transfer ownership</button>
          <Refusal problem={problem} form="transfer" />
        </form>
      </div>
    </section>
  );
}

/** The forms the page shows, by the name their refusals carry. */
function formsOf(plugin: DashboardPlugin): Set<string> {
  return new Set([
    'range',
    'deprecate',
    'undeprecate',
    'maintainer-add',
    'transfer',
    ...plugin.versions.nodes.flatMap((v) => [`yank:${v.version}`, `unyank:${v.version}`]),
    ...plugin.maintainers.map((m) => `maintainer-remove:${m.username}`),
  ]);
}

export function PluginDashboardPage({ data }: { data: PluginDashboardData }) {
  const { plugin, analytics, csrf, problem, range } = data;
  // a refusal about a form the page does not show (a version or maintainer that is not there): at the top
  const stray = problem && !formsOf(plugin).has(problem.form) ? problem : undefined;
  return (
    <Layout>
      <p>
        <a href="/dashboard">← Your plugins</a>
      </p>
      <h1>
        {plugin.name} <span className="version">{plugin.version}</span>
      </h1>
      <p className="id">
        <code>{plugin.id}</code> · <a href={`/plugins/${plugin.id}`}>public page</a>
      </p>
      {stray && <Refusal problem={stray} form={stray.form} />}
      <RangeForm id={plugin.id} range={range} problem={problem} analytics={analytics} />
      <AnalyticsView a={analytics} />
      <VersionActions csrf={csrf} plugin={plugin} problem={problem} />
      <DeprecationActions csrf={csrf} plugin={plugin} problem={problem} />
      <MaintainerActions csrf={csrf} plugin={plugin} problem={problem} />
    </Layout>
  );
}

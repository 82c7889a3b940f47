import type { ConformanceReport } from '../../conformance/report.js';
import { ChecksTable, ConformanceTable } from './checks.js';
import type { AuditLogQuery, Category, CuratePluginQuery, ModerationQueueQuery, ReviewQueueQuery, ReviewSubmissionQuery, StaffViewerFragment, SubmissionStatus } from '../gql/graphql.js';
import type { FormProblem } from './account-pages.js';
import { day, plural, titleCase } from './format.js';
import { Layout, Rating } from './parts.js';

/** The signed-in reviewer or admin: `may` is the policy's actions their role and session allow, for the links shown. */
export type Staff = StaffViewerFragment;
type Submission = NonNullable<ReviewSubmissionQuery['submission']>;
type CuratedPlugin = NonNullable<CuratePluginQuery['plugin']>;
/** A refusal beside the form it answers: `action` names that form (claim, approve, hide…), `target` the row when there are many. */
export type ActionProblem = FormProblem & { action: string; target?: string };

export interface QueueFilter {
  /** Empty: every status. */
  status: SubmissionStatus | '';
  claimedBy: string;
  after: string;
}

export interface AuditFilter {
  actor: string;
  action: string;
  target: string;
  /** UTC days, YYYY-MM-DD, both included. */
  since: string;
  until: string;
  after: string;
}

/** The submitted manifest against the plugin's current one, as unified-diff hunks; null when there is nothing to compare. */
export interface ManifestDiff {
  against: string;
  hunks: { header: string; lines: string[] }[];
}

export type StaffPageData =
  | { kind: 'review-queue'; csrf: string; me: Staff; filter: QueueFilter; queue: ReviewQueueQuery['submissions'] }
  | { kind: 'review-submission'; csrf: string; me: Staff; submission: Submission; diff: ManifestDiff | null; notes?: string; problem?: ActionProblem }
  | { kind: 'moderation'; csrf: string; me: Staff; queue: ModerationQueueQuery['moderationQueue']; after: string; problem?: ActionProblem }
  | { kind: 'curate'; csrf: string; me: Staff; plugin: CuratedPlugin | null; lookup: string; saved?: boolean; problem?: FormProblem }
  | { kind: 'audit'; me: Staff; filter: AuditFilter; log: AuditLogQuery['auditLog'] | null; problem?: FormProblem }
  | { kind: 'forbidden'; message: string };

const STAFF_KINDS = new Set(['review-queue', 'review-submission', 'moderation', 'curate', 'audit', 'forbidden']);
export const isStaffPage = (page: { kind: string }): page is StaffPageData => STAFF_KINDS.has(page.kind);

export function staffTitle(page: StaffPageData): string {
  switch (page.kind) {
    case 'review-queue':
      return 'Review queue';
    case 'review-submission':
      return `Review ${page.submission.pluginId}@${page.submission.version}`;
    case 'moderation':
      return 'Moderation queue';
    case 'curate':
      return page.plugin ? `Curate ${page.plugin.id}` : 'Curation';
    case 'audit':
      return 'Audit log';
    case 'forbidden':
      return 'Not allowed';
  }
}

export const STATUSES: SubmissionStatus[] = ['PENDING_REVIEW', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'];
export const CATEGORIES: Category[] = ['COMMUNITY', 'VERIFIED', 'OFFICIAL', 'ENTERPRISE', 'EXPERIMENTAL'];

export function StaffPage({ page }: { page: StaffPageData }) {
  switch (page.kind) {
    case 'review-queue':
      return <ReviewQueuePage {...page} />;
    case 'review-submission':
      return <ReviewSubmissionPage {...page} />;
    case 'moderation':
      return <ModerationPage {...page} />;
    case 'curate':
      return <CuratePage {...page} />;
    case 'audit':
      return <AuditPage {...page} />;
    case 'forbidden':
      return <ForbiddenPage message={page.message} />;
  }
}

function ForbiddenPage({ message }: { message: string }) {
  return (
    <Layout>
      <h1>Not allowed</h1>
      <p className="notice notice-warn" role="alert">
        {message}
      </p>
      <p>
        <a href="/settings">Your account</a> · <a href="/">The catalog</a>
      </p>
    </Layout>
  );
}

/** A refusal of the API, shown beside the form it answers. */
function Refusal({ problem, action, target, id }: { problem?: ActionProblem; action: string; target?: string; id: string }) {
  if (!problem || problem.action !== action || problem.target !== target) return null;
  return (
    <p className="notice notice-warn" role="alert" id={id}>
      {problem.message}
    </p>
  );
}

const Csrf = ({ csrf }: { csrf: string }) => <input type="hidden" name="csrf" value={csrf} />;
const statusLabel = (status: string) => titleCase(status);

function StatusBadge({ status }: { status: string }) {
  const tone = status === 'APPROVED' || status === 'pass' ? 'badge-verified' : status === 'REJECTED' || status === 'fail' || status === 'warn' ? 'badge-warn' : '';
  return <span className={`badge ${tone}`}>{statusLabel(status)}</span>;
}

const badge = (status: string) => <StatusBadge status={status} />;

function checksSummary(checks: { status: string }[], state: string): string {
  if (state !== 'DONE') return `checks ${state.toLowerCase()}`;
  const count = (s: string) => checks.filter((c) => c.status === s).length;
  return [`${count('pass')} pass`, count('warn') && `${count('warn')} warn`, count('fail') && `${count('fail')} fail`].filter(Boolean).join(', ');
}

export function ReviewQueuePage({ csrf, me, filter, queue }: Extract<StaffPageData, { kind: 'review-queue' }>) {
  const query = (after: string) => `/review?${new URLSearchParams({ ...(filter.status ? { status: filter.status.toLowerCase() } : { status: 'all' }), ...(filter.claimedBy ? { claimed_by: filter.claimedBy } : {}), ...(after ? { after } : {}) })}`;
  return (
    <Layout may={me.may}>
      <h1>Review queue</h1>
      <form method="get" action="/review" className="filters" aria-label="Filter the queue">
        <p className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filter.status ? filter.status.toLowerCase() : 'all'}>
            <option value="all">Every status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s.toLowerCase()}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </p>
        <p className="field">
          <label htmlFor="claimed_by">Claimed by</label>
          <input id="claimed_by" name="claimed_by" defaultValue={filter.claimedBy} placeholder="a username" aria-describedby="claimed-by-hint" />
          <span className="hint" id="claimed-by-hint">
            <a href={`/review?status=all&claimed_by=${encodeURIComponent(me.username)}`}>Mine</a>
          </span>
        </p>
        <button type="submit">Show</button>
      </form>
      <p className="summary" role="status">
        {plural(queue.totalCount, 'submission')}
        {filter.status ? ` ${statusLabel(filter.status).toLowerCase()}` : ''}
        {filter.claimedBy ? `, claimed by ${filter.claimedBy}` : ''}, oldest first
      </p>
      {queue.nodes.length === 0 ? (
        <p className="empty">Nothing waiting here.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="The queue">
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">Submission</th>
                <th scope="col">Status</th>
                <th scope="col">Checks</th>
                <th scope="col">Submitted</th>
                <th scope="col">Claimed by</th>
                <th scope="col">
                  <span className="visually-hidden">Claim</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.nodes.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={`/review/${s.id}`}>
                      {s.pluginId}@{s.version}
                    </a>
                    <div className="muted">by {s.submitter.username}</div>
                  </th>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td>{checksSummary(s.checks, s.checksState)}</td>
                  <td>{day(s.createdAt)}</td>
                  <td>{s.reviewer?.username ?? <span className="muted">nobody</span>}</td>
                  <td>
                    {s.status === 'PENDING_REVIEW' && (
                      <form method="post" action={`/review/${s.id}/claim`}>
                        <Csrf csrf={csrf} />
                        <button type="submit" aria-label={`Claim ${s.pluginId}@${s.version}`}>
                          Claim
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        {filter.after && <a href={query('')}>First page</a>}
        {queue.pageInfo.hasNextPage && queue.pageInfo.endCursor && <a href={query(queue.pageInfo.endCursor)}>Next page</a>}
      </nav>
    </Layout>
  );
}

/** A notes field and its button: one decision of the reviewer's, with the API's refusal beside it. */
function Decision(props: { csrf: string; id: string; action: string; label: string; button: string; required: boolean; hint: string; problem?: ActionProblem; notes?: string }) {
  const refused = props.problem?.action === props.action;
  return (
    <form method="post" action={`/review/${props.id}/${props.action}`} className="form decision">
      <Csrf csrf={props.csrf} />
      <p className="field">
        <label htmlFor={`${props.action}-notes`}>{props.label}</label>
        <textarea
          id={`${props.action}-notes`}
          name="notes"
          rows={3}
          required={props.required}
          maxLength={5000}
          defaultValue={refused ? props.notes : undefined}
          aria-invalid={(refused && props.problem?.field === 'notes') || undefined}
          aria-describedby={refused ? `${props.action}-problem` : `${props.action}-hint`}
        />
        <span className="hint" id={`${props.action}-hint`}>
          {props.hint}
        </span>
      </p>
      <Refusal problem={props.problem} action={props.action} id={`${props.action}-problem`} />
      <button type="submit">{props.button}</button>
    </form>
  );
}

export function ReviewSubmissionPage({ csrf, me, submission: s, diff, notes, problem }: Extract<StaffPageData, { kind: 'review-submission' }>) {
  const open = s.status === 'PENDING_REVIEW' || s.status === 'IN_REVIEW';
  const report = s.conformance?.report as ConformanceReport | undefined;
  const plugin = (s.payload.plugin ?? {}) as Record<string, unknown>;
  const contact = ((s.payload.submission ?? {}) as Record<string, unknown>).contact_email;
  return (
    <Layout may={me.may}>
      <p>
        <a href="/review">← Review queue</a>
      </p>
      <h1>
        {s.pluginId}@{s.version} <StatusBadge status={s.status} />
      </h1>
      <dl className="stats">
        <dt>Submitted</dt>
        <dd>
          {day(s.createdAt)} by {s.submitter.displayName} ({s.submitter.username}){typeof contact === 'string' && `, ${contact}`}
        </dd>
        <dt>Claimed by</dt>
        <dd>{s.reviewer?.username ?? 'nobody'}</dd>
        {s.reviewedAt && (
          <>
            <dt>Decided</dt>
            <dd>{day(s.reviewedAt)}</dd>
          </>
        )}
        {s.notes && (
          <>
            <dt>Reviewer notes</dt>
            <dd className="prose">{s.notes}</dd>
          </>
        )}
        {s.status === 'APPROVED' && (
          <>
            <dt>Published</dt>
            <dd>
              <a href={`/plugins/${s.pluginId}`}>/plugins/{s.pluginId}</a>
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">Decide</h2>
        {!open && <p className="muted">This submission is {statusLabel(s.status).toLowerCase()}: there is nothing left to decide.</p>}
        <div className="actions">
          {s.status === 'PENDING_REVIEW' && (
            <form method="post" action={`/review/${s.id}/claim`} className="form decision">
              <Csrf csrf={csrf} />
              <p className="hint">Take it, so other reviewers know you are on it.</p>
              <Refusal problem={problem} action="claim" id="claim-problem" />
              <button type="submit">Claim</button>
            </form>
          )}
          {s.status === 'IN_REVIEW' && (
            <form method="post" action={`/review/${s.id}/unclaim`} className="form decision">
              <Csrf csrf={csrf} />
              <p className="hint">Give it back to the queue for another reviewer.</p>
              <Refusal problem={problem} action="unclaim" id="unclaim-problem" />
              <button type="submit">Unclaim</button>
            </form>
          )}
          {open && (
            <>
              <Decision csrf={csrf} id={s.id} action="approve" label="Approval notes (optional)" button="Approve and publish" required={false} hint="Publishes the version at once." problem={problem} notes={notes} />
              <Decision csrf={csrf} id={s.id} action="request-changes" label="What to change" button="Request changes" required hint="Sent to the submitter, who can resubmit." problem={problem} notes={notes} />
              <Decision csrf={csrf} id={s.id} action="reject" label="Why it is rejected" button="Reject" required hint="Final: the submitter sees why." problem={problem} notes={notes} />
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">Automated checks</h2>
        {s.checksState !== 'DONE' ? (
          <p className="notice">The checks are {s.checksState.toLowerCase()}: reload the page in a moment.</p>
        ) : (
          <ChecksTable checks={s.checks} result={badge} />
        )}
      </section>

      <section aria-labelledby="conformance-heading">
        <h2 id="conformance-heading">Conformance</h2>
        {!s.conformance || !report ? (
          <p className="muted">No conformance run: the submission named no test endpoint and attached no report.</p>
        ) : (
          <>
            <p>
              <StatusBadge status={s.conformance.passed ? 'pass' : 'fail'} /> {s.conformance.source === 'registry' ? 'Run by the registry' : 'Reported by the author'} against <code className="hash">{s.conformance.endpoint}</code> on {day(s.conformance.finishedAt)}:{' '}
              {report.summary.pass} pass, {report.summary.warn} warn, {report.summary.fail} fail, {report.summary.skip} skipped
            </p>
            <ConformanceTable report={report} result={badge} />
            {report.load.map((l) => (
              <p key={l.target} className="hint">
                Load on {l.target}: {l.completed}/{l.requests} requests at {l.concurrency} at once, {l.errors} errors, p50 {l.latency_ms.p50} ms, p99 {l.latency_ms.p99} ms
              </p>
            ))}
          </>
        )}
      </section>

      <section aria-labelledby="diff-heading">
        <h2 id="diff-heading">Changes to the manifest</h2>
        {!diff ? (
          <p className="muted">{s.manifest ? 'A new plugin: no earlier version to compare with.' : 'The manifest has not been fetched yet.'}</p>
        ) : diff.hunks.length === 0 ? (
          <p>The same manifest as version {diff.against}.</p>
        ) : (
          <>
            <p>Against version {diff.against}, the current one:</p>
            <pre className="diff" tabIndex={0} aria-label={`Differences from version ${diff.against}`}>
              {diff.hunks.map((h) => (
                <span key={h.header}>
                  <span className="diff-hunk">{h.header}</span>
                  {'\n'}
                  {h.lines.map((line, i) => (
                    <span key={i} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : undefined}>
                      {line}
                      {'\n'}
                    </span>
                  ))}
                </span>
              ))}
            </pre>
          </>
        )}
      </section>

      <section aria-labelledby="manifest-heading" className="manifest">
        <h2 id="manifest-heading">Manifest</h2>
        {s.manifest ? (
          <pre tabIndex={0} aria-label="The submitted manifest">
            {s.manifest}
          </pre>
        ) : (
          <p className="muted">Not fetched yet.</p>
        )}
      </section>

      <section aria-labelledby="payload-heading" className="manifest">
        <h2 id="payload-heading">Submission</h2>
        <p>
          {String(plugin.name ?? s.pluginId)}: {String(plugin.description ?? '')}
        </p>
        <pre tabIndex={0} aria-label="registry-submission.json as submitted">
          {JSON.stringify(s.payload, null, 2)}
        </pre>
      </section>
    </Layout>
  );
}

export function ModerationPage({ csrf, me, queue, after, problem }: Extract<StaffPageData, { kind: 'moderation' }>) {
  return (
    <Layout may={me.may}>
      <h1>Moderation queue</h1>
      <p className="summary" role="status">
        {plural(queue.totalCount, 'reported review')}, most reported first. Hiding or keeping a review resolves its reports.
      </p>
      {queue.nodes.length === 0 && <p className="empty">No open reports.</p>}
      <ul className="reviews">
        {queue.nodes.map((r) => (
          <li key={r.id} className="review" aria-labelledby={`review-${r.id}`}>
            <h2 id={`review-${r.id}`} className="review-title">
              Review of <a href={`/plugins/${r.pluginId}`}>{r.pluginId}</a> by {r.author?.username ?? 'a removed user'} {r.hidden && <span className="badge badge-warn">hidden</span>}
            </h2>
            <p>
              <Rating rating={r.rating} /> <span className="muted">{day(r.createdAt)}</span>
            </p>
            {r.comment && <blockquote>{r.comment}</blockquote>}
            {r.hidden && r.hiddenReason && <p className="muted">Hidden: {r.hiddenReason}</p>}
            <h3>{plural(r.flagCount, 'open report')}</h3>
            <ul>
              {r.reports.map((f) => (
                <li key={f.reporter}>
                  {f.reason} <span className="muted">— {f.reporter}, {day(f.createdAt)}</span>
                </li>
              ))}
            </ul>
            <form method="post" action={`/moderation/${r.id}`} className="form decision">
              <Csrf csrf={csrf} />
              <p className="field">
                <label htmlFor={`reason-${r.id}`}>Reason</label>
                <input
                  id={`reason-${r.id}`}
                  name="reason"
                  required
                  maxLength={1000}
                  aria-invalid={(problem?.target === r.id && problem.field === 'reason') || undefined}
                  aria-describedby={problem?.target === r.id ? `moderate-problem-${r.id}` : undefined}
                />
              </p>
              <Refusal problem={problem} action="moderate" target={r.id} id={`moderate-problem-${r.id}`} />
              <p className="buttons">
                {!r.hidden && (
                  <button type="submit" name="decision" value="hide">
                    Hide review
                  </button>
                )}
                <button type="submit" name="decision" value="restore">
                  {r.hidden ? 'Restore review' : 'Keep visible (dismiss reports)'}
                </button>
              </p>
            </form>
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label="Pages">
        {after && <a href="/moderation">First page</a>}
        {queue.pageInfo.hasNextPage && queue.pageInfo.endCursor && <a href={`/moderation?after=${encodeURIComponent(queue.pageInfo.endCursor)}`}>Next page</a>}
      </nav>
    </Layout>
  );
}

export function CuratePage({ csrf, me, plugin, lookup, saved, problem }: Extract<StaffPageData, { kind: 'curate' }>) {
  return (
    <Layout may={me.may}>
      <h1>{plugin ? `Curate ${plugin.name}` : 'Curation'}</h1>
      <form method="get" action="/admin/plugins" className="filters" role="search" aria-label="Find a plugin to curate">
        <p className="field">
          <label htmlFor="plugin-id">Plugin id</label>
          <input id="plugin-id" name="id" defaultValue={lookup} required />
        </p>
        <button type="submit">Open</button>
      </form>
      {lookup && !plugin && (
        <p className="notice notice-warn" role="alert">
          No plugin “{lookup}”.
        </p>
      )}
      {plugin && (
        <>
          <p>
            <a href={`/plugins/${plugin.id}`}>{plugin.id}</a> {plugin.version}, owned by {plugin.owner?.username ?? 'nobody (imported)'} ·{' '}
            <a href={`/admin/audit?target=${encodeURIComponent(`plugin:${plugin.id}`)}`}>its audit log</a>
          </p>
          {saved && (
            <p className="notice" role="status">
              Saved.
            </p>
          )}
          {problem && (
            <p className="notice notice-warn" role="alert" id="curate-problem">
              {problem.message}
            </p>
          )}
          <h2>Badge and category</h2>
          <form method="post" action={`/admin/plugins/${plugin.id}`} className="form">
            <Csrf csrf={csrf} />
            <label className="check">
              <input type="checkbox" name="verified" value="1" defaultChecked={plugin.verified} /> Verified badge
            </label>
            <p className="field">
              <label htmlFor="category">Category</label>
              <select id="category" name="category" defaultValue={plugin.category}>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {titleCase(c)}
                  </option>
                ))}
              </select>
            </p>
            <button type="submit">Save</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function AuditPage({ me, filter, log, problem }: Extract<StaffPageData, { kind: 'audit' }>) {
  const fields: [keyof AuditFilter, string, string, string][] = [
    ['actor', 'Actor', 'text', 'a username'],
    ['action', 'Action', 'text', 'e.g. submission.approve or submission.*'],
    ['target', 'Target', 'text', 'e.g. plugin:openai-plugin'],
    ['since', 'From (UTC day)', 'date', ''],
    ['until', 'To (UTC day, included)', 'date', ''],
  ];
  const page = (after: string) => {
    const params = new URLSearchParams(Object.entries({ ...filter, after }).filter(([, v]) => v));
    return `/admin/audit${params.size ? `?${params}` : ''}`;
  };
  return (
    <Layout may={me.may}>
      <h1>Audit log</h1>
      <form method="get" action="/admin/audit" className="filters" aria-label="Filter the audit log">
        {fields.map(([name, label, type, placeholder]) => (
          <p className="field" key={name}>
            <label htmlFor={`audit-${name}`}>{label}</label>
            <input
              id={`audit-${name}`}
              name={name}
              type={type}
              defaultValue={filter[name]}
              placeholder={placeholder || undefined}
              aria-invalid={problem?.field === name || undefined}
              aria-describedby={problem?.field === name ? 'audit-problem' : undefined}
            />
          </p>
        ))}
        <button type="submit">Filter</button>
        <a href="/admin/audit">Clear</a>
      </form>
      {problem && (
        <p className="notice notice-warn" role="alert" id="audit-problem">
          {problem.message}
        </p>
      )}
      {log && (
        <>
          <p className="summary" role="status">
            {plural(log.totalCount, 'entry', 'entries')}, newest first
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.nodes.map((e) => (
                  <tr key={e.id}>
                    <td>{e.createdAt.slice(0, 19).replace('T', ' ')}</td>
                    <td>{e.actor ? <a href={`/admin/audit?actor=${encodeURIComponent(e.actor.username)}`}>{e.actor.username}</a> : <span className="muted">system</span>}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      <a href={`/admin/audit?target=${encodeURIComponent(e.target)}`}>
                        <code className="hash">{e.target}</code>
                      </a>
                    </td>
                    <td>
                      <code className="hash details">{Object.keys(e.details).length ? JSON.stringify(e.details) : ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages">
            {filter.after && <a href={page('')}>Newest</a>}
            {log.pageInfo.hasNextPage && log.pageInfo.endCursor && <a href={page(log.pageInfo.endCursor)}>Older entries</a>}
          </nav>
        </>
      )}
    </Layout>
  );
}

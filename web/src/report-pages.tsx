import type { ReportRowFragment, ReportsPageQuery } from '../gql/graphql.js';
import { Field, Problem, type FormProblem } from './account-pages.js';
import { day } from './format.js';
import { Layout } from './parts.js';

const KINDS: [string, string][] = [
  ['SECURITY', 'Security: a vulnerability in the plugin (read by its owner, maintainers and the registry’s admins)'],
  ['MALWARE', 'Malware: the plugin does something harmful on purpose (read by the registry’s admins only)'],
  ['ABUSE', 'Abuse: spam, impersonation, or breaking the registry’s rules (admins only)'],
  ['LICENSE', 'License: it breaks a license, or says it is under one it is not (owner, maintainers, admins)'],
];

const statusText = (r: ReportRowFragment) => (r.status === 'ADVISORY' ? `advisory ${r.advisoryId ?? ''}`.trim() : r.status.toLowerCase());

export function ReportFormPage({ pluginId, csrf, values, problem }: { pluginId: string; csrf: string; values: Record<string, string>; problem?: FormProblem }) {
  return (
    <Layout>
      <p>
        <a href={`/plugins/${encodeURIComponent(pluginId)}`}>← {pluginId}</a>
      </p>
      <h1>Report a problem with {pluginId}</h1>
      <p>
        Reports are private: never shown on the site. Signed in, you follow its status on <a href="/reports">your reports</a>; without an account, give an email
        address and keep the status link you get.
      </p>
      <Problem problem={problem} />
      <form method="post" action={`/plugins/${encodeURIComponent(pluginId)}/report`} className="form">
        <input type="hidden" name="csrf" value={csrf} />
        <fieldset aria-invalid={problem?.field === 'kind' || undefined}>
          <legend>What kind of problem?</legend>
          {KINDS.map(([kind, label]) => (
            <label key={kind} className="report-kind">
              <input type="radio" name="kind" value={kind} required defaultChecked={(values.kind || 'SECURITY') === kind} /> {label}
            </label>
          ))}
        </fieldset>
        <p className="field">
          <label htmlFor="details">Details</label>
          <textarea
            id="details"
            name="details"
            rows={8}
            required
            minLength={20}
            maxLength={10000}
            defaultValue={values.details}
            aria-invalid={problem?.field === 'details' || undefined}
            aria-describedby={problem?.field === 'details' ? 'form-problem' : 'details-hint'}
          />
          <span className="hint" id="details-hint">
            What is wrong, in which versions, and how to see it (20 to 10,000 characters)
          </span>
        </p>
        <Field name="contact" label="Your email (needed when not signed in)" type="email" value={values.contact} autoComplete="email" problem={problem} required={false} hint="Only the people who read the report see it" />
        <button type="submit">Send the report</button>
      </form>
    </Layout>
  );
}

export function ReportFiledPage({ report, statusUrl }: { report: ReportRowFragment; statusUrl: string | null }) {
  return (
    <Layout>
      <h1>Report sent</h1>
      <div className="notice" role="status" id="report-filed">
        <p>
          Your {report.kind.toLowerCase()} report about <a href={`/plugins/${encodeURIComponent(report.pluginId)}`}>{report.pluginId}</a> was sent privately.
        </p>
        {statusUrl ? (
          <p className="pre-wrap">
            Keep this link to follow its status: it is shown only this once. <a href={statusUrl} id="report-status-link">{statusUrl}</a>
          </p>
        ) : (
          <p>
            Follow its status on <a href="/reports">your reports</a>.
          </p>
        )}
      </div>
    </Layout>
  );
}

/** One report as its reader sees it. */
function ReportDetails({ report }: { report: ReportRowFragment }) {
  return (
    <dl className="stats">
      <dt>Plugin</dt>
      <dd>
        <a href={`/plugins/${encodeURIComponent(report.pluginId)}`}>{report.pluginId}</a>
      </dd>
      <dt>Kind</dt>
      <dd>{report.kind.toLowerCase()}</dd>
      <dt>Status</dt>
      <dd>{statusText(report)}</dd>
      <dt>Filed</dt>
      <dd>{day(report.createdAt)}</dd>
      {report.note && (
        <>
          <dt>Note</dt>
          <dd>{report.note}</dd>
        </>
      )}
    </dl>
  );
}

export function ReportStatusPage({ report }: { report: ReportRowFragment }) {
  return (
    <Layout>
      <h1>Your report about {report.pluginId}</h1>
      <ReportDetails report={report} />
      <h2>What you reported</h2>
      <p className="pre-wrap">{report.details}</p>
    </Layout>
  );
}

/** Close with a note, or (security and malware reports) publish an advisory from it. */
function Handle({ report, csrf }: { report: ReportRowFragment; csrf: string }) {
  if (report.status !== 'OPEN') return null;
  const canAdvise = report.kind === 'SECURITY' || report.kind === 'MALWARE';
  const id = report.id;
  return (
    <div className="report-actions">
      <form method="post" action={`/reports/${id}/close`} className="form">
        <input type="hidden" name="csrf" value={csrf} />
        <p className="field">
          <label htmlFor={`note-${id}`}>Note for the reporter</label>
          <textarea id={`note-${id}`} name="note" rows={2} required maxLength={2000} />
        </p>
        <button type="submit">Close the report</button>
      </form>
      {canAdvise && (
        <form method="post" action={`/reports/${id}/advisory`} className="form">
          <input type="hidden" name="csrf" value={csrf} />
          <p className="field">
            <label htmlFor={`affected-${id}`}>Affected versions</label>
            <input id={`affected-${id}`} name="affected" required placeholder="<1.3.0" aria-describedby={`affected-hint-${id}`} />
            <span className="hint" id={`affected-hint-${id}`}>
              A semver range; the advisory’s summary and details are taken from the report
            </span>
          </p>
          <p className="field">
            <label htmlFor={`patched-${id}`}>Fixed in (optional)</label>
            <input id={`patched-${id}`} name="patched" placeholder=">=1.3.0" />
          </p>
          <p className="field">
            <label htmlFor={`severity-${id}`}>Severity</label>
            <select id={`severity-${id}`} name="severity" defaultValue="MODERATE">
              {['LOW', 'MODERATE', 'HIGH', 'CRITICAL'].map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </p>
          <button type="submit">Publish an advisory</button>
        </form>
      )}
    </div>
  );
}

export function ReportsPage({ data, csrf, problem }: { data: ReportsPageQuery; csrf: string; problem?: FormProblem }) {
  return (
    <Layout>
      <h1>Reports</h1>
      <Problem problem={problem} />
      <section aria-labelledby="handled-heading">
        <h2 id="handled-heading">Reports for you to handle</h2>
        {data.pluginReports.length === 0 ? (
          <p className="muted">No reports about plugins you own or maintain.</p>
        ) : (
          data.pluginReports.map((r) => (
            <article key={r.id} className="report" aria-labelledby={`report-${r.id}`}>
              <h3 id={`report-${r.id}`}>
                {r.kind.toLowerCase()} report about {r.pluginId} <span className="badge">{statusText(r)}</span>
              </h3>
              <p className="muted">
                From {r.reporter ?? 'an anonymous reporter'}
                {r.contact ? ` (${r.contact})` : ''}, {day(r.createdAt)}
              </p>
              <p className="pre-wrap">{r.details}</p>
              {r.note && <p>Note: {r.note}</p>}
              <Handle report={r} csrf={csrf} />
            </article>
          ))
        )}
      </section>
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">Reports you filed</h2>
        {data.myReports.length === 0 ? (
          <p className="muted">You have filed no reports.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Plugin</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Filed</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {data.myReports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <a href={`/reports/${r.id}`}>{r.pluginId}</a>
                    </th>
                    <td>{r.kind.toLowerCase()}</td>
                    <td>{statusText(r)}</td>
                    <td>{day(r.createdAt)}</td>
                    <td>{r.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

/** The plugin page's way to a private report (its own section, so the page's other sections stay others'). */
export function ReportProblemSection({ pluginId }: { pluginId: string }) {
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Report a problem</h2>
      <p>
        Found a vulnerability, malware, abuse or a license problem? <a href={`/plugins/${encodeURIComponent(pluginId)}/report`}>Report it privately</a>: only the
        plugin’s people or the registry’s admins read it.
      </p>
    </section>
  );
}

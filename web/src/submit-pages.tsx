import { useMemo, useRef, useState } from 'react';
import { createClient } from '../../client/client.js';
import type { ConformanceReport } from '../../conformance/report.js';
import { ChecksTable, ConformanceTable } from './checks.js';
import { CAPABILITY_NAMES } from '../../domain/capabilities.js';
import { ValidateSubmissionDocument, type MySubmissionsQuery, type SubmissionPageQuery } from '../gql/graphql.js';
import type { FormProblem } from './account-pages.js';
import { day } from './format.js';
import { Layout } from './parts.js';
import { FIELD_NAMES, fieldOf, fromSubmission, INSTALL_TYPES, inputId, toSubmission, type FieldProblem, type FormValues } from './submission-form.js';

export type SubmissionData = NonNullable<SubmissionPageQuery['submission']>;

/** How long typing pauses before the server is asked about the form. */
const TYPING_PAUSE_MS = 300;

const LABELS: Record<string, string> = {
  'plugin.id': 'Plugin id',
  'plugin.name': 'Name',
  'plugin.provider_type': 'Provider type',
  'plugin.version': 'Version',
  'plugin.description': 'Description',
  'plugin.author': 'Author',
  'plugin.license': 'License',
  'plugin.homepage': 'Homepage',
  'plugin.repository': 'Repository',
  'plugin.documentation_url': 'Documentation URL',
  'plugin.tags': 'Tags',
  'plugin.capabilities.custom_capabilities': 'Custom capabilities',
  'plugin.install.type': 'Install type',
  'plugin.install.manifest_url': 'Manifest URL',
  'plugin.install.manifest': 'Manifest text',
  'plugin.install.docker_image': 'Docker image',
  'plugin.screenshots': 'Screenshots',
  'submission.contact_email': 'Contact email',
  'submission.notes': 'Notes for the reviewers',
  'submission.test_endpoint': 'Test endpoint',
  'submission.test_report': 'Test report',
};
const labelOf = (name: string) => LABELS[name] ?? name.split('.').pop()!.replace(/_/g, ' ');

export interface SubmitPageProps {
  csrf: string;
  values: FormValues;
  problems: FieldProblem[];
  /** The form was posted and refused: every problem is shown, not only those of the inputs touched since. */
  posted: boolean;
  /** Correcting a submission sent back for changes (its id stays). */
  resubmit?: { id: string; pluginId: string };
}

/** The values of the form's inputs as they are now (an unchecked box is absent, as in a posted form). */
function valuesOf(form: HTMLFormElement): FormValues {
  const data = new FormData(form);
  const values: FormValues = {};
  for (const name of FIELD_NAMES) {
    const value = data.get(name);
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/**
 * /submit and /submissions/:id/edit: registry-submission.json uploaded, or every field of it in a form, the manifest
 * as a URL or its text (pasted or from a file). A plain multipart form that works without JavaScript; with it, the
 * server's `validateSubmission` marks each field as it is filled in.
 */
export function SubmitPage(props: SubmitPageProps) {
  const [problems, setProblems] = useState(props.problems);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);
  const [values, setValues] = useState(props.values);
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const ticket = useRef(0);
  const client = useMemo(() => createClient({ url: '/graphql', retries: 0 }), []);

  const shown = (name: string) => props.posted || touched.has(name);
  const byField = new Map<string, string[]>();
  const loose: string[] = [];
  for (const p of problems) {
    const name = fieldOf(p.field);
    if (name) byField.set(name, [...(byField.get(name) ?? []), p.field === name ? p.message : `${p.field.slice(name.length + 1)}: ${p.message}`]);
    else loose.push(p.field ? `${p.field}: ${p.message}` : p.message);
  }

  const check = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!form.current) return;
      const mine = ++ticket.current;
      try {
        const { validateSubmission } = await client.request(ValidateSubmissionDocument, { submission: toSubmission(valuesOf(form.current)) });
        if (mine !== ticket.current) return;
        setProblems(validateSubmission);
        setStatus(validateSubmission.length === 0 ? 'No problems found so far.' : '');
      } catch (err) {
        if (mine === ticket.current) setStatus(`Could not check the form: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, TYPING_PAUSE_MS);
  };

  const edited = (event: React.FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (FIELD_NAMES.includes(name) && !touched.has(name)) setTouched(new Set(touched).add(name));
    check();
  };

  /** A manifest file chosen: its text goes into the manifest box, where it can be read and checked. */
  const manifestFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    const box = form.current?.elements.namedItem('plugin.install.manifest') as HTMLTextAreaElement | null;
    if (!file || !box) return;
    box.value = await file.text();
    setTouched(new Set(touched).add('plugin.install.manifest'));
    check();
  };

  /** A registry-submission.json chosen: it fills the form below (then checked), to be corrected and submitted there. */
  const submissionFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      setValues(fromSubmission(JSON.parse(await file.text())));
    } catch (err) {
      setStatus(`${file.name} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    setFormKey((k) => k + 1);
    setTouched(new Set(FIELD_NAMES));
    setStatus(`The form below now holds ${file.name}: check it and submit it, or upload it as it is.`);
    check();
  };

  const field = (name: string, input: (aria: { id: string; name: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => React.ReactNode, hint?: string) => {
    const messages = shown(name) ? (byField.get(name) ?? []) : [];
    const id = inputId(name);
    const described = [hint ? `${id}-hint` : '', messages.length ? `${id}-problem` : ''].filter(Boolean).join(' ');
    return (
      <p className={`field${messages.length ? ' invalid' : ''}`}>
        <label htmlFor={id}>{labelOf(name)}</label>
        {input({ id, name, 'aria-invalid': messages.length > 0 || undefined, 'aria-describedby': described || undefined })}
        {hint && (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        {messages.length > 0 && (
          <span className="field-problem" id={`${id}-problem`}>
            {messages.join('; ')}
          </span>
        )}
      </p>
    );
  };
  const text = (name: string, hint?: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) =>
    field(name, (aria) => <input {...aria} type="text" defaultValue={values[name] ?? ''} {...extra} />, hint);
  const area = (name: string, rows: number, hint?: string, extra: React.TextareaHTMLAttributes<HTMLTextAreaElement> = {}) =>
    field(name, (aria) => <textarea {...aria} rows={rows} defaultValue={values[name] ?? ''} {...extra} />, hint);

  const action = props.resubmit ? `/submissions/${props.resubmit.id}/edit` : '/submit';
  const summary = props.posted && problems.length > 0;

  return (
    <Layout signedIn>
      <h1>{props.resubmit ? `Correct and resubmit ${props.resubmit.pluginId}` : 'Submit a plugin'}</h1>
      <p>
        A reviewer looks at every submission after the automated checks; the format is described in{' '}
        <a href="https://github.com/loom-ai/loom-plugin-registry/blob/main/docs/submission-format.md">registry-submission.json</a>.{' '}
        <a href="/submissions">Your submissions</a>
      </p>
      {summary && (
        <div className="notice notice-warn" role="alert" id="form-problem">
          <p>
            {problems.length === 1 ? 'One problem' : `${problems.length} problems`} to fix before this can be submitted:
          </p>
          <ul>
            {problems.map((p, i) => {
              const name = fieldOf(p.field);
              return <li key={i}>{name ? <a href={`#${inputId(name)}`}>{`${p.field}: ${p.message}`}</a> : p.field ? `${p.field}: ${p.message}` : p.message}</li>;
            })}
          </ul>
        </div>
      )}
      {!summary && loose.length > 0 && touched.size > 0 && (
        <ul className="notice notice-warn">
          {loose.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}

      {!props.resubmit && (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload registry-submission.json</h2>
          <form method="post" action="/submit" encType="multipart/form-data" className="form">
            <input type="hidden" name="csrf" value={props.csrf} />
            <p className="field">
              <label htmlFor="submission-file">registry-submission.json</label>
              <input id="submission-file" name="submission_file" type="file" accept=".json,application/json" required onChange={submissionFile} />
            </p>
            <button type="submit">Upload and submit</button>
          </form>
          <h2>Or fill in the form</h2>
        </section>
      )}

      <p className="muted" role="status" aria-live="polite" id="live-status">
        {status}
      </p>
      <form key={formKey} ref={form} method="post" action={action} encType="multipart/form-data" className="form submit-form" onInput={edited} onChange={edited} noValidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <fieldset>
          <legend>The plugin</legend>
          {text('plugin.id', 'Lowercase letters, digits and “-”; yours for good once approved', props.resubmit ? { readOnly: true } : { autoComplete: 'off' })}
          {text('plugin.name')}
          {text('plugin.provider_type', 'Must equal the manifest’s metadata.provider_type')}
          {text('plugin.version', 'A semantic version such as 1.2.0, equal to the manifest’s metadata.version')}
          {area('plugin.description', 4, '10 to 5,000 characters')}
          {text('plugin.author', 'e.g. Your Name <you@example.com>')}
          {text('plugin.license', 'An SPDX expression of OSI-approved licenses: MIT, Apache-2.0, “MIT OR Apache-2.0”')}
          {text('plugin.homepage', 'https URL', { type: 'url' })}
          {text('plugin.repository', 'https URL', { type: 'url' })}
          {text('plugin.documentation_url', 'Optional, https URL', { type: 'url' })}
          {text('plugin.tags', 'Optional: up to 10, separated by commas')}
        </fieldset>
        <fieldset>
          <legend>Capabilities</legend>
          {CAPABILITY_NAMES.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" name={`plugin.capabilities.${c}`} defaultChecked={Boolean(values[`plugin.capabilities.${c}`])} /> {c.replace(/_/g, ' ')}
            </label>
          ))}
          {text('plugin.capabilities.custom_capabilities', 'Optional: names (a-z, 0-9, “_”) separated by commas')}
        </fieldset>
        <fieldset>
          <legend>Installation</legend>
          {field(
            'plugin.install.type',
            (aria) => (
              <select {...aria} defaultValue={values['plugin.install.type'] ?? 'http'}>
                {INSTALL_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ),
          )}
          <p className="hint">Give the manifest’s URL, or the manifest itself (pasted, or from a file): one of the two.</p>
          {text('plugin.install.manifest_url', 'An https URL the checks fetch the manifest from', { type: 'url' })}
          {area('plugin.install.manifest', 8, 'The manifest’s YAML or JSON; read by the same parser as a fetched one', { className: 'code', spellCheck: false })}
          <p className="field">
            <label htmlFor="manifest-file">Manifest file</label>
            <input id="manifest-file" name="manifest_file" type="file" accept=".yaml,.yml,.json,text/yaml,application/json" onChange={manifestFile} aria-describedby="manifest-file-hint" />
            <span className="hint" id="manifest-file-hint">
              Instead of pasting: plugin.yaml or plugin.json
            </span>
          </p>
          {text('plugin.install.docker_image', 'Optional, e.g. org/image:1.0.0')}
          {area('plugin.screenshots', 2, 'Optional: https URLs, one per line')}
        </fieldset>
        <fieldset>
          <legend>For the reviewers</legend>
          {text('submission.contact_email', 'Seen only by you, reviewers and admins', { type: 'email', autoComplete: 'email' })}
          {area('submission.notes', 3, 'Optional: what changed, anything reviewers should know')}
          {text('submission.test_endpoint', 'Optional: a running instance the checks run loom plugin test against', { type: 'url' })}
          {area('submission.test_report', 3, 'Optional: the report of loom plugin test --json', { className: 'code', spellCheck: false })}
        </fieldset>
        <button type="submit">{props.resubmit ? 'Resubmit for review' : 'Submit for review'}</button>
      </form>
    </Layout>
  );
}

const STATUS_TEXT: Record<string, string> = {
  PENDING_REVIEW: 'pending review',
  IN_REVIEW: 'in review',
  CHANGES_REQUESTED: 'changes requested',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
};
const EVENT_TEXT: Record<string, string> = {
  create: 'submitted',
  checks: 'automated checks ran',
  claim: 'claimed for review',
  approve: 'approved',
  reject: 'rejected',
  request_changes: 'changes requested',
  resubmit: 'resubmitted',
  withdraw: 'withdrawn',
};
const statusText = (s: string) => STATUS_TEXT[s] ?? s.toLowerCase();
const checksText = (s: string) => (s === 'DONE' ? 'done' : s === 'RUNNING' ? 'running' : 'queued');

export function SubmissionsPage({ data }: { data: MySubmissionsQuery }) {
  const rows = data.submissions.nodes;
  return (
    <Layout signedIn>
      <h1>Your submissions</h1>
      <p>
        <a href="/submit">Submit a plugin</a>
      </p>
      {rows.length === 0 ? (
        <p className="empty">Nothing submitted yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Checks</th>
                <th scope="col">Submitted</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {[...rows].reverse().map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={`/submissions/${s.id}`}>{s.pluginId}</a>
                  </th>
                  <td>{s.version}</td>
                  <td>
                    <span className={`badge status-${s.status.toLowerCase()}`}>{statusText(s.status)}</span>
                  </td>
                  <td>{checksText(s.checksState)}</td>
                  <td>{day(s.createdAt)}</td>
                  <td>{day(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

const MARK: Record<string, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };
const marked = (status: string) => (
  <>
    <span aria-hidden="true">{MARK[status]}</span> {status}
  </>
);

function ConformanceDetails({ conformance }: { conformance: NonNullable<SubmissionData['conformance']> }) {
  const report = conformance.report as unknown as ConformanceReport;
  return (
    <section aria-labelledby="conformance-heading">
      <h2 id="conformance-heading">Conformance</h2>
      <p>
        {conformance.passed ? 'Passed' : 'Failed'}: {conformance.source === 'registry' ? 'run by the registry' : 'self-reported'} against <code className="hash">{conformance.endpoint}</code>, finished {conformance.finishedAt}
      </p>
      <ConformanceTable report={report} result={marked} />
    </section>
  );
}

export interface SubmissionPageProps {
  csrf: string;
  id: string;
  viewer: string;
  submission: SubmissionData | null;
  problem?: FormProblem;
}

/** /submissions/:id: the status, every automated check, the reviewer's notes, and what the submitter may do next. */
export function SubmissionPage({ csrf, id, viewer, submission: s, problem }: SubmissionPageProps) {
  if (!s) {
    return (
      <Layout signedIn>
        <h1>{`No submission “${id}”`}</h1>
        <p>
          There is no such submission, or it is not yours. <a href="/submissions">Your submissions</a>
        </p>
      </Layout>
    );
  }
  const mine = s.submitter.username === viewer;
  const canWithdraw = mine && ['PENDING_REVIEW', 'IN_REVIEW', 'CHANGES_REQUESTED'].includes(s.status);
  const canResubmit = mine && s.status === 'CHANGES_REQUESTED';
  return (
    <Layout signedIn>
      <p>
        <a href="/submissions">Your submissions</a>
      </p>
      <h1>
        {s.pluginId} <span className="version">{s.version}</span> <span className={`badge status-${s.status.toLowerCase()}`}>{statusText(s.status)}</span>
      </h1>
      {problem && (
        <p className="notice notice-warn" role="alert" id="form-problem">
          {problem.message}
        </p>
      )}
      <dl className="stats">
        <dt>Submission</dt>
        <dd>
          <code>{s.id}</code>
        </dd>
        <dt>Status</dt>
        <dd id="submission-status">{statusText(s.status)}</dd>
        <dt>Submitted by</dt>
        <dd>{s.submitter.username}</dd>
        <dt>Submitted</dt>
        <dd>{day(s.createdAt)}</dd>
        <dt>Last change</dt>
        <dd>{day(s.updatedAt)}</dd>
        <dt>Reviewer</dt>
        <dd>{s.reviewer ? `${s.reviewer.username}${s.reviewedAt ? `, ${day(s.reviewedAt)}` : ''}` : 'none yet'}</dd>
      </dl>
      {s.status === 'APPROVED' && (
        <p>
          Published: <a href={`/plugins/${s.pluginId}`}>{s.pluginId}</a>
        </p>
      )}

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Reviewer notes</h2>
        {s.notes ? <p className="notes">{s.notes}</p> : <p className="muted">No notes yet.</p>}
      </section>

      {s.history.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <ol className="history">
            {s.history.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{`${e.at.slice(0, 16).replace('T', ' ')} UTC`}</time> {EVENT_TEXT[e.action] ?? e.action.replace(/_/g, ' ')}
                {e.by ? ` by ${e.by}` : ''}
                {e.notes && <span className="muted">: {e.notes}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">Automated checks</h2>
        <p id="checks-state">{s.checksState === 'DONE' ? `${s.checks.length} checks ran.` : `The checks are ${checksText(s.checksState)}: reload the page in a moment.`}</p>
        {s.checks.length > 0 && <ChecksTable checks={s.checks} result={marked} />}
      </section>
      {s.conformance && <ConformanceDetails conformance={s.conformance} />}

      {(canWithdraw || canResubmit) && (
        <section aria-labelledby="actions-heading">
          <h2 id="actions-heading">What you can do</h2>
          <div className="submit-actions">
            {canResubmit && <a href={`/submissions/${s.id}/edit`}>Correct and resubmit</a>}
            {canWithdraw && (
              <form method="post" action={`/submissions/${s.id}/withdraw`}>
                <input type="hidden" name="csrf" value={csrf} />
                <button type="submit">Withdraw this submission</button>
              </form>
            )}
          </div>
        </section>
      )}

      <details className="manifest sent">
        <summary>The submission as sent</summary>
        <pre>{JSON.stringify(s.payload, null, 2)}</pre>
      </details>
    </Layout>
  );
}

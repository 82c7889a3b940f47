import type { SettingsQuery } from '../gql/graphql.js';
import { day } from './format.js';
import { Layout } from './parts.js';

type Me = NonNullable<SettingsQuery['me']>;

/** What a form page shows after a refused submission: the message, the field it concerns, what was typed (never a password). */
export interface FormProblem {
  message: string;
  field?: string;
}

export function Problem({ problem }: { problem?: FormProblem }) {
  if (!problem) return null;
  return (
    <p className="notice notice-warn" role="alert" id="form-problem">
      {problem.message}
    </p>
  );
}

export function Field(props: { name: string; label: string; type?: string; value?: string; autoComplete: string; problem?: FormProblem; hint?: string; required?: boolean }) {
  const invalid = props.problem?.field === props.name;
  return (
    <p className="field">
      <label htmlFor={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={props.value}
        autoComplete={props.autoComplete}
        required={props.required ?? true}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? 'form-problem' : props.hint ? `${props.name}-hint` : undefined}
      />
      {props.hint && (
        <span className="hint" id={`${props.name}-hint`}>
          {props.hint}
        </span>
      )}
    </p>
  );
}

export function SignUpPage({ csrf, values, problem }: { csrf: string; values: Record<string, string>; problem?: FormProblem }) {
  return (
    <Layout>
      <h1>Create an account</h1>
      <Problem problem={problem} />
      <form method="post" action="/signup" className="form">
        <input type="hidden" name="csrf" value={csrf} />
        <Field name="username" label="Username" value={values.username} autoComplete="username" problem={problem} hint="Lowercase letters, digits, “_”, “.” and “-”; shown as the author of your reviews" />
        <Field name="displayName" label="Display name" value={values.displayName} autoComplete="name" problem={problem} />
        <Field name="email" label="Email" type="email" value={values.email} autoComplete="email" problem={problem} />
        <Field name="password" label="Password" type="password" autoComplete="new-password" problem={problem} hint="At least 10 characters" />
        <button type="submit">Create account</button>
      </form>
      <p>
        Have an account? <a href="/login">Sign in</a>
      </p>
    </Layout>
  );
}

export function SignInPage({ csrf, login, next, problem }: { csrf: string; login: string; next: string; problem?: FormProblem }) {
  return (
    <Layout>
      <h1>Sign in</h1>
      <Problem problem={problem} />
      <form method="post" action="/login" className="form">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <Field name="login" label="Username or email" value={login} autoComplete="username" problem={problem} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" problem={problem} />
        <button type="submit">Sign in</button>
      </form>
      <p>
        New here? <a href="/signup">Create an account</a>
      </p>
    </Layout>
  );
}

const SCOPES: [string, string][] = [
  ['publish', 'publish: submit and manage your plugins, review, rate, star'],
  ['review', 'review: review submissions, moderate reviews'],
  ['admin', 'admin: what only admins do'],
];

export function SettingsPage({ csrf, me, created, problem }: { csrf: string; me: Me; created?: { key: string; name: string }; problem?: FormProblem }) {
  const keys = me.apiKeys.filter((k) => !k.revokedAt);
  return (
    <Layout>
      <h1>Settings</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl className="stats">
          <dt>Username</dt>
          <dd>{me.username}</dd>
          <dt>Display name</dt>
          <dd>{me.displayName}</dd>
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>Role</dt>
          <dd>{me.role.toLowerCase()}</dd>
        </dl>
        <form method="post" action="/logout">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit">Sign out</button>
        </form>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        {created && (
          <div className="notice" role="status" id="created-key">
            <p>
              Your new key <strong>{created.name}</strong>. Copy it now: it is shown only this once.
            </p>
            <p>
              <code className="hash" id="created-key-secret">
                {created.key}
              </code>
            </p>
            <p className="muted">
              Paste it into <code>loom plugin login</code>, or send it as <code>Authorization: Bearer &lt;key&gt;</code>.
            </p>
          </div>
        )}
        <Problem problem={problem} />
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">
                    {k.name} {k.session && <span className="badge">browser session</span>}
                  </th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scopes.join(', ') || 'none (reads only)'}</td>
                  <td>{day(k.createdAt)}</td>
                  <td>{k.expiresAt ? day(k.expiresAt) : 'never'}</td>
                  <td>{k.lastUsedAt ? day(k.lastUsedAt) : 'never'}</td>
                  <td>
                    <form method="post" action={`/settings/keys/${k.id}/revoke`}>
                      <input type="hidden" name="csrf" value={csrf} />
                      <button type="submit" aria-label={`Revoke ${k.name} (${k.prefix}…)`}>
                        Revoke
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <h3>Create a key</h3>
        <form method="post" action="/settings/keys" className="form">
          <input type="hidden" name="csrf" value={csrf} />
          <Field name="name" label="Name" autoComplete="off" problem={problem} hint="What it is for, e.g. “laptop CLI” or “CI publishing”" />
          <fieldset>
            <legend>Scopes</legend>
            {SCOPES.filter(([scope]) => me.scopes.includes(scope)).map(([scope, label]) => (
              <label key={scope} className="check">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'publish'} /> {label}
              </label>
            ))}
          </fieldset>
          <p className="field">
            <label htmlFor="expires_days">Expires after (days)</label>
            <input id="expires_days" name="expires_days" type="number" min={1} max={3650} aria-describedby="expires-hint" />
            <span className="hint" id="expires-hint">
              Leave empty for a key that does not expire
            </span>
          </p>
          <button type="submit">Create key</button>
        </form>
      </section>
    </Layout>
  );
}

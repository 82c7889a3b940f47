import type { DeviceAuthorizationFieldsFragment } from '../gql/graphql.js';
import { Field, Problem, type FormProblem } from './account-pages.js';
import { Layout } from './parts.js';

export type DeviceGrant = DeviceAuthorizationFieldsFragment;

/** "2026-12-02 04:31 UTC": the same on the server and in every browser. */
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * /device: where a person signed in approves `loom plugin login` on another device (RFC 8628). Enter the code the
 * device shows (or arrive with it in the link), see who asks for what, then approve or deny.
 */
export function DevicePage({ csrf, userCode, grant, outcome, problem }: { csrf: string; userCode: string; grant?: DeviceGrant; outcome?: 'approved' | 'denied'; problem?: FormProblem }) {
  if (outcome && grant) {
    return (
      <Layout>
        <h1>{outcome === 'approved' ? 'Device approved' : 'Device denied'}</h1>
        <p className="notice" role="status" id="device-outcome">
          {outcome === 'approved' ? (
            <>
              {grant.clientName} receives its key within a few seconds: go back to your terminal (you can close this page). The key is listed under <a href="/settings">your API keys</a>, where you can revoke it.
            </>
          ) : (
            <>The request from {grant.clientName} was denied: it gets no key. If you did not start it, nothing else is needed.</>
          )}
        </p>
      </Layout>
    );
  }
  if (grant) {
    return (
      <Layout>
        <h1>Approve a device login</h1>
        <p>
          Only approve this if you started <code>loom plugin login</code> yourself and the code below is the one your terminal shows.
        </p>
        <Problem problem={problem} />
        <dl className="stats" aria-label="The request">
          <dt>Code</dt>
          <dd>
            <code id="device-code" className="device-code">{grant.userCode}</code>
          </dd>
          <dt>Application</dt>
          <dd>
            {grant.clientName} <span className="muted">({grant.clientId})</span>
          </dd>
          <dt>Access</dt>
          <dd id="device-scopes">{grant.scopes.length ? grant.scopes.join(', ') : 'none (reads only)'}</dd>
          {grant.withheldScopes.length > 0 && (
            <>
              <dt>Not granted</dt>
              <dd>{`${grant.withheldScopes.join(', ')} (your account may not hold them)`}</dd>
            </>
          )}
          <dt>Requested from</dt>
          <dd>{grant.requestedFrom}</dd>
          <dt>Requested at</dt>
          <dd>{minute(grant.requestedAt)}</dd>
          <dt>Code expires</dt>
          <dd>{minute(grant.expiresAt)}</dd>
        </dl>
        <p className="muted">Approving creates an API key named “loom CLI (device login)” that expires in 90 days; it is listed under your API keys, where you can revoke it.</p>
        <form method="post" action="/device" className="device-decision">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="user_code" value={grant.userCode} />
          <button type="submit" name="decision" value="approve" className="primary">
            Approve
          </button>
          <button type="submit" name="decision" value="deny">
            Deny
          </button>
        </form>
      </Layout>
    );
  }
  return (
    <Layout>
      <h1>Log in a device</h1>
      <p>
        Enter the code that <code>loom plugin login</code> shows in your terminal.
      </p>
      <Problem problem={problem} />
      <form method="get" action="/device" className="form">
        <Field name="user_code" label="Code" value={userCode} autoComplete="off" problem={problem} hint="8 letters, like WDJB-MJHT" />
        <button type="submit">Continue</button>
      </form>
    </Layout>
  );
}

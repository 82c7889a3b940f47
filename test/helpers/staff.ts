import { hashPassword } from '../../server/modules/accounts/password.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import type { TestApp } from './app.js';
import { FormBrowser } from './form-browser.js';
import { sampleSubmission } from './manifests.js';

export const PASSWORD = 'a long enough password';

/** A user of `role` with a web password and an API key (`auth`), for signing in through /login. */
export async function staffUser(t: TestApp, role: 'user' | 'reviewer' | 'admin', username: string) {
  const made = await t.user(role, username);
  const em = t.em();
  await em.nativeUpdate(User, { username }, { passwordHash: await hashPassword(PASSWORD) });
  return made;
}

/** A browser signed in (through the /login form) as `username`. */
export async function signedIn(t: TestApp, username: string): Promise<FormBrowser> {
  const browser = new FormBrowser(t.url);
  const res = await browser.post('/login', { csrf: await browser.csrf('/login'), login: username, password: PASSWORD, next: '/settings' });
  if (res.status !== 303) throw new Error(`sign-in of ${username} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return browser;
}

/** Submits `id@version` through the API as `auth` and waits for its automated checks; resolves to the submission id. */
export async function submitThroughApi(t: TestApp, auth: Record<string, string>, manifestUrl: string, id: string, version = '1.0.0'): Promise<string> {
  const res = await t.graphql<{ submitPlugin: { submissionId: string } }>('mutation($s: JSONObject!) { submitPlugin(submission: $s) { submissionId } }', { s: sampleSubmission(manifestUrl, { id, version }) }, auth);
  if (!res.body.data) throw new Error(`submission refused: ${JSON.stringify(res.body.errors)}`);
  await t.checksIdle();
  return res.body.data.submitPlugin.submissionId;
}

import { hashPassword } from '../../server/modules/accounts/password.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import type { TestApp } from './app.js';
import { sampleSubmission } from './manifests.js';

export const PASSWORD = 'a long enough password';

/** A response's HTML, without the empty comments React puts between adjacent texts. */
export const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

/** A browser without JavaScript: a cookie jar, forms posted urlencoded, redirects not followed. */
export class FormBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async get(path: string): Promise<Response> {
    return this.keep(await fetch(`${this.base}${path}`, { headers: { cookie: this.cookieHeader(), accept: 'text/html' }, redirect: 'manual' }));
  }

  async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    return this.keep(await fetch(`${this.base}${path}`, { method: 'POST', body, headers: { cookie: this.cookieHeader(), accept: 'text/html' }, redirect: 'manual' }));
  }

  /** A page's HTML, without the empty comments React puts between adjacent texts. */
  async html(path: string): Promise<string> {
    return html(await this.get(path));
  }

  /** The CSRF token the page's forms carry. */
  async csrf(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const found = /name="csrf" value="([^"]+)"/.exec(html);
    if (!found) throw new Error(`no form with a CSRF token on ${path}: ${html.slice(0, 300)}`);
    return found[1];
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

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

/** A response's HTML, without the empty comments React puts between adjacent texts. */
export const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

/** A multipart form's fields: `{ file, name, type }` is a file chosen in a file input. */
export type MultipartFields = Record<string, string | string[] | { file: string; name: string; type?: string }>;

/** A browser without JavaScript for the web pages' tests: a cookie jar, forms posted urlencoded, redirects not followed. */
export class FormBrowser {
  readonly cookies = new Map<string, string>();
  /** The Set-Cookie lines of the last answer, as sent. */
  lastSetCookie: string[] = [];

  constructor(private readonly base: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { headers });
  }

  async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
    return this.send(path, { method: 'POST', body });
  }

  /** A form posted as `multipart/form-data`, as one with a file input is. */
  async postMultipart(path: string, fields: MultipartFields): Promise<Response> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'object' && !Array.isArray(value)) body.append(name, new Blob([value.file], { type: value.type ?? 'application/octet-stream' }), value.name);
      else for (const v of [value].flat()) body.append(name, v);
    }
    return this.send(path, { method: 'POST', body });
  }

  /** A page's HTML, without the empty comments React puts between adjacent texts. */
  async html(path: string): Promise<string> {
    return html(await this.get(path));
  }

  /** The CSRF token the page's forms carry. */
  async csrf(path: string): Promise<string> {
    const page = await (await this.get(path)).text();
    const match = /name="csrf" value="([^"]+)"/.exec(page);
    if (!match) throw new Error(`no form with a CSRF token on ${path}: ${page.slice(0, 300)}`);
    return match[1];
  }

  /** Signs up through /signup: the browser holds the new account's session. */
  async signUp(username: string, password = 'a long enough password'): Promise<void> {
    const csrf = await this.csrf('/signup');
    const res = await this.post('/signup', { csrf, username, displayName: `User ${username}`, email: `${username}@example.com`, password });
    if (res.status !== 303) throw new Error(`signing up ${username} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }

  /** A request with this browser's cookies, asking for HTML; redirects are answered, not followed. */
  private async send(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> }): Promise<Response> {
    return this.keep(await fetch(`${this.base}${path}`, { ...init, headers: { cookie: this.cookieHeader(), accept: 'text/html', ...init.headers }, redirect: 'manual' }));
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): Response {
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

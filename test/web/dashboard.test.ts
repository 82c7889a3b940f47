import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../server/modules/accounts/user.entity.js';
import { Plugin, PluginMaintainer } from '../../server/modules/catalog/plugin.entity.js';
import { utcDay } from '../../server/modules/stats/days.js';
import { csvCell, toCsv } from '../../server/web/csv.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { FormBrowser } from '../helpers/form-browser.js';

/**
 * Issue 15, the author dashboard and the reader's controls, without JavaScript: /dashboard lists the session's
 * plugins, /dashboard/:id its analytics (date range, CSV) and the author's forms; /plugins/:id star and review for a
 * session, while the page kept for everyone never carries anyone's controls.
 */
// the pages link the browser files `vite build` makes
needsBuild();
let t: TestApp;
const OWNED = 'cohere-plugin';
const MAINTAINED = 'groq-plugin';
const ELSEWHERE = 'openai-plugin';
let author: FormBrowser;
let other: FormBrowser;

/** The page's text as a reader sees it: React's text separators gone, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const download = (id: string, version: string, installId: string, country: string) =>
  fetch(`${t.url}/api/v1/plugins/${id}/versions/${version}/manifest`, { headers: { 'x-loom-install-id': installId, 'cf-ipcountry': country } });

/** The downloads-in-range figure of a plugin's dashboard. */
const rangeDownloads = async (browser: FormBrowser, id: string) => {
  const html = await (await browser.get(`/dashboard/${id}`)).text();
  return Number(/id="range-downloads">([\d,]+)</.exec(html)![1].replace(/,/g, ''));
};

beforeAll(async () => {
  t = await createTestApp({ countryHeader: 'cf-ipcountry', statsFlushMs: 60_000 });
  author = new FormBrowser(t.url);
  other = new FormBrowser(t.url);
  await author.signUp('dash-author');
  await other.signUp('dash-other');
  await t.writeBehind(async (em) => {
    const user = await em.findOneOrFail(User, { username: 'dash-author' });
    (await em.findOneOrFail(Plugin, OWNED)).owner = user;
    em.create(PluginMaintainer, { plugin: await em.findOneOrFail(Plugin, MAINTAINED), user });
    await em.flush();
  });
});
afterAll(() => t.close());

describe('/dashboard', () => {
  it('sends a browser without a session to sign in, coming back afterwards', async () => {
    for (const path of ['/dashboard', `/dashboard/${OWNED}`, `/dashboard/${OWNED}/analytics.csv?from=2026-01-01`]) {
      const res = await new FormBrowser(t.url).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("lists only the session's plugins, owned and maintained, never kept by a cache", async () => {
    const res = await author.get('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = textOf(await res.text());
    const rows = [...html.matchAll(/<a href="\/dashboard\/([a-z0-9-]+)">/g)].map((m) => m[1]);
    expect(rows.sort()).toEqual([OWNED, MAINTAINED].sort());
    expect(html).toMatch(new RegExp(`/dashboard/${MAINTAINED}">[^]*?<td>maintainer</td>`));
    expect(html).toMatch(new RegExp(`/dashboard/${OWNED}">[^]*?<td>owner</td>`));

    const theirs = textOf(await (await other.get('/dashboard')).text());
    expect(theirs).toContain('You own or maintain no plugins yet');
    expect(theirs).not.toContain(`/dashboard/${OWNED}`);
  });

  it('is `me.plugins` in GraphQL: the caller\'s owned and maintained plugins by name, none for a key of someone else', async () => {
    const key = await t.user('user', 'dash-gql');
    // signed-in reads are never cached: a plain write is read at once
    const em = t.em();
    em.create(PluginMaintainer, { plugin: await em.findOneOrFail(Plugin, 'together-plugin'), user: await em.findOneOrFail(User, { username: 'dash-gql' }) });
    await em.flush();
    const mine = await t.graphql<{ me: { plugins: { id: string }[] } }>('{ me { plugins { id } } }', undefined, key.auth);
    expect(mine.body.data!.me.plugins.map((p) => p.id)).toEqual(['together-plugin']);
    const nobody = await t.graphql<{ me: { plugins: { id: string }[] } }>('{ me { plugins { id } } }', undefined, (await t.user('user', 'dash-gql-2')).auth);
    expect(nobody.body.data!.me.plugins).toEqual([]);
    expect((await t.graphql('{ me { plugins { id } } }')).body.data).toEqual({ me: null });
  });

  it("answers 403 on someone else's plugin and 404 on no plugin, with no analytics", async () => {
    const forbidden = await other.get(`/dashboard/${OWNED}`);
    expect(forbidden.status).toBe(403);
    const html = textOf(await forbidden.text());
    expect(html).toContain(`only the owner, maintainers and admins see the analytics of ${OWNED}`);
    expect(html).not.toContain('range-downloads');
    expect((await author.get(`/dashboard/${ELSEWHERE}`)).status).toBe(403);
    expect((await other.get(`/dashboard/${OWNED}/analytics.csv`)).status).toBe(403);
    expect((await author.get('/dashboard/no-such-plugin')).status).toBe(404);
  });

  it('shows the downloads counted through the manifest route, per day, version and country, with every chart in a table', async () => {
    const version = (await t.em().findOneOrFail(Plugin, OWNED)).version;
    const before = await rangeDownloads(author, OWNED);
    for (const [id, country] of [
      ['dash-install-0001', 'DE'],
      ['dash-install-0002', 'DE'],
      ['dash-install-0003', 'FR'],
    ]) {
      expect((await download(OWNED, version, id, country)).status).toBe(200);
    }
    await t.app.services.stats.flush();
    expect(await rangeDownloads(author, OWNED)).toBe(before + 3);

    const html = textOf(await (await author.get(`/dashboard/${OWNED}`)).text());
    // each chart: an image with a caption, and its figures in a table
    for (const chart of ['daily-chart', 'monthly-chart']) {
      expect(html).toMatch(new RegExp(`<figure class="chart" id="${chart}"><svg[^>]*role="img"[^>]*aria-labelledby="${chart}-caption"`));
      expect(html).toMatch(new RegExp(`id="${chart}"[^]*?<table>`));
    }
    expect(html).toMatch(new RegExp(`<td>${utcDay(new Date())}</td><td>[\\d,]+</td>`));
    expect(html).toMatch(/id="countries-table"[^]*?<th scope="row">DE<\/th><td class="num">2<\/td>/);
    expect(html).toMatch(new RegExp(`id="versions-table"[^]*?<th scope="row">${version.replace(/\./g, '\\.')}</th>`));
    for (const part of ['id="installs-table"', 'Active installs', 'Error rate', 'Rating trend']) expect(html).toContain(part);
  });

  it("validates the date range as the API does, showing the API's message beside the range and the default range's figures", async () => {
    for (const [query, field, message] of [
      ['from=2026-02-31&to=2026-03-01', 'from', /from: a UTC day from \d{4}-01-01 to \d{4}-12-31, as YYYY-MM-DD/],
      ['from=2026-03-02&to=2026-03-01', 'from', /from: must not be after to/],
      ['from=2024-01-01&to=2026-01-01', 'from', /from: at most 366 days at a time/],
      ['to=yesterday', 'to', /to: a UTC day/],
    ] as const) {
      const res = await author.get(`/dashboard/${OWNED}?${query}`);
      expect(res.status, query).toBe(400);
      const html = textOf(await res.text());
      expect(html).toMatch(new RegExp(`role="alert" id="problem-range">${message.source}`));
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      expect(html).toContain('id="range-downloads"');
    }
    const res = await author.get(`/dashboard/${OWNED}?from=2026-01-01&to=2026-01-31`);
    expect(res.status).toBe(200);
    const html = textOf(await res.text());
    expect(html).toContain('Showing 2026-01-01 to 2026-01-31');
    expect(html).toContain('href="/dashboard/cohere-plugin/analytics.csv?from=2026-01-01&to=2026-01-31"');
  });
});

describe('the CSV download', () => {
  it('answers the figures as text/csv, an attachment named after the plugin and range', async () => {
    const today = utcDay(new Date());
    const res = await author.get(`/dashboard/${OWNED}/analytics.csv?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${OWNED}-analytics-${today}-${today}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('plugin,series,key,value');
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain(`${OWNED},country_downloads,DE,2`);
    expect(lines).toContain(`${OWNED},country_downloads,FR,1`);
    // one day: its downloads are the range's, the three counted above among them
    const daily = Number(lines.find((l) => l.startsWith(`${OWNED},daily_downloads,${today},`))!.split(',')[3]);
    expect(daily).toBeGreaterThanOrEqual(3);
    expect(lines).toContain(`${OWNED},downloads,${today}..${today},${daily}`);
    expect(lines).toContain(`${OWNED},monthly_downloads,${today.slice(0, 7)},${daily}`);
  });

  it('refuses a bad range with the dashboard saying why', async () => {
    const res = await author.get(`/dashboard/${OWNED}/analytics.csv?from=2026-13-01`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(textOf(await res.text())).toMatch(/id="problem-range">from: a UTC day/);
  });

  it('escapes cells a spreadsheet would run as formulas, and quotes commas, quotes and line breaks', () => {
    expect(['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', 'DE', '1.0.0-beta.1', 'a,b', 'say "hi"', 'two\nlines'].map(csvCell)).toEqual([
      `"'=HYPERLINK(""http://evil"")"`,
      "'+1",
      "'-1+2",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      'DE',
      '1.0.0-beta.1',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
    ]);
    expect(csvCell(-3)).toBe('-3');
    expect(toCsv([['a', 'b'], ['=1', 2]])).toBe("a,b\r\n'=1,2\r\n");
  });
});

describe("the author's forms", () => {
  const formOf = async (browser: FormBrowser) => browser.csrf(`/dashboard/${OWNED}`);

  it('refuses every form without the CSRF token of this browser', async () => {
    for (const path of [`/dashboard/${OWNED}/versions/1.0.0/yank`, `/dashboard/${OWNED}/deprecate`, `/dashboard/${OWNED}/maintainers`, `/dashboard/${OWNED}/transfer`]) {
      const res = await author.post(path, { csrf: 'x'.repeat(43), reason: 'r', message: 'm', username: 'dash-other' });
      expect(res.status, path).toBe(403);
      expect(textOf(await res.text())).toContain('This form has expired or did not come from this site');
    }
    expect((await t.em().findOneOrFail(Plugin, OWNED)).deprecatedMessage ?? null).toBeNull();
  });

  it("yanks and unyanks a version with a reason, and shows the API's refusal beside that version's form", async () => {
    const csrf = await formOf(author);
    const empty = await author.post(`/dashboard/${OWNED}/versions/1.0.0/yank`, { csrf, reason: '  ' });
    expect(empty.status).toBe(400);
    expect(textOf(await empty.text())).toMatch(/Yank 1\.0\.0<\/button><\/form><p class="notice notice-warn" role="alert" id="problem-yank-1-0-0">reason: say why, in 1-1000 characters/);

    const yanked = await author.post(`/dashboard/${OWNED}/versions/1.0.0/yank`, { csrf, reason: 'leaks the API key' });
    expect(yanked.status).toBe(303);
    expect(yanked.headers.get('location')).toBe(`/dashboard/${OWNED}`);
    expect(textOf(await (await author.get(`/dashboard/${OWNED}`)).text())).toContain('Yanked: leaks the API key');

    const unyanked = await author.post(`/dashboard/${OWNED}/versions/1.0.0/unyank`, { csrf });
    expect(unyanked.status).toBe(303);
    expect(textOf(await (await author.get(`/dashboard/${OWNED}`)).text())).not.toContain('Yanked: leaks the API key');

    const missing = await author.post(`/dashboard/${OWNED}/versions/9.9.9/yank`, { csrf, reason: 'no such' });
    expect(missing.status).toBe(404);
    // no form of that version on the page: the refusal shows at the top
    expect(textOf(await missing.text())).toMatch(/role="alert" id="problem-yank-9-9-9">[^<]*9\.9\.9/);
  });

  it('deprecates with a replacement (refusing one that does not exist) and undeprecates', async () => {
    const csrf = await formOf(author);
    const bad = await author.post(`/dashboard/${OWNED}/deprecate`, { csrf, message: 'use the other one', replacement: 'no-such-plugin' });
    expect(bad.status).toBe(400);
    const badHtml = textOf(await bad.text());
    expect(badHtml).toContain('id="problem-deprecate">replacement: no other plugin "no-such-plugin"');
    expect(badHtml).toMatch(/id="deprecate-replacement"[^>]*aria-invalid="true"/);

    expect((await author.post(`/dashboard/${OWNED}/deprecate`, { csrf, message: 'use the other one', replacement: ELSEWHERE })).status).toBe(303);
    const html = textOf(await (await author.get(`/dashboard/${OWNED}`)).text());
    expect(html).toContain('Deprecated: use the other one');
    expect(html).toContain(`Replacement: <a href="/plugins/${ELSEWHERE}">`);
    expect(textOf(await (await fetch(`${t.url}/plugins/${OWNED}`, { headers: { accept: 'text/html' } })).text())).toContain('Deprecated: use the other one');

    expect((await author.post(`/dashboard/${OWNED}/undeprecate`, { csrf })).status).toBe(303);
    expect(textOf(await (await author.get(`/dashboard/${OWNED}`)).text())).toContain('<button type="submit">Deprecate</button>');
  });

  it("adds and removes maintainers, the API's refusals beside the forms, then transfers the plugin", async () => {
    const csrf = await formOf(author);
    const nobody = await author.post(`/dashboard/${OWNED}/maintainers`, { csrf, username: 'no-such-user' });
    expect(nobody.status).toBe(404);
    expect(textOf(await nobody.text())).toMatch(/Add maintainer<\/button><p class="notice notice-warn" role="alert" id="problem-maintainer-add">[^<]*no-such-user/);

    expect((await author.post(`/dashboard/${OWNED}/maintainers`, { csrf, username: 'dash-other' })).status).toBe(303);
    expect(textOf(await (await author.get(`/dashboard/${OWNED}`)).text())).toContain('Remove dash-other</button>');
    // a maintainer sees the dashboard now, but only the owner manages maintainers
    const otherCsrf = await other.csrf(`/dashboard/${OWNED}`);
    const refused = await other.post(`/dashboard/${OWNED}/maintainers/dash-other/remove`, { csrf: otherCsrf });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain(`id="problem-maintainer-remove-dash-other">only the owner of ${OWNED} (or an admin) may do this`);

    expect((await author.post(`/dashboard/${OWNED}/maintainers/dash-other/remove`, { csrf })).status).toBe(303);
    expect((await other.get(`/dashboard/${OWNED}`)).status).toBe(403);

    const transferred = await author.post(`/dashboard/${OWNED}/transfer`, { csrf, username: 'dash-other' });
    expect(transferred.status).toBe(303);
    expect(transferred.headers.get('location')).toBe('/dashboard');
    expect(textOf(await (await other.get('/dashboard')).text())).toContain(`/dashboard/${OWNED}">`);
    // and back, for the tests after this one
    const back = await other.post(`/dashboard/${OWNED}/transfer`, { csrf: otherCsrf, username: 'dash-author' });
    expect(back.status).toBe(303);
  });
});

describe('star and review on the plugin page', () => {
  const PAGE = `/plugins/${ELSEWHERE}`;
  let reader: FormBrowser;
  beforeAll(async () => {
    reader = new FormBrowser(t.url);
    await reader.signUp('dash-reader');
  });

  it('links to sign in without a session, and the page everyone gets stays cached with its ETag', async () => {
    const res = await fetch(`${t.url}${PAGE}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public/);
    expect(res.headers.get('vary')).toMatch(/Cookie/);
    const html = textOf(await res.text());
    expect(html).toContain(`href="/login?next=${encodeURIComponent(PAGE)}" class="button-link">☆ Sign in to star`);
    expect(html).toContain('Sign in to review this plugin');
    expect(html).not.toContain('name="csrf"');
    const again = await fetch(`${t.url}${PAGE}`, { headers: { accept: 'text/html', 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('stars and unstars through the form, back on the page (303), the page a session gets never kept', async () => {
    const page = await reader.get(PAGE);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('vary')).toMatch(/Cookie/);
    expect((await reader.get(PAGE, { 'accept-encoding': 'br' })).headers.get('content-encoding')).toBe('br');
    const html = textOf(await page.text());
    expect(html).toContain(`action="${PAGE}/star"`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1];

    expect((await reader.post(`${PAGE}/star`, { csrf: 'x'.repeat(43) })).status).toBe(403);
    const starred = await reader.post(`${PAGE}/star`, { csrf });
    expect(starred.status).toBe(303);
    expect(starred.headers.get('location')).toBe(PAGE);
    const after = textOf(await (await reader.get(PAGE)).text());
    expect(after).toContain('aria-pressed="true"');
    expect(after).toContain(`action="${PAGE}/unstar"`);
    expect((await reader.post(`${PAGE}/unstar`, { csrf })).status).toBe(303);
    expect(textOf(await (await reader.get(PAGE)).text())).toContain(`action="${PAGE}/star"`);
    expect((await reader.post(`${PAGE}/star`, { csrf })).status).toBe(303);
  });

  it("writes and edits a review, the API's refusal beside the form keeping what was typed", async () => {
    const csrf = await reader.csrf(PAGE);
    const bad = await reader.post(`${PAGE}/review`, { csrf, rating: '9', comment: 'typed before the refusal' });
    expect(bad.status).toBe(400);
    const badHtml = textOf(await bad.text());
    expect(badHtml).toContain('id="review-problem">rating: must be a whole number from 1 to 5');
    expect(badHtml).toContain('typed before the refusal</textarea>');

    const posted = await reader.post(`${PAGE}/review`, { csrf, rating: '4', comment: 'Solid & fast' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${PAGE}#reviews-heading`);
    let html = textOf(await (await reader.get(PAGE)).text());
    expect(html).toContain('Edit your review');
    expect(html).toMatch(/checked="" value="4"/);
    expect(html).toContain('Solid & fast</textarea>');
    expect(html).toContain('<p>Solid & fast</p>');

    expect((await reader.post(`${PAGE}/review`, { csrf, rating: '2', comment: 'Slower lately' })).status).toBe(303);
    html = textOf(await (await reader.get(PAGE)).text());
    expect(html).toMatch(/checked="" value="2"/);
    expect(html).toContain('<p>Slower lately</p>');
    expect(html).not.toContain('Solid & fast');
  });

  it("tells an author that reviews are for users, and shows the API's refusal if they post one anyway", async () => {
    const mine = `/plugins/${OWNED}`;
    const html = textOf(await (await author.get(mine)).text());
    expect(html).toContain('You own or maintain this plugin: reviews are for its users');
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1];
    const refused = await author.post(`${mine}/review`, { csrf, rating: '5', comment: 'mine is great' });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain(`you own ${OWNED}: reviews are for its users, not its authors`);
  });

  it('sends a browser without a session to sign in when it posts', async () => {
    const stranger = new FormBrowser(t.url);
    const csrf = await stranger.csrf('/login');
    const res = await stranger.post(`${PAGE}/star`, { csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
  });

  it("never puts a reader's controls into the page kept for everyone", async () => {
    // the reader's page is built first, then the anonymous one, then the reader's again
    await reader.get(PAGE);
    const shared = textOf(await (await fetch(`${t.url}${PAGE}`, { headers: { accept: 'text/html' } })).text());
    // only a CSRF cookie (a browser that has seen /login): still the shared page
    const csrfOnly = new FormBrowser(t.url);
    await csrfOnly.csrf('/login');
    const res = await csrfOnly.get(PAGE);
    expect(res.headers.get('cache-control')).toMatch(/public/);
    for (const html of [shared, textOf(await res.text())]) {
      expect(html).toContain('Sign in to star');
      expect(html).not.toMatch(/Unstar|Edit your review|name="csrf"|aria-pressed/);
      // the review itself is public, the form is not
      expect(html).toContain('<p>Slower lately</p>');
      expect(html).not.toContain('Slower lately</textarea>');
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { goodManifest, startManifestServer } from '../helpers/manifests.js';
import { FormBrowser, html } from '../helpers/form-browser.js';
import { signedIn, staffUser, submitThroughApi } from '../helpers/staff.js';

/** Issue 15, the reviewer and admin pages: the queue and its decisions, moderation, curation, the audit log. */
// the pages link the browser files `vite build` makes
needsBuild();
let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
const auth: Record<'author' | 'reviewer' | 'admin' | 'user', Record<string, string>> = {} as never;
const as: Record<'reviewer' | 'other' | 'admin' | 'user', FormBrowser> = {} as never;
let waiting: string;

beforeAll(async () => {
  manifests = await startManifestServer({ '/1.0.0.yaml': goodManifest('1.0.0'), '/1.1.0.yaml': goodManifest('1.1.0') });
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, writesPerKey: 10_000, writesPerIp: 10_000 });
  auth.author = (await t.user('user', 'an-author')).auth;
  auth.reviewer = (await staffUser(t, 'reviewer', 'rita')).auth;
  auth.admin = (await staffUser(t, 'admin', 'adam')).auth;
  auth.user = (await staffUser(t, 'user', 'uma')).auth;
  await staffUser(t, 'reviewer', 'otto');
  [as.reviewer, as.other, as.admin, as.user] = await Promise.all([signedIn(t, 'rita'), signedIn(t, 'otto'), signedIn(t, 'adam'), signedIn(t, 'uma')]);
  waiting = await submitThroughApi(t, auth.author, `${manifests.base}/1.0.0.yaml`, 'staff-waiting');
});
afterAll(async () => {
  await t.close();
  await manifests.close();
});

const statusOf = async (id: string) => (await t.graphql<{ submission: { status: string } }>('query($id: ID!) { submission(id: $id) { status } }', { id }, auth.admin)).body.data?.submission.status;

describe('who reaches which page', () => {
  const pages = () => ({
    '/review': ['reviewer', 'admin'],
    [`/review/${waiting}`]: ['reviewer', 'admin'],
    '/moderation': ['reviewer', 'admin'],
    '/admin/plugins/openai-plugin': ['admin'],
    '/admin/audit': ['admin'],
  });

  it('sends a signed-out browser to the sign-in page, coming back afterwards', async () => {
    for (const path of Object.keys(pages())) {
      const res = await new FormBrowser(t.url).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('answers each role its pages (never kept by a cache) and a 403 page with the refusal to the others', async () => {
    for (const [path, allowed] of Object.entries(pages())) {
      for (const role of ['user', 'reviewer', 'admin'] as const) {
        const res = await as[role].get(path);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        expect(res.headers.get('cache-control'), `${role} ${path}`).toBe('no-store');
        const body = await html(res);
        if (!allowed.includes(role)) expect(body, `${role} ${path}`).toMatch(/<h1>Not allowed<\/h1>.*role="alert">[^<]+</s);
      }
    }
    // the API's own words where it refuses the data: a user may not read the moderation queue
    expect(await as.user.html('/moderation')).toContain('only a reviewer may do this');
    expect(await as.reviewer.html('/admin/audit')).toContain('only an admin may do this');
  });

  it('links the staff pages in the layout only for those whose role allows them', async () => {
    const links = async (browser: FormBrowser) => {
      const nav = /<nav aria-label="Site">(.*?)<\/nav>/s.exec(await browser.html('/settings'))![1];
      return ['/review', '/moderation', '/admin/plugins', '/admin/audit'].filter((href) => nav.includes(`href="${href}"`));
    };
    expect(await links(as.user)).toEqual([]);
    expect(await links(as.reviewer)).toEqual(['/review', '/moderation']);
    expect(await links(as.admin)).toEqual(['/review', '/moderation', '/admin/plugins', '/admin/audit']);
    // the public pages are the same for everyone (and cached as such): no staff links
    expect(await as.admin.html('/plugins/openai-plugin')).not.toContain('href="/review"');
  });
});

describe('forms refuse a post without the CSRF token', () => {
  it('refuses every staff action without a token, changing nothing', async () => {
    const category = async () => (await t.data<{ plugin: { category: string; verified: boolean } }>('{ plugin(id: "openai-plugin") { category verified } }')).plugin;
    const before = await category();
    for (const [path, form] of [
      [`/review/${waiting}/claim`, {}],
      [`/review/${waiting}/unclaim`, {}],
      [`/review/${waiting}/approve`, { notes: 'fine' }],
      [`/review/${waiting}/reject`, { notes: 'no' }],
      [`/review/${waiting}/request-changes`, { notes: 'fix' }],
      ['/moderation/1', { decision: 'hide', reason: 'spam' }],
      ['/admin/plugins/openai-plugin', { verified: '1', category: 'EXPERIMENTAL' }],
    ] as const) {
      for (const csrf of [undefined, 'x'.repeat(43)]) {
        const res = await as.admin.post(path, csrf ? { ...form, csrf } : form);
        expect(res.status, path).toBe(403);
        expect(await html(res), path).toContain('did not come from this site');
      }
    }
    expect(await statusOf(waiting)).toBe('PENDING_REVIEW');
    expect(await category()).toEqual(before);
  });
});

describe('the review queue and a submission', () => {
  it('lists what waits, filters by status and claimer, claims from the queue and shows the checks and manifest', async () => {
    const queue = await as.reviewer.html('/review');
    expect(queue).toContain(`href="/review/${waiting}"`);
    expect(queue).toContain('staff-waiting@1.0.0');
    expect(queue).toMatch(/\d+ submissions? pending review/);
    // claimed by nobody yet: the filter by claimer leaves it out
    expect(await as.reviewer.html('/review?status=all&claimed_by=rita')).not.toContain(`href="/review/${waiting}"`);

    const csrf = await as.reviewer.csrf('/review');
    const claimed = await as.reviewer.post(`/review/${waiting}/claim`, { csrf });
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get('location')).toBe(`/review/${waiting}`);
    expect(await statusOf(waiting)).toBe('IN_REVIEW');
    expect(await as.reviewer.html('/review?status=in_review&claimed_by=rita')).toContain(`href="/review/${waiting}"`);
    expect(await as.reviewer.html('/review')).not.toContain(`href="/review/${waiting}"`);

    const page = await as.reviewer.html(`/review/${waiting}`);
    expect(page).toContain('In review');
    expect(page).toContain('<dt>Claimed by</dt><dd>rita</dd>');
    // every automated check with its details, the fetched manifest, and the submission as sent
    for (const check of ['manifest-fetch', 'manifest-schema', 'manifest-match', 'lookalike-name']) expect(page).toContain(`<th scope="row">${check}</th>`);
    expect(page).toMatch(/fetched \d+ bytes from/);
    expect(page).toContain('provider_type: my-provider');
    expect(page).toContain('A new plugin: no earlier version to compare with.');
    expect(page).toContain('you@example.com');
  });

  it('shows the API refusal beside the form: another reviewer cannot decide on a claimed one, empty notes are refused', async () => {
    const csrf = await as.other.csrf(`/review/${waiting}`);
    const taken = await as.other.post(`/review/${waiting}/approve`, { csrf, notes: 'looks fine' });
    expect(taken.status).toBe(409);
    const body = await html(taken);
    expect(body).toMatch(/action="\/review\/[^"]+\/approve".*id="approve-problem">[^<]*being reviewed by rita/s);
    // what was typed stays
    expect(body).toContain('>looks fine</textarea>');

    const empty = await as.reviewer.post(`/review/${waiting}/request-changes`, { csrf: await as.reviewer.csrf(`/review/${waiting}`), notes: '  ' });
    expect(empty.status).toBe(400);
    expect(await html(empty)).toMatch(/id="request-changes-notes"[^>]*aria-invalid="true".*id="request-changes-problem">notes: say why/s);
    expect(await statusOf(waiting)).toBe('IN_REVIEW');
  });

  it('unclaims, then approves: the plugin is published and the page links it', async () => {
    const csrf = await as.reviewer.csrf(`/review/${waiting}`);
    expect((await as.reviewer.post(`/review/${waiting}/unclaim`, { csrf })).status).toBe(303);
    expect(await statusOf(waiting)).toBe('PENDING_REVIEW');
    const approved = await as.reviewer.post(`/review/${waiting}/approve`, { csrf, notes: 'Thanks!' });
    expect(approved.status).toBe(303);
    expect(await statusOf(waiting)).toBe('APPROVED');
    const page = await as.reviewer.html(`/review/${waiting}`);
    expect(page).toContain('href="/plugins/staff-waiting"');
    expect(page).toContain('there is nothing left to decide');
    expect(page).not.toContain('Approve and publish');
    expect((await fetch(`${t.url}/plugins/staff-waiting`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('shows the conflict of interest: a reviewer who maintains the plugin is refused, with the diff against the current version', async () => {
    // the author now owns staff-waiting; rita maintains it, and the author submits 1.1.0
    const added = await t.graphql('mutation { addMaintainer(pluginId: "staff-waiting", username: "rita") { id } }', undefined, auth.author);
    expect(added.body.errors).toBeUndefined();
    const next = await submitThroughApi(t, auth.author, `${manifests.base}/1.1.0.yaml`, 'staff-waiting', '1.1.0');
    const page = await as.reviewer.html(`/review/${next}`);
    expect(page).toContain('Against version 1.0.0, the current one:');
    expect(page).toMatch(/<span class="diff-del">-\s+version: 1\.0\.0\n<\/span>/);
    expect(page).toMatch(/<span class="diff-add">\+\s+version: 1\.1\.0\n<\/span>/);
    const refused = await as.reviewer.post(`/review/${next}/approve`, { csrf: await as.reviewer.csrf(`/review/${next}`), notes: '' });
    expect(refused.status).toBe(403);
    expect(await html(refused)).toMatch(/id="approve-problem">you maintain staff-waiting: reviewing its submissions is for a reviewer with no stake in it/);
    expect(await statusOf(next)).toBe('PENDING_REVIEW');
    // another reviewer may
    const ok = await as.other.post(`/review/${next}/claim`, { csrf: await as.other.csrf(`/review/${next}`) });
    expect(ok.status).toBe(303);
    expect(await statusOf(next)).toBe('IN_REVIEW');
  });
});

describe('moderation', () => {
  it('lists reported reviews with the reports, refuses a hide without a reason beside the form, then hides and resolves', async () => {
    await t.graphql('mutation { reviewPlugin(id: "openai-plugin", rating: 1, comment: "Buy cheap pills at spam.example") { id } }', undefined, auth.author);
    const { plugin } = await t.data<{ plugin: { reviews: { nodes: { id: string; comment: string }[] } } }>('{ plugin(id: "openai-plugin") { reviews(first: 50) { nodes { id comment } } } }');
    const id = plugin.reviews.nodes.find((r) => r.comment.startsWith('Buy cheap'))!.id;
    const flagged = await t.graphql('mutation($id: ID!) { flagReview(id: $id, reason: "spam link") { id } }', { id }, auth.user);
    expect(flagged.body.errors).toBeUndefined();

    const queue = await as.reviewer.html('/moderation');
    expect(queue).toContain('Buy cheap pills');
    expect(queue).toMatch(/spam link <span class="muted">— uma/);
    expect(queue).toContain(`action="/moderation/${id}"`);

    const csrf = await as.reviewer.csrf('/moderation');
    const empty = await as.reviewer.post(`/moderation/${id}`, { csrf, decision: 'hide', reason: '' });
    expect(empty.status).toBe(400);
    expect(await html(empty)).toMatch(new RegExp(`id="moderate-problem-${id}">reason: say why`));

    const hidden = await as.reviewer.post(`/moderation/${id}`, { csrf, decision: 'hide', reason: 'spam' });
    expect(hidden.status).toBe(303);
    expect(await as.reviewer.html('/moderation')).not.toContain('Buy cheap pills');
    const audit = await as.admin.html(`/admin/audit?target=review%3A${id}`);
    expect(audit).toContain('<code>review.hide</code>');
    expect(audit).toContain('<code>review.flag</code>');
  });
});

describe('curation', () => {
  it('sets the verified badge and the category; a reviewer is refused', async () => {
    const csrf = await as.admin.csrf('/admin/plugins/ollama-plugin');
    const before = await t.data<{ plugin: { verified: boolean } }>('{ plugin(id: "ollama-plugin") { verified } }');
    const res = await as.admin.post('/admin/plugins/ollama-plugin', { csrf, ...(before.plugin.verified ? {} : { verified: '1' }), category: 'EXPERIMENTAL' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/plugins/ollama-plugin?saved=1');
    const after = await t.data<{ plugin: { verified: boolean; category: string } }>('{ plugin(id: "ollama-plugin") { verified category } }');
    expect(after.plugin).toEqual({ verified: !before.plugin.verified, category: 'EXPERIMENTAL' });
    const page = await as.admin.html('/admin/plugins/ollama-plugin?saved=1');
    expect(page).toContain('Saved.');
    expect(page).toMatch(/<option value="EXPERIMENTAL" selected="">/);

    expect((await as.admin.get('/admin/plugins?id=ollama-plugin')).headers.get('location')).toBe('/admin/plugins/ollama-plugin');
    expect((await as.admin.get('/admin/plugins/no-such-plugin')).status).toBe(404);
    const bad = await as.admin.post('/admin/plugins/ollama-plugin', { csrf, category: 'NOPE' });
    expect(bad.status).toBe(400);

    const refused = await as.reviewer.post('/admin/plugins/ollama-plugin', { csrf: await as.reviewer.csrf('/settings'), category: 'OFFICIAL' });
    expect(refused.status).toBe(403);
    expect((await t.data<{ plugin: { category: string } }>('{ plugin(id: "ollama-plugin") { category } }')).plugin.category).toBe('EXPERIMENTAL');
  });
});

describe('the audit log', () => {
  it('filters by actor, action (or a kind of action), target and day, and pages with cursors', async () => {
    const em = t.em();
    for (let i = 0; i < 60; i++) t.app.services.audit.record(em, null, 'test.entry', `test:${i % 2 ? 'odd' : 'even'}`, { i });
    await em.flush();
    const rows = (html: string) => (html.match(/<code>test\.entry<\/code>/g) ?? []).length;

    const first = await as.admin.html('/admin/audit?action=test.entry');
    expect(first).toContain('60 entries, newest first');
    expect(rows(first)).toBe(50);
    const older = /href="(\/admin\/audit\?action=test\.entry&amp;after=[^"]+)">Older entries/.exec(first)![1].replace(/&amp;/g, '&');
    const second = await as.admin.html(older);
    expect(rows(second)).toBe(10);
    expect(second).not.toContain('Older entries');
    expect(second).toContain('>Newest</a>');

    expect(await as.admin.html('/admin/audit?target=test%3Aodd&action=test.entry')).toContain('30 entries');
    expect(rows(await as.admin.html('/admin/audit?action=test.*'))).toBe(50);
    const mine = await as.admin.html('/admin/audit?actor=rita');
    expect(mine).toContain('<code>submission.approve</code>');
    expect(mine).not.toContain('<code>test.entry</code>');
    expect(mine).not.toMatch(/<td><a href="\/admin\/audit\?actor=(?!rita)/);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await as.admin.html(`/admin/audit?action=test.entry&since=${today}&until=${today}`)).toContain('60 entries');
    expect(await as.admin.html(`/admin/audit?action=test.entry&since=${tomorrow}`)).toContain('0 entries');
    expect(await as.admin.html(`/admin/audit?action=test.entry&until=${yesterday}`)).toContain('0 entries');

    const badDay = await as.admin.get('/admin/audit?since=yesterday');
    expect(badDay.status).toBe(400);
    expect(await html(badDay)).toMatch(/id="audit-since"[^>]*aria-invalid="true"/);
    const badAction = await as.admin.get('/admin/audit?action=DROP%20TABLE');
    expect(badAction.status).toBe(400);
    expect(await html(badAction)).toContain('action: an action such as submission.approve');
    const badCursor = await as.admin.get('/admin/audit?after=nope');
    expect(badCursor.status).toBe(400);
  });
});

describe('the API under the pages', () => {
  it('shows review reports and why a review was hidden only to moderators', async () => {
    const query = '{ plugin(id: "openai-plugin") { reviews(first: 50) { nodes { comment pluginId hiddenReason reports { reason } } } } }';
    await t.graphql('mutation { reviewPlugin(id: "openai-plugin", rating: 2, comment: "Reported but visible") { id } }', undefined, auth.reviewer);
    const { plugin } = await t.data<{ plugin: { reviews: { nodes: { comment: string; id: string }[] } } }>('{ plugin(id: "openai-plugin") { reviews(first: 50) { nodes { id comment } } } }');
    const id = plugin.reviews.nodes.find((r) => r.comment === 'Reported but visible')!.id;
    await t.graphql('mutation($id: ID!) { flagReview(id: $id, reason: "rude") { id } }', { id }, auth.user);
    const seen = async (headers: Record<string, string>) =>
      (await t.graphql<{ plugin: { reviews: { nodes: { comment: string; pluginId: string; reports: { reason: string }[] }[] } } }>(query, {}, headers)).body.data!.plugin.reviews.nodes.find((r) => r.comment === 'Reported but visible')!;
    expect((await seen(auth.admin)).reports).toEqual([{ reason: 'rude' }]);
    expect((await seen(auth.user)).reports).toEqual([]);
    expect((await seen({})).reports).toEqual([]);
    expect((await seen({})).pluginId).toBe('openai-plugin');
  });

  it('refuses an audit window that ends before it starts, and a malformed action', async () => {
    const since = new Date().toISOString();
    const res = await t.graphql('query($s: DateTimeISO, $u: DateTimeISO) { auditLog(since: $s, until: $u) { totalCount } }', { s: since, u: since }, auth.admin);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toBe('until: must be later than since');
    const bad = await t.graphql('{ auditLog(action: "x%") { totalCount } }', {}, auth.admin);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

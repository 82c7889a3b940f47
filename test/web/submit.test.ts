import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { FormBrowser, type MultipartFields } from '../helpers/form-browser.js';
import { goodManifest, publishingSetup, sampleSubmission } from '../helpers/manifests.js';

/** Issue 15, the author's submission pages without JavaScript: /submit (form and upload), /submissions, /submissions/:id. */
// the pages link the browser files `vite build` makes
needsBuild();
let setup: Awaited<ReturnType<typeof publishingSetup>>;
let t: TestApp;
beforeAll(async () => {
  setup = await publishingSetup({ '/plugin.yaml': goodManifest('1.0.0') });
  t = setup.t;
});
afterAll(() => setup.close());

/** The shared no-JS browser, posting multipart as the submit form does unless told otherwise, and the account it signed up. */
class Browser extends FormBrowser {
  username = '';

  constructor() {
    super(t.url);
  }

  override post(path: string, fields: MultipartFields, encoding: 'multipart' | 'urlencoded' = 'multipart'): Promise<Response> {
    return encoding === 'multipart' ? this.postMultipart(path, fields) : super.post(path, fields as Record<string, string>);
  }
}

let users = 0;
async function signedIn(): Promise<Browser> {
  const browser = new Browser();
  const username = `author${++users}`;
  const res = await browser.post('/signup', { csrf: await browser.csrf('/signup'), username, displayName: username, email: `${username}@example.com`, password: 'a long enough password' }, 'urlencoded');
  expect(res.status).toBe(303);
  browser.username = username;
  return browser;
}

/** The form's fields for a good submission of `id`, its manifest pasted. */
function goodForm(id: string, version = '1.0.0', manifestVersion = version): Record<string, string> {
  return {
    'plugin.id': id,
    'plugin.name': 'My AI Provider Plugin',
    'plugin.provider_type': 'my-provider',
    'plugin.version': version,
    'plugin.description': 'Integration with My AI Provider',
    'plugin.author': 'Your Name <you@example.com>',
    'plugin.license': 'MIT',
    'plugin.homepage': 'https://github.com/you/my-plugin',
    'plugin.repository': 'https://github.com/you/my-plugin',
    'plugin.tags': 'ai, llm',
    'plugin.capabilities.streaming': 'on',
    'plugin.install.type': 'http',
    'plugin.install.manifest': goodManifest(manifestVersion),
    'plugin.install.docker_image': `you/my-plugin:${version}`,
    'submission.contact_email': 'you@example.com',
    'submission.notes': 'First release',
  };
}

/** The value attribute of the input named `name`, as the page renders it. */
function valueOf(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
}

async function submitted(browser: Browser, form: MultipartFields): Promise<string> {
  const res = await browser.post('/submit', { csrf: await browser.csrf('/submit'), ...form });
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/submissions\/sub-[0-9a-f]{12}$/);
  return location.slice('/submissions/'.length);
}

describe('/submit without JavaScript', () => {
  it('sends a signed-out visitor to sign in first, and back to /submit after', async () => {
    const res = await new Browser().get('/submit');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fsubmit');
  });

  it('shows the form with every field of a submission, labelled, and the "Submit a plugin" link', async () => {
    const res = await (await signedIn()).get('/submit');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<a href="/submit">Submit a plugin</a>');
    expect(html.toLowerCase()).toContain('enctype="multipart/form-data"');
    for (const name of ['plugin.id', 'plugin.version', 'plugin.license', 'plugin.install.manifest_url', 'plugin.install.docker_image', 'plugin.capabilities.vision', 'submission.contact_email', 'submission.test_endpoint', 'manifest_file', 'submission_file']) {
      expect(html, name).toContain(`name="${name}"`);
    }
    for (const [, id] of html.matchAll(/<(?:input|textarea|select)[^>]*\bid="(f-[^"]+)"/g)) expect(html).toContain(`for="${id}"`);
  });

  it('answers a bad form again with 400, each problem beside its field and what was typed kept', async () => {
    const browser = await signedIn();
    const res = await browser.post('/submit', { csrf: await browser.csrf('/submit'), ...goodForm('kept-values'), 'plugin.version': '1.0', 'plugin.license': 'CC-BY-NC-4.0', 'plugin.install.manifest': '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/id="f-plugin-version"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-plugin-version"/);
    expect(html).toMatch(/id="f-plugin-version-problem">must be a semantic version such as 1\.2\.0</);
    expect(html).toMatch(/id="f-plugin-license-problem">&quot;CC-BY-NC-4.0&quot; is not an OSI-approved license/);
    expect(html).toMatch(/id="f-plugin-install-manifest_url-problem">required \(or give the manifest itself as install\.manifest\)/);
    expect(valueOf(html, 'plugin.version')).toBe('1.0');
    expect(valueOf(html, 'plugin.id')).toBe('kept-values');
    expect(valueOf(html, 'plugin.author')).toBe('Your Name &lt;you@example.com&gt;');
    expect(html).toMatch(/name="plugin\.capabilities\.streaming" checked=""/);
  });

  it('submits the form with the manifest pasted: redirected to the submission, whose checks skip fetching it', async () => {
    const browser = await signedIn();
    const id = await submitted(browser, goodForm('pasted-manifest'));
    await t.checksIdle();
    const res = await browser.get(`/submissions/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('pending review');
    expect(html).toContain('given with the submission');
    for (const check of ['manifest-fetch', 'manifest-schema', 'manifest-match', 'secrets', 'lookalike-name']) expect(html).toContain(`<th scope="row">${check}</th>`);
    expect(html).toContain('Withdraw this submission');
    expect(html).not.toContain('Correct and resubmit');
  });

  it('shows the conformance run of an attached test report, each of its checks with its details', async () => {
    const browser = await signedIn();
    const report = {
      format: 'loom-plugin-test/1',
      endpoint: 'http://localhost:8090',
      started_at: '2026-11-30T10:00:00.000Z',
      finished_at: '2026-11-30T10:00:01.000Z',
      duration_ms: 1000,
      passed: true,
      plugin: { name: 'My AI Provider Plugin', version: '1.0.0', provider_type: 'my-provider' },
      summary: { pass: 1, warn: 1, fail: 0, skip: 0 },
      checks: [
        { id: 'health', title: 'Health check answers', status: 'pass', required: true, message: 'GET /health answered 200', duration_ms: 3 },
        { id: 'vision', title: 'Vision input', status: 'warn', required: false, message: 'images are ignored', fix: 'declare vision: false', duration_ms: 4 },
      ],
      load: [],
    };
    const id = await submitted(browser, { ...goodForm('with-report'), 'submission.test_report': JSON.stringify(report, null, 2) });
    await t.checksIdle();
    const html = await (await browser.get(`/submissions/${id}`)).text();
    expect(html).toContain('<th scope="row">conformance</th><td class="check-pass">');
    expect(html).toContain('<h2 id="conformance-heading">Conformance</h2>');
    expect(html).toMatch(/Passed<!-- -->: <!-- -->self-reported/);
    expect(html).toContain('Health check answers');
    expect(html).toContain('GET /health answered 200');
    expect(html).toMatch(/Fix: <!-- -->declare vision: false/);
  });

  it('submits the manifest as an uploaded file instead of pasted text', async () => {
    const browser = await signedIn();
    const form: MultipartFields = { ...goodForm('manifest-file'), 'plugin.install.manifest': '', manifest_file: { file: goodManifest('1.0.0'), name: 'plugin.yaml', type: 'application/yaml' } };
    const id = await submitted(browser, form);
    await t.checksIdle();
    const html = await (await browser.get(`/submissions/${id}`)).text();
    expect(html).toMatch(/given with the submission \(\d+ bytes\)/);
    expect(html).toContain('<th scope="row">manifest-match</th><td class="check-pass">');
  });

  it('takes an uploaded registry-submission.json, fetching its manifest_url', async () => {
    const browser = await signedIn();
    const doc = sampleSubmission(`${setup.manifests.base}/plugin.yaml`, { id: 'uploaded-doc' });
    const id = await submitted(browser, { submission_file: { file: JSON.stringify(doc), name: 'registry-submission.json', type: 'application/json' } });
    await t.checksIdle();
    const html = await (await browser.get(`/submissions/${id}`)).text();
    expect(html).toContain(`fetched `);
    expect(html).toContain(`${setup.manifests.base}/plugin.yaml`);
  });

  it('answers an uploaded file that is not JSON, or a bad one, with 400: a bad one fills the form to correct', async () => {
    const browser = await signedIn();
    const csrf = await browser.csrf('/submit');
    const notJson = await browser.post('/submit', { csrf, submission_file: { file: '{"plugin":', name: 'registry-submission.json' } });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain('registry-submission.json is not JSON');
    const doc = sampleSubmission(`${setup.manifests.base}/plugin.yaml`, { id: 'Bad Id' });
    const bad = await browser.post('/submit', { csrf, submission_file: { file: JSON.stringify({ ...doc, plugin: { ...doc.plugin, documentaton_url: 'https://x.test' } }), name: 'registry-submission.json' } });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(valueOf(html, 'plugin.id')).toBe('Bad Id');
    expect(html).toContain('id="f-plugin-id-problem"');
    expect(html).toContain('plugin.documentaton_url: unknown field');
  });

  it('answers an upload over the size limit with a page saying so (413), and a file sent as a text field as no value', async () => {
    const browser = await signedIn();
    const csrf = await browser.csrf('/submit');
    const big = await browser.post('/submit', { csrf, submission_file: { file: 'x'.repeat(600 * 1024), name: 'registry-submission.json' } });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('text/html');
    expect(await big.text()).toContain('That upload is too large');
    const odd = await browser.post('/submit', { csrf, ...goodForm('odd-field'), 'plugin.name': { file: 'a name', name: 'name.txt' } });
    expect(odd.status).toBe(400);
    expect(await odd.text()).toContain('id="f-plugin-name-problem"');
  });

  it('refuses a form without the CSRF token (403) and submits nothing', async () => {
    const browser = await signedIn();
    await browser.get('/submit');
    const res = await browser.post('/submit', { ...goodForm('forged'), csrf: 'x'.repeat(43) });
    expect(res.status).toBe(403);
    expect((await (await browser.get('/submissions')).text())).not.toContain('forged');
  });

  it('answers a refusal of the API (an id another publisher owns, a version already open) as a problem, 409', async () => {
    const browser = await signedIn();
    await submitted(browser, goodForm('taken-twice'));
    const again = await browser.post('/submit', { csrf: await browser.csrf('/submit'), ...goodForm('taken-twice') });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already open');
  });
});

describe('/submissions and /submissions/:id', () => {
  it('lists only the author’s own submissions with their status', async () => {
    const ada = await signedIn();
    const bob = await signedIn();
    await submitted(ada, goodForm('adas-plugin'));
    await submitted(bob, goodForm('bobs-plugin'));
    const html = await (await ada.get('/submissions')).text();
    expect(html).toContain('adas-plugin');
    expect(html).not.toContain('bobs-plugin');
    expect(html).toContain('pending review');
  });

  it('withdraws with the CSRF token; without it, or as another user, nothing happens (403, 404)', async () => {
    const ada = await signedIn();
    const id = await submitted(ada, goodForm('to-withdraw'));
    const csrf = await ada.csrf(`/submissions/${id}`);
    expect((await ada.post(`/submissions/${id}/withdraw`, { csrf: 'y'.repeat(43) }, 'urlencoded')).status).toBe(403);

    const other = await signedIn();
    expect((await other.get(`/submissions/${id}`)).status).toBe(404);
    const refused = await other.post(`/submissions/${id}/withdraw`, { csrf: await other.csrf('/submit') }, 'urlencoded');
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain(`No submission “${id}”`);

    // a reviewer sees it, but only its submitter withdraws it
    const reviewer = new Browser();
    reviewer.cookies.set('loom_session', setup.reviewer.key);
    expect((await reviewer.get(`/submissions/${id}`)).status).toBe(200);
    const staff = await reviewer.post(`/submissions/${id}/withdraw`, { csrf: await reviewer.csrf('/submit') }, 'urlencoded');
    expect(staff.status).toBe(403);
    expect(await staff.text()).toContain('only the submitter can withdraw a submission');

    const res = await ada.post(`/submissions/${id}/withdraw`, { csrf }, 'urlencoded');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/submissions/${id}`);
    const html = await (await ada.get(`/submissions/${id}`)).text();
    expect(html).toContain('<dd id="submission-status">withdrawn</dd>');
    expect(html).not.toContain('Withdraw this submission');
  });

  it('resubmits a submission the checks sent back, from an edit form prefilled with it', async () => {
    const ada = await signedIn();
    // the manifest says 9.9.9, the submission 1.0.0: the checks send it back
    const id = await submitted(ada, goodForm('to-correct', '1.0.0', '9.9.9'));
    await t.checksIdle();
    const page = await (await ada.get(`/submissions/${id}`)).text();
    expect(page).toContain('changes requested');
    expect(page).toContain('Automated checks failed: manifest-match');
    expect(page).toContain(`href="/submissions/${id}/edit"`);

    const edit = await ada.get(`/submissions/${id}/edit`);
    expect(edit.status).toBe(200);
    const form = await edit.text();
    expect(valueOf(form, 'plugin.id')).toBe('to-correct');
    expect(form).toMatch(/name="plugin\.id"[^>]*readOnly|readOnly[^>]*name="plugin\.id"/i);
    expect(valueOf(form, 'plugin.version')).toBe('1.0.0');
    expect(form).toContain('version: 9.9.9');

    const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1];
    const stillBad = await ada.post(`/submissions/${id}/edit`, { csrf, ...goodForm('to-correct', '1.0.0', '9.9.9'), 'plugin.version': 'one' });
    expect(stillBad.status).toBe(400);
    expect(await stillBad.text()).toContain('id="f-plugin-version-problem"');

    const other = await signedIn();
    expect((await other.post(`/submissions/${id}/edit`, { csrf: await other.csrf('/submit'), ...goodForm('to-correct') })).status).toBe(404);

    const res = await ada.post(`/submissions/${id}/edit`, { csrf, ...goodForm('to-correct', '1.0.0', '1.0.0') });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/submissions/${id}`);
    await t.checksIdle();
    const after = await (await ada.get(`/submissions/${id}`)).text();
    expect(after).toContain('<dd id="submission-status">pending review</dd>');
    // the history: submitted, sent back by the checks (saying which failed), resubmitted, checked again
    const items = /<ol class="history">(.*?)<\/ol>/.exec(after)![1].split('</li>').filter(Boolean);
    const history = items.map((li) => li.replace(/<[^>]+>/g, '').replace(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC /, ''));
    expect(history).toEqual([`submitted by ${ada.username}`, 'automated checks ran: failed: manifest-match', `resubmitted by ${ada.username}`, 'automated checks ran']);
    expect(after).toContain('<th scope="row">manifest-match</th><td class="check-pass">');
  });

  it('answers a submission that does not exist with 404, and sends the signed-out to sign in', async () => {
    const ada = await signedIn();
    expect((await ada.get('/submissions/sub-000000000000')).status).toBe(404);
    const res = await new Browser().get('/submissions/sub-000000000000');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fsubmissions%2Fsub-000000000000');
  });
});

describe('the API behind the pages', () => {
  it('validateSubmission answers every problem by field, anonymously, from the same schema; none for a good document', async () => {
    const doc = sampleSubmission('https://example.com/plugin.yaml');
    const query = 'query ($s: JSONObject!) { validateSubmission(submission: $s) { field message } }';
    const good = await t.data<{ validateSubmission: unknown[] }>(query, { s: doc });
    expect(good.validateSubmission).toEqual([]);
    const bad = await t.data<{ validateSubmission: { field: string; message: string }[] }>(query, { s: { ...doc, plugin: { ...doc.plugin, version: 'v1', tags: ['ok', 'Not OK'] } } });
    expect(bad.validateSubmission).toEqual([
      { field: 'plugin.version', message: 'must be a semantic version such as 1.2.0' },
      { field: 'plugin.tags.1', message: expect.stringContaining('"Not OK": tags are lowercase slugs') },
    ]);
    const { install } = doc.plugin;
    const inline = { ...doc, plugin: { ...doc.plugin, install: { type: install.type, manifest: goodManifest('2.0.0') } } };
    const mismatch = await t.data<{ validateSubmission: { field: string; message: string }[] }>(query, { s: inline });
    expect(mismatch.validateSubmission).toEqual([{ field: 'plugin.install.manifest', message: 'metadata.version is 2.0.0, the submission says 1.0.0' }]);
    // a dry run is answered afresh each time, never from (nor into) the response cache
    const fromCache = async () => Number(/^graphql_responses_from_cache_total (\d+)/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1] ?? 0);
    const before = await fromCache();
    await t.data(query, { s: doc });
    await t.data(query, { s: doc });
    expect(await fromCache()).toBe(before);
    const broken = await t.data<{ validateSubmission: { field: string; message: string }[] }>(query, { s: { ...inline, plugin: { ...inline.plugin, install: { type: 'http', manifest: 'metadata: [' } } } });
    expect(broken.validateSubmission).toEqual([{ field: 'plugin.install.manifest', message: expect.stringContaining('not valid YAML or JSON') }]);
  });

  const post = (path: string, body: unknown, headers: Record<string, string>) => setup.api.request('POST', path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('REST takes the manifest inline, refuses it beside a manifest_url, and publishes it with the registry as its source', async () => {
    const doc = sampleSubmission('https://example.com/plugin.yaml', { id: 'inline-rest' });
    const { install } = doc.plugin;
    const both = await post('/api/v1/plugins', { ...doc, plugin: { ...doc.plugin, install: { ...install, manifest: goodManifest() } } }, setup.publisher.auth);
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields).toEqual([{ field: 'plugin.install.manifest', message: 'give the manifest or its manifest_url, not both' }]);

    const manifest = goodManifest();
    const res = await post('/api/v1/plugins', { ...doc, plugin: { ...doc.plugin, install: { type: 'http', manifest } } }, setup.publisher.auth);
    expect(res.status).toBe(202);
    await t.checksIdle();
    const id = res.body.submission_id;
    expect((await post(`/api/v1/submissions/${id}/approve`, {}, setup.reviewer.auth)).status).toBe(200);
    const served = await fetch(`${t.url}/api/v1/plugins/inline-rest/versions/1.0.0/manifest`);
    expect(await served.text()).toBe(manifest);
    const { plugin } = await t.data<{ plugin: { install: { sourceUrl: string } } }>('{ plugin(id: "inline-rest") { install { sourceUrl } } }');
    expect(plugin.install.sourceUrl).toBe(`${t.url}/api/v1/plugins/inline-rest/versions/1.0.0/manifest`);
  });
});

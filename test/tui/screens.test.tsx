import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ServerSource } from '../../cli/sources/server.js';
import { StaticSource } from '../../cli/sources/static.js';
import { App } from '../../cli/tui/app.js';
import { Registry } from '../../cli/tui/registry.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { entry, Loom } from '../helpers/cli.js';
import { waitForText } from '../helpers/tui.js';

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';
const RIGHT = '\u001b[C';
const BACKSPACE = '\u007f';
const CTRL_U = '\u0015';

let t: TestApp;
const homes: Loom[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const h of homes) h.remove();
  await t.close();
});

function open(options: { token?: string; sources?: Parameters<Loom['sources']>[0]; size?: { columns: number; rows: number }; env?: Record<string, string> } = {}) {
  const loom = new Loom().sources(options.sources ?? [{ name: 'official', url: t.url, ...(options.token ? { auth: { type: 'token', token: options.token } } : {}) }]);
  homes.push(loom);
  const registry = new Registry({ LOOM_HOME: loom.home, HOME: loom.home, LOOM_SYSTEM_REGISTRY: loom.path('none'), ...options.env }, loom.home);
  const ui = render(<App registry={registry} color={false} />);
  if (options.size) {
    // A terminal of a known size, before the first results arrive: the UI follows the resize.
    Object.defineProperties(ui.stdout, { columns: { value: options.size.columns }, rows: { value: options.size.rows } });
    ui.stdout.emit('resize');
  }
  const screen = (text: Parameters<typeof waitForText>[1], timeoutMs?: number) => waitForText(ui.lastFrame, text, timeoutMs);
  const press = async (...keys: string[]) => {
    for (const k of keys) ui.stdin.write(k);
  };
  /** Types text into the box one key at a time, as a person would. */
  const type = (text: string) => press(...text);
  return { loom, ui, screen, press, type };
}

const SMALL = { columns: 80, rows: 24 };
const lines = (frame: string) => frame.split('\n');

describe('the browser', () => {
  it('searches as you type, opens a detail with versions, reviews and a sparkline, and installs', async () => {
    const { loom, ui, screen, press } = open();
    await screen('openai-plugin');
    await press('o', 'l', 'l', 'a');
    let frame = await screen(/1 plugin ·/);
    expect(frame).toContain('ollama-plugin');
    expect(frame).not.toContain('openai-plugin');
    await press(ENTER);
    await screen('▸ Ollama Provider');
    await press(ENTER);
    frame = await screen(/Reviews \(\d+\)/);
    expect(frame).toMatch(/in 30 days [▁▂▃▄▅▆▇█]{30}/);
    expect(frame).toContain('no (i installs)');
    await press('G');
    frame = await screen(/Versions \(6\)/);
    expect(frame).toMatch(/1\.2\.1 +\d{4}-\d\d-\d\d \(yanked: /);
    await press('g');
    await screen('no (i installs)');
    await press('i');
    frame = await screen('Installed ollama-plugin');
    expect(fs.existsSync(loom.path('plugins', 'ollama-plugin', 'plugin.json'))).toBe(true);
    await screen('1.2.2 (up to date)');
    await press(ESC);
    await screen(/● 1\.2\.2/);
    ui.unmount();
  });

  it('counts every key of a burst: 20 j sent at once move 20 rows, and f f f f cycles four categories', async () => {
    const { ui, screen, press } = open({ size: { columns: 100, rows: 40 } });
    let frame = await screen('openai-plugin');
    await press(ENTER);
    frame = await screen('▸ ');
    const rows = lines(frame);
    const order = rows.slice(rows.findIndex((l) => l.startsWith('▸ '))).map((l) => l.slice(2, 40));
    await press('j'.repeat(20));
    frame = await screen(`▸ ${order[20]}`);
    await press('kkk');
    frame = await screen(`▸ ${order[17]}`);
    await press('ffff');
    await screen(/\d+ plugins · cat:enterprise/);
    await press('ff');
    await screen(/34 plugins · sort/);
    ui.unmount();
  });

  it('asks before removing, and removes on y', async () => {
    const { loom, ui, screen, press } = open();
    await loom.plugin(['install', 'groq-plugin'], 0, { env: { LOOM_REGISTRY_URL: t.url } });
    await press('g', 'r', 'o', 'q', ENTER);
    // the search's one result, installed: the first list (before the query) shows groq-plugin installed too
    await screen(/1 plugin ·[\s\S]*▸ Groq Provider +groq-plugin +● 1\./);
    await press('x');
    await screen('Remove groq-plugin');
    await press('n');
    await screen('kept groq-plugin');
    await press('x');
    await screen('Remove groq-plugin');
    await press('y');
    await screen('Removed groq-plugin');
    expect(fs.existsSync(loom.path('plugins', 'groq-plugin'))).toBe(false);
    ui.unmount();
  });

  it('says a review needs a login when there is no key, and saves one when there is', async () => {
    const anonymous = open();
    await anonymous.screen('openai-plugin');
    await anonymous.press(DOWN, 'r');
    await anonymous.screen('needs an API key: run "loom plugin login --source official"');
    anonymous.ui.unmount();

    const { key } = await t.user('user');
    const { ui, screen, press } = open({ token: key });
    await screen('openai-plugin');
    await press('m', 'i', 's', 't', 'r', 'a', 'l', ENTER);
    await screen('▸ Mistral');
    await press('r');
    await screen('Review mistral-plugin');
    await press('4', 'S', 'o', 'l', 'i', 'd');
    await screen('comment Solid');
    await press(ENTER);
    await screen('Saved your 4★ review of mistral-plugin');
    const data = await t.data<{ plugin: { reviews: { nodes: { rating: number; comment: string }[] } } }>('{ plugin(id: "mistral-plugin") { reviews(first: 1) { nodes { rating comment } } } }');
    expect(data.plugin.reviews.nodes[0]).toEqual({ rating: 4, comment: 'Solid' });
    await press('s');
    await screen('Starred mistral-plugin');
    ui.unmount();
  });

  it('filters by category and capability typed in the box, and says what an unknown word means instead of asking', async () => {
    const { ui, screen, press, type } = open({ size: SMALL });
    await screen('openai-plugin');
    await type('cat:community has:vision');
    let frame = await screen(/5 plugins · cat:community · has:vision/);
    for (const id of ['lm-studio-plugin', 'openrouter-plugin', 'xai-grok-plugin', 'replicate-plugin', 'localai-plugin']) expect(frame).toContain(id);
    expect(frame).not.toContain('openai-plugin');

    await type(' has:telepathy');
    frame = await screen('no capability "telepathy": has: takes streaming, function_calling, vision');
    // Nothing was asked: the last results stay.
    expect(frame).toContain('5 plugins · cat:community · has:vision');
    await press(...Array.from(' has:telepathy', () => BACKSPACE));
    frame = await screen('has:vision█');
    expect(frame).not.toContain('telepathy');
    ui.unmount();
  });

  it('cycles the category with f, showing the filters in the status line and the help', async () => {
    const { ui, screen, press } = open({ size: SMALL });
    await screen('openai-plugin');
    await press(ENTER, 'f');
    let frame = await screen(/6 plugins · cat:official/);
    expect(frame).toContain('ollama-plugin');
    expect(frame).not.toContain('groq-plugin');
    await press('f');
    frame = await screen(/8 plugins · cat:verified/);
    expect(frame).toContain('groq-plugin');
    await press('?');
    frame = await screen('Filtering now: cat:verified');
    expect(frame).toMatch(/f +cycle category/);
    await press(ESC);
    await screen('▸ ');
    await press('f', 'f', 'f', 'f');
    await screen(/34 plugins · sort/);
    ui.unmount();
  });

  it('shows the dependencies of the selected plugin (with what is installed here) and the plugins that use it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-folder-'));
    const plugins = [
      entry('app-plugin', '1.0.0', { dependencies: { 'base-plugin': '^1.0.0', 'extra-plugin': '^2.0.0' }, conflicts: { 'old-plugin': '<2.0.0' } }),
      entry('base-plugin', '1.2.0'),
    ];
    fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ version: '1.0', plugins }));
    const { ui, screen, type, press } = open({ sources: [{ name: 'folder', url: `file://${dir}` }], size: { columns: 150, rows: 60 } });
    await screen('base-plugin');
    await type('app');
    await screen(/1 plugin ·/);
    await press(ENTER, ENTER);
    let frame = await screen('Dependencies (2)');
    expect(frame).toContain('base-plugin ^1.0.0 · not installed');
    expect(frame).toContain('extra-plugin ^2.0.0 · not installed');
    expect(frame).toContain('conflicts with old-plugin <2.0.0');
    expect(frame).toContain('no plugin depends on it');
    ui.unmount();
    const again = open({ sources: [{ name: 'folder', url: `file://${dir}` }], size: { columns: 150, rows: 60 } });
    await again.screen('base-plugin');
    await again.type('base');
    await again.screen(/1 plugin ·/);
    await again.press(ENTER, ENTER);
    frame = await again.screen('Used by (1)');
    expect(frame).toContain('app-plugin 1.0.0 needs ^1.0.0');
    expect(frame).toContain('Dependencies (0)');
    again.ui.unmount();
    fs.rmSync(dir, { recursive: true });
  });

  it('filters a registry.json folder in memory the same way', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-folder-'));
    const plugins = [
      entry('seeing-plugin', '1.0.0', { category: 'community', capabilities: { streaming: true, vision: true } }),
      entry('plain-plugin', '1.0.0', { capabilities: { streaming: true } }),
      entry('corporate-plugin', '1.0.0', { category: 'enterprise', capabilities: { vision: true } }),
    ];
    fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ version: '1.0', plugins }));
    const { ui, screen, type } = open({ sources: [{ name: 'folder', url: `file://${dir}` }] });
    await screen('corporate-plugin');
    await type('cat:community');
    // Without a category, a plugin counts as community, as the registry server files it on import.
    let frame = await screen(/2 plugins · cat:community/);
    expect(frame).toContain('plain-plugin');
    await type(' has:vision');
    frame = await screen(/1 plugin · cat:community · has:vision/);
    expect(frame).toContain('seeing-plugin');
    expect(frame).not.toContain('plain-plugin');
    ui.unmount();
    fs.rmSync(dir, { recursive: true });
  });

  it('scrolls a detail taller than an 80x24 terminal, keeping the header, the footer and the selection', async () => {
    const { ui, screen, press } = open({ size: SMALL });
    let frame = await screen('openai-plugin');
    await press(ENTER);
    frame = await screen(/▸ \S/);
    const selected = lines(frame).find((l) => l.startsWith('▸ '))!;
    await press(ENTER);
    frame = await screen(/── 1-18 of (\d+) · j\/k PgUp\/PgDn g\/G scroll/);
    const total = Number(/of (\d+) ·/.exec(frame)![1]);
    const title = lines(frame)[3];
    const rows = () => lines(frame);
    expect(rows()).toHaveLength(24);
    expect(rows()[0]).toMatch(/^loom \//);
    expect(rows()[23]).toMatch(/^j\/k scroll/);

    await press('j');
    frame = await screen('── 2-19 of');
    expect(frame).not.toContain(title);
    await press('\u001b[6~');
    // A page keeps one line of the one before.
    const paged = Math.min(1 + 17, total - 18);
    frame = await screen(`── ${paged + 1}-${paged + 18} of`);
    await press('G');
    frame = await screen(`── ${total - 17}-${total} of ${total}`);
    expect(frame).toMatch(/Versions \(\d+\)/);
    expect(rows()).toHaveLength(24);
    expect(rows()[0]).toMatch(/^loom \//);
    expect(rows()[23]).toMatch(/^j\/k scroll/);
    await press('k', 'g');
    frame = await screen('── 1-18 of');
    expect(frame).toContain(title);

    await press(ESC);
    frame = await screen(/Enter open/);
    expect(lines(frame).find((l) => l.startsWith('▸ '))).toBe(selected);
    ui.unmount();
  });

  it("starts the review form from the person's own review, and saves the edit", async () => {
    const editor = await t.user('user', 'editor');
    await t.graphql('mutation { reviewPlugin(id: "cohere-plugin", rating: 3, comment: "Too slow for us") { id } }', undefined, editor.auth);
    const { ui, screen, press, type } = open({ token: editor.key, size: SMALL });
    await screen('openai-plugin');
    await type('cohere');
    await press(ENTER);
    await screen('▸ Cohere');
    await press('r');
    let frame = await screen('Edit your review of cohere-plugin');
    expect(frame).toContain('comment Too slow for us');
    expect(frame).toMatch(/rating ★★★☆☆ 3\/5 \(1-5 or ←\/→; type to comment\)/);
    await press(RIGHT, CTRL_U);
    frame = await screen(/comment +│/);
    expect(frame).toContain('4/5');
    // The footer is the form's, not the list's.
    expect(lines(frame).at(-1)).toMatch(/^Enter save +Esc cancel +Tab\/↑\/↓ rating ⇄ comment +1-5\/←\/→ rating/);
    await press('5');
    await type('Fast now');
    await screen('comment Fast now█');
    await press(ENTER);
    await screen('Updated your 5★ review of cohere-plugin');
    const mine = await t.graphql<{ plugin: { viewerReview: { rating: number; comment: string } } }>('{ plugin(id: "cohere-plugin") { viewerReview { rating comment } } }', undefined, editor.auth);
    expect(mine.body.data!.plugin.viewerReview).toEqual({ rating: 5, comment: 'Fast now' });

    await press(ENTER);
    frame = await screen('you (r edits): Fast now');
    expect(frame.match(/Fast now/g)).toHaveLength(1);
    await press('r');
    frame = await screen('Edit your review of cohere-plugin');
    expect(frame).toContain('comment Fast now');
    await press(ESC);
    await screen('you (r edits)');
    ui.unmount();
  });

  it('shows errors in place when no source answers, and keeps running', async () => {
    const { ui, screen, press } = open({ sources: [{ name: 'down', url: 'http://127.0.0.1:1' }] });
    await screen(/cannot reach|could not be read|not answer/);
    await press('x');
    await screen('loom / x█');
    await press(ESC);
    await screen('loom / █');
    await press(ESC);
    await screen('q quit');
    await press('?');
    const frame = await screen('Keys (Esc or ? closes)');
    expect(frame).toContain('install');
    await press(ESC);
    await screen('loom /');
    ui.unmount();
  });
});

/** A registry server that can be made to stop answering: it closes every connection while `down`. */
async function flaky(target: string) {
  const state = { down: false, delayMs: 0 };
  const server = http.createServer(async (req, res) => {
    if (state.down) return void req.socket.destroy();
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const up = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { state, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the browser for daily use', () => {
  it('keeps the rows of the last answer marked stale while the server is down, shows the outcome of i beside the error, and recovers', async () => {
    const proxy = await flaky(t.url);
    const { ui, screen, press, type } = open({ sources: [{ name: 'official', url: proxy.url }], size: { columns: 60, rows: 15 } });
    await screen('openai-plugin');
    proxy.state.down = true;
    await type('groq');
    let frame = await screen('(stale)');
    expect(lines(frame).slice(1, 4).join(' ')).toContain('the rows below are from before (R retries)');
    expect(frame).toContain('openai-plugin');
    await press(ENTER, 'i');
    frame = await screen(/Installing openai-plugin…|could not|cannot|socket|ECONN/i);
    frame = await screen((f) => !f.includes('Installing'));
    // Both: why the list is old, and what became of the install.
    expect(frame).toContain('(stale)');
    expect(lines(frame).slice(1, 4).join('\n')).toMatch(/openai-plugin|official/);
    proxy.state.down = false;
    frame = await screen('▸ Groq Provider', 15_000);
    expect(frame).not.toContain('stale');
    await press('R');
    await screen('▸ Groq Provider');
    ui.unmount();
    await proxy.close();
  });

  it('turns the spinner while the server is slow, and shows a detail seen before at once on return', async () => {
    const proxy = await flaky(t.url);
    const { ui, screen, press, type } = open({ sources: [{ name: 'official', url: proxy.url }], size: SMALL });
    await screen('openai-plugin');
    await press(ENTER, ENTER);
    await screen('Reviews (');
    await press(ESC, '/');
    proxy.state.delayMs = 1500;
    await type('groq');
    const first = /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) loading…/.exec(await screen(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] loading…/))![1];
    await screen((f) => /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) loading…/.exec(f)?.[1] !== undefined && /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) loading…/.exec(f)![1] !== first);
    await screen('▸ Groq Provider');
    await press('\u0015');
    await screen('▸ OpenAI Provider');
    const seen = ui.frames.length;
    await press(ENTER, ENTER);
    await screen('Reviews (');
    // The detail came from the cache: no frame in between showed an empty pane.
    expect(ui.frames.slice(seen).some((f) => f.includes('│ loading…'))).toBe(false);
    ui.unmount();
    await proxy.close();
  });

  it('pages through a catalog of 250: the next page near the end, G to the real last row, each page read once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-many-'));
    const plugins = Array.from({ length: 250 }, (_, i) => entry(`p${String(i).padStart(3, '0')}-plugin`, '1.0.0', { downloads: 1000 - i }));
    fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ version: '1.0', plugins }));
    const reads = vi.spyOn(StaticSource.prototype, 'search');
    const asked = () => reads.mock.calls.map(([q]) => `${q.text ?? ''} after ${q.after ?? '-'} limit ${q.limit ?? 'all'}`);
    try {
      const { ui, screen, press } = open({ sources: [{ name: 'folder', url: `file://${dir}` }], size: SMALL });
      await screen('100 of 250 plugins');
      await press(ENTER, 'G');
      let frame = await screen('▸ p249-plugin');
      expect(frame).toContain('250 plugins');
      // G reads the 150 rows left once, from where the first page ended.
      expect(asked()).toEqual([' after - limit 100', ' after 100 limit all']);
      // A refresh reads the first page again, then the rest G asked for.
      await press('R');
      await screen(() => asked().length === 4);
      // "100 of 250 plugins" shows as soon as the first page is back: wait for the rest, with the cursor kept at the end
      frame = await screen('▸ p249-plugin');
      expect(frame).not.toContain('100 of 250');
      expect(asked().slice(2)).toEqual([' after - limit 100', ' after 100 limit all']);
      await press('g', '/', 'p', ENTER);
      await screen('100 of 250 plugins');
      await screen('▸ p000-plugin');
      await press('j'.repeat(95));
      frame = await screen('200 of 250 plugins');
      expect(frame).toContain('▸ p095-plugin');
      expect(asked().slice(4)).toEqual(['p after - limit 100', 'p after 100 limit 100']);
      ui.unmount();
    } finally {
      reads.mockRestore();
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('pages a registry server from its cursor: each page read once, appended, to the last match', async () => {
    const loom = new Loom().sources([{ name: 'official', url: t.url, type: 'loom-registry' }]);
    homes.push(loom);
    const registry = new Registry({ LOOM_HOME: loom.home, HOME: loom.home, LOOM_SYSTEM_REGISTRY: loom.path('none') }, loom.home);
    const reads = vi.spyOn(ServerSource.prototype, 'search');
    try {
      let results = await registry.search({ limit: 10 }, undefined);
      expect(results.rows).toHaveLength(10);
      while (results.next) results = await registry.more({ limit: 10 }, undefined, results);
      const ids = results.rows.map((r) => r.id);
      expect(ids).toHaveLength(results.total);
      expect(new Set(ids).size).toBe(ids.length);
      const afters = reads.mock.calls.map(([q]) => q.after);
      expect(afters).toHaveLength(Math.ceil(results.total / 10));
      expect(afters[0]).toBeUndefined();
      expect(new Set(afters).size).toBe(afters.length);
    } finally {
      reads.mockRestore();
    }
  });

  it('marks installed and outdated plugins, filters them with is:installed and is:outdated, and updates past a range with U', async () => {
    const { loom, ui, screen, press, type } = open({ size: { columns: 100, rows: 30 } });
    await loom.plugin(['install', 'groq-plugin@~1.1'], 0, { env: { LOOM_REGISTRY_URL: t.url } });
    await loom.plugin(['install', 'ollama-plugin'], 0, { env: { LOOM_REGISTRY_URL: t.url } });
    await screen('openai-plugin');
    await type('is:installed');
    let frame = await screen(/2 plugins · is:installed/);
    expect(frame).toMatch(/↑ 1\.2\.0 /);
    expect(frame).toMatch(/● 1\.2\.2 /);
    await press('\u0015');
    await type('is:outdated');
    frame = await screen(/1 plugin · is:outdated/);
    expect(frame).toContain('groq-plugin');
    await press(ENTER, ENTER);
    await screen('1.1.1 (~1.1) · 1.2.0 past the pin (U)');
    await press('u');
    await screen('groq-plugin 1.1.1 is the newest its range allows: U updates past it to 1.2.0');
    await press('U');
    await screen('Updated groq-plugin 1.1.1 → 1.2.0');
    await press(ESC);
    await screen(/0 plugins · is:outdated/);
    ui.unmount();
  });

  it('installs a version picked with V, pinned', async () => {
    const { loom, ui, screen, press, type } = open({ size: SMALL });
    await screen('openai-plugin');
    await type('groq');
    await press(ENTER);
    await screen('▸ Groq Provider');
    await press(ENTER);
    await screen(/Groq Provider groq-plugin[^]*no \(i installs\)/);
    await press('V');
    let frame = await screen('Install a version of groq-plugin');
    expect(lines(frame).at(-1)).toMatch(/^Enter install it +↑\/k up +↓\/j down +Esc close/);
    await press('j', 'j', ENTER);
    await screen('Installed groq-plugin 1.1.0');
    frame = await screen('1.1.0 (1.1.0) · 1.2.0 past the pin (U)');
    const lock = JSON.parse(fs.readFileSync(loom.path('plugins', 'installed.json'), 'utf8')) as { plugins: { id: string; version: string; requested: string }[] };
    expect(lock.plugins.find((p) => p.id === 'groq-plugin')).toMatchObject({ version: '1.1.0', requested: '1.1.0' });
    ui.unmount();
  });

  it('scrolls the help on a 60x15 terminal to the last key', async () => {
    const { ui, screen, press } = open({ size: { columns: 60, rows: 15 } });
    await screen('openai-plugin');
    await press(ENTER, '?');
    let frame = await screen(/── 1-\d+ of (\d+) · j\/k scroll/);
    expect(frame).not.toContain('cycle source');
    expect(lines(frame).at(-1)).toMatch(/^j\/k scroll +Esc\/\?\/q close/);
    await press('j'.repeat(30));
    frame = await screen('cycle source');
    await press('q');
    await screen('Enter open');
    ui.unmount();
  });

  it('shows the manifest with M, with its own keys, and goes back to the detail with Esc', async () => {
    const { ui, screen, press, type } = open({ size: SMALL });
    await screen('openai-plugin');
    await type('groq');
    await press(ENTER);
    await screen('▸ Groq Provider');
    await press(ENTER);
    await screen(/Groq Provider groq-plugin/);
    await press('M');
    const frame = await screen('Manifest of groq-plugin 1.2.0');
    expect(frame).toMatch(/groq/i);
    expect(lines(frame).at(-1)).toMatch(/^j\/k scroll +PgDn page down +PgUp page up +Esc close/);
    await press(ESC);
    await screen('Reviews (');
    ui.unmount();
  });

  it('scrolls with the mouse wheel and opens a row clicked twice', async () => {
    const { ui, screen, press } = open({ size: SMALL });
    await screen('openai-plugin');
    await press(ENTER);
    await screen('▸ OpenAI Provider');
    // SGR reports: wheel down at (10,10), then the left button on the screen's 6th row, the list's 3rd
    await press('\u001b[<65;10;10M');
    await screen('▸ Google Gemini');
    await press('\u001b[<0;10;6M', '\u001b[<0;10;6m');
    await screen('▸ Anthropic Clau');
    await press('\u001b[<0;10;6M');
    await screen(/Anthropic Claude Provider anthropic-plugin/);
    ui.unmount();
  });

  it('shows more reviews with m when the detail holds fewer than the plugin has', async () => {
    const { ui, screen, press, type } = open({ size: { columns: 100, rows: 60 } });
    await screen('openai-plugin');
    await type('ollama');
    await press(ENTER);
    await screen('▸ Ollama Provider');
    await press(ENTER);
    let frame = await screen('… 1 more (m shows more)');
    expect(frame).toContain('Reviews (4)');
    expect(frame).not.toContain('tobias_r');
    await press('m');
    frame = await screen('tobias_r: Perfect for air-gapped dev boxes.');
    expect(frame).not.toContain('m shows more');
    ui.unmount();
  });

  it('opens the homepage with o and copies the install command with y', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bin-'));
    const script = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    script('browser', `echo "$1" > ${bin}/opened`);
    script('wl-copy', `cat > ${bin}/copied`);
    const { ui, screen, press, type } = open({ env: { BROWSER: path.join(bin, 'browser'), PATH: `${bin}:${process.env.PATH}` } });
    await screen('openai-plugin');
    await type('groq');
    await press(ENTER);
    await screen('▸ Groq Provider');
    await press('o');
    await screen('Opened https://github.com/groq/loom-groq-plugin');
    await expect.poll(() => fs.existsSync(path.join(bin, 'opened')) && fs.readFileSync(path.join(bin, 'opened'), 'utf8')).toBe('https://github.com/groq/loom-groq-plugin\n');
    await press('y');
    await screen('Copied to the clipboard: loom plugin install groq-plugin');
    expect(fs.readFileSync(path.join(bin, 'copied'), 'utf8')).toBe('loom plugin install groq-plugin');
    ui.unmount();
    fs.rmSync(bin, { recursive: true });
  });

  it('keeps every id and the install command whole at 120 columns, titles the columns and marks the sort', async () => {
    const { ui, screen, press, type } = open({ size: { columns: 120, rows: 40 } });
    let frame = await screen('openai-compatible-proxy-plugin');
    expect(frame).toContain('cloudflare-workers-ai-plugin');
    expect(frame).toMatch(/ID +VERSION +RATING/);
    expect(frame).toMatch(/★★★★★ 4\.\d/);
    await press(ENTER, 'S');
    frame = await screen('sort downloads');
    expect(frame).toMatch(/RATING +DL▼/);
    await press(ESC);
    await type('openai-compatible');
    await press(ENTER);
    frame = await screen('loom plugin install openai-compatible-proxy-plugin');
    ui.unmount();
  });

  it('shows s star and ? help in the footer of an 80-column terminal, and the empty state inside the list', async () => {
    const { ui, screen, press, type } = open({ size: SMALL });
    await screen('openai-plugin');
    await press(ENTER);
    const frame = await screen('Enter open');
    const footer = lines(frame).at(-1)!;
    expect(footer).toContain('s star');
    expect(footer).toContain('? help');
    await press('/');
    await type('zzzzqqq');
    await screen('No plugins match "zzzzqqq". Fewer words, or Esc to clear the box.');
    ui.unmount();
  });
});

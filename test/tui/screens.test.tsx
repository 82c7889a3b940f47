import fs from 'node:fs';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../cli/tui/app.js';
import { Registry } from '../../cli/tui/registry.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';
import { waitForText } from '../helpers/tui.js';

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';

let t: TestApp;
const homes: Loom[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const h of homes) h.remove();
  await t.close();
});

function open(options: { token?: string; sources?: Parameters<Loom['sources']>[0] } = {}) {
  const loom = new Loom().sources(options.sources ?? [{ name: 'official', url: t.url, ...(options.token ? { auth: { type: 'token', token: options.token } } : {}) }]);
  homes.push(loom);
  const registry = new Registry({ LOOM_HOME: loom.home, HOME: loom.home, LOOM_SYSTEM_REGISTRY: loom.path('none') }, loom.home);
  const ui = render(<App registry={registry} color={false} />);
  const screen = (text: string | RegExp) => waitForText(ui.lastFrame, text);
  const press = async (...keys: string[]) => {
    for (const k of keys) ui.stdin.write(k);
  };
  return { loom, ui, screen, press };
}

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
    expect(frame).toContain('1.2.1 (yanked)');
    expect(frame).toMatch(/in 30 days [▁▂▃▄▅▆▇█]{30}/);
    expect(frame).toContain('no (i installs)');
    await press('i');
    frame = await screen('Installed ollama-plugin');
    expect(fs.existsSync(loom.path('plugins', 'ollama-plugin', 'plugin.yaml'))).toBe(true);
    await screen('1.2.2 (up to date)');
    await press(ESC);
    await screen(/● 1\.2\.2/);
    ui.unmount();
  });

  it('asks before removing, and removes on y', async () => {
    const { loom, ui, screen, press } = open();
    await loom.plugin(['install', 'groq-plugin'], 0, { env: { LOOM_REGISTRY_URL: t.url } });
    await press('g', 'r', 'o', 'q', ENTER);
    await screen('● 1.');
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

  it('shows errors in place when no source answers, and keeps running', async () => {
    const { ui, screen, press } = open({ sources: [{ name: 'down', url: 'http://127.0.0.1:1' }] });
    await screen(/cannot reach|could not be read|not answer/);
    await press('x');
    await screen('loom / x█');
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

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { BIN, Loom } from '../helpers/cli.js';
import { waitForText } from '../helpers/tui.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.log('skipping the real-terminal TUI test: tmux is not installed');

/** The built `loom` in a real terminal: tmux gives it a pty of a known size, keys, and a screen to read. */
describe.skipIf(!hasTmux)('loom plugin browse in a real terminal (tmux)', () => {
  let t: TestApp;
  let loom: Loom;
  const session = `loom-tui-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', session);
  const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

  needsBuild();
  beforeAll(async () => {
    t = await createTestApp();
    loom = new Loom().sources([{ name: 'official', url: t.url }]);
  });
  afterAll(async () => {
    spawnSync('tmux', ['kill-session', '-t', session]);
    loom.remove();
    await t.close();
  });

  it('types a query, opens a result, installs it, and quits with exit code 0', async () => {
    const env = `LOOM_HOME=${loom.home} HOME=${loom.home} LOOM_SYSTEM_REGISTRY=${loom.path('none')} NO_COLOR=1`;
    // The shell prints the exit code and stays, so the test can read it after the UI is gone.
    tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', session, `env ${env} ${process.execPath} ${BIN} plugin browse; echo "exit=$?"; sleep 60`);
    await waitForText(screen, 'openai-plugin');
    keys('g', 'r', 'o', 'q');
    await waitForText(screen, /1 plugin ·/);
    keys('Enter');
    await waitForText(screen, '▸ Groq Provider');
    keys('Enter');
    let text = await waitForText(screen, /Reviews/);
    expect(text).toContain('groq-plugin');
    expect(text).toContain('no (i installs)');
    keys('i');
    text = await waitForText(screen, 'Installed groq-plugin');
    expect(text).toContain(`${loom.home}/plugins/groq-plugin/plugin.json`);
    expect(fs.readFileSync(loom.path('plugins', 'groq-plugin', 'plugin.json'), 'utf8')).toContain('groq');
    keys('q');
    text = await waitForText(screen, 'exit=0');
    // The alternate screen is gone: the UI left the terminal as it found it.
    expect(text).not.toContain('Installed groq-plugin');
  });

  it('counts every key sent in one burst: 20 j move 20 rows, 3 k move back 3', async () => {
    const env = `LOOM_HOME=${loom.home} HOME=${loom.home} LOOM_SYSTEM_REGISTRY=${loom.path('none')} NO_COLOR=1`;
    spawnSync('tmux', ['kill-session', '-t', session]);
    tmux('new-session', '-d', '-x', '100', '-y', '40', '-s', session, `env ${env} ${process.execPath} ${BIN} plugin browse; sleep 60`);
    await waitForText(screen, 'openai-plugin');
    keys('Enter');
    const first = await waitForText(screen, '▸ ');
    const rows = first.split('\n');
    const order = rows.slice(rows.findIndex((l) => l.startsWith('▸ '))).map((l) => l.slice(2, 40));
    // -l: one literal string, written to the terminal at once
    keys('-l', 'j'.repeat(20));
    await waitForText(screen, `▸ ${order[20]}`);
    keys('-l', 'kkk');
    await waitForText(screen, `▸ ${order[17]}`);
    keys('-l', 'ffff');
    await waitForText(screen, /\d+ plugins · cat:enterprise/);
    keys('q');
  });

  it('at 80x24: Esc clears the box, the footer keeps s star and ? help, V installs a version and U moves past its pin', async () => {
    const env = `LOOM_HOME=${loom.home} HOME=${loom.home} LOOM_SYSTEM_REGISTRY=${loom.path('none')} NO_COLOR=1`;
    spawnSync('tmux', ['kill-session', '-t', session]);
    tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', session, `env ${env} ${process.execPath} ${BIN} plugin browse; sleep 60`);
    await waitForText(screen, 'openai-plugin');
    keys('-l', 'xyz');
    await waitForText(screen, 'loom / xyz█');
    keys('Escape');
    await waitForText(screen, /^loom \/ █/);
    keys('Escape');
    const footer = (await waitForText(screen, 'q quit')).trimEnd().split('\n').at(-1)!;
    expect(footer).toContain('s star');
    expect(footer).toContain('? help');
    keys('/');
    keys('-l', 'groq');
    await waitForText(screen, /1 plugin ·/);
    keys('Enter');
    await waitForText(screen, '▸ Groq Provider');
    keys('Enter');
    // The first test may have installed it: the picker installs the version asked for either way.
    await waitForText(screen, /Groq Provider groq-plugin[^]*installed /);
    keys('V');
    await waitForText(screen, 'Install a version of groq-plugin');
    keys('-l', 'jj');
    keys('Enter');
    await waitForText(screen, 'Installed groq-plugin 1.1.0');
    await waitForText(screen, '1.1.0 (1.1.0) · 1.2.0 past the pin (U)');
    keys('U');
    await waitForText(screen, 'Updated groq-plugin 1.1.0 → 1.2.0');
    keys('q');
  });

  it('says "did you mean" under a misspelt query, over the matches of the correction', async () => {
    const env = `LOOM_HOME=${loom.home} HOME=${loom.home} LOOM_SYSTEM_REGISTRY=${loom.path('none')} NO_COLOR=1`;
    // a session of its own, whatever the test before left running
    spawnSync('tmux', ['kill-session', '-t', session]);
    tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', session, `env ${env} ${process.execPath} ${BIN} plugin browse; sleep 60`);
    await waitForText(screen, 'openai-plugin');
    keys('o', 'p', 'n', 'a', 'i');
    const text = await waitForText(screen, 'did you mean "openai"? showing matches for it');
    expect(text).toContain('openai-plugin');
    keys('q');
  });
});

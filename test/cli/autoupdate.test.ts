import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';

let t: TestApp;
let loom: Loom;

beforeAll(async () => {
  t = await createTestApp();
  loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  fs.appendFileSync(loom.path('config.yaml'), '# my own comment\n');
});
afterAll(async () => {
  loom.remove();
  await t.close();
});

/** Installs exactly `version`, recorded as installed without a pin (as `install id` did when it was the newest). */
async function installUnpinned(id: string, version: string): Promise<void> {
  await loom.plugin(['install', `${id}@${version}`]);
  const lock = loom.lock();
  for (const p of lock.plugins) if (p.id === id) p.requested = null;
  fs.writeFileSync(loom.path('plugins', 'installed.json'), JSON.stringify(lock));
}

const lastRun = () => JSON.parse(fs.readFileSync(loom.path('autoupdate', 'last-run.json'), 'utf8'));

describe('automatic updates', () => {
  it('enable stores the policy where Loom ignores it, keeping the file, and writes a systemd user timer', async () => {
    const enabled = await loom.json(['autoupdate', 'enable', '--policy', 'patch', '--plugins', 'openai-plugin,anthropic-plugin,vllm-plugin', '--scheduler', 'systemd', '--install']);
    expect(enabled.auto_update).toEqual({ enabled: true, policy: 'patch', plugins: ['openai-plugin', 'anthropic-plugin', 'vllm-plugin'] });
    const text = fs.readFileSync(loom.path('config.yaml'), 'utf8');
    expect(text).toContain('# my own comment');
    const config = YAML.parse(text);
    expect(config.plugin_registry.sources).toEqual([{ name: 'registry', url: t.url, enabled: true, type: 'loom-registry' }]);
    expect(config.plugin_registry.auto_update).toEqual(enabled.auto_update);
    const [service, timer] = enabled.files;
    expect(service).toBe(loom.path('.config', 'systemd', 'user', 'loom-plugin-autoupdate.service'));
    expect(fs.readFileSync(service, 'utf8')).toMatch(new RegExp(`Environment=LOOM_HOME=${loom.home}\\nExecStart=\\S+node \\S+main\\.js plugin update --auto\\n`));
    expect(fs.readFileSync(timer, 'utf8')).toContain('OnCalendar=daily');
    expect(enabled.next).toContain('systemctl --user enable --now loom-plugin-autoupdate.timer');
    // The sources still read as before: the CLI's own reader skips the new key as Loom's does.
    expect((await loom.json(['sources', 'list'])).sources.map((s: { name: string }) => s.name)).toContain('registry');
    const cron = await loom.plugin(['autoupdate', 'enable', '--scheduler', 'cron']);
    expect(cron.stdout).toMatch(/^\d+ \d+ \* \* \* LOOM_HOME=\S+ \S+ \S+main\.js plugin update --auto >>\S+cron\.log 2>&1$/m);
    expect((await loom.json(['autoupdate', 'status'])).auto_update.policy).toBe('patch');
  });

  it('update --auto moves within the policy, honours pins, leaves other plugins alone, and logs', async () => {
    await installUnpinned('openai-plugin', '1.2.0');
    await installUnpinned('anthropic-plugin', '1.2.0');
    await loom.plugin(['install', 'vllm-plugin@1.0.0']);
    await installUnpinned('groq-plugin', '1.1.0');
    const { updates } = await loom.json(['update', '--auto']);
    expect(updates).toEqual([
      { id: 'anthropic-plugin', from: '1.2.0', to: null, latest: '1.3.1', status: 'pinned', message: '1.3.1 is outside the patch policy of automatic updates; "loom plugin update anthropic-plugin" installs it' },
      { id: 'openai-plugin', from: '1.2.0', to: '1.2.1', latest: '1.3.0', status: 'updated', message: expect.stringContaining('1.3.0 is outside the patch policy') },
      { id: 'vllm-plugin', from: '1.0.0', to: null, latest: '1.2.1', status: 'pinned', message: 'pinned at 1.0.0; --latest moves it to 1.2.1' },
    ]);
    expect(loom.lock().plugins.find((p) => p.id === 'groq-plugin')).toMatchObject({ version: '1.1.0' });
    expect(lastRun()).toMatchObject({ ok: true, policy: 'patch', updated: [{ id: 'openai-plugin', from: '1.2.0', to: '1.2.1' }], failed: [] });
    expect(fs.readFileSync(loom.path('autoupdate', 'autoupdate.log'), 'utf8')).toMatch(/^\S+Z updated openai-plugin 1\.2\.0 -> 1\.2\.1/m);
  });

  it('a failed run exits non-zero, says so on stderr and in last-run.json', async () => {
    const config = fs.readFileSync(loom.path('config.yaml'), 'utf8');
    fs.writeFileSync(loom.path('config.yaml'), config.replace(t.url, 'http://127.0.0.1:1'));
    const failed = await loom.plugin(['update', '--auto'], 1);
    expect(failed.stderr).toMatch(/loom: automatic update failed for anthropic-plugin, openai-plugin, vllm-plugin: source registry: .*see \S+autoupdate\.log/);
    expect(lastRun()).toMatchObject({ ok: false, updated: [], failed: [{ id: 'anthropic-plugin' }, { id: 'openai-plugin' }, { id: 'vllm-plugin' }] });
    expect((await loom.plugin(['autoupdate', 'status'])).stdout).toMatch(/last run\s+\S+: FAILED \(anthropic-plugin: source registry/);
    fs.writeFileSync(loom.path('config.yaml'), config);
  });

  it('disable turns it off: the timer then does nothing; --install deletes the units', async () => {
    const off = await loom.json(['autoupdate', 'disable', '--install']);
    expect(off.auto_update.enabled).toBe(false);
    expect(off.removed).toHaveLength(2);
    expect(fs.existsSync(loom.path('.config', 'systemd', 'user', 'loom-plugin-autoupdate.timer'))).toBe(false);
    const idle = await loom.plugin(['update', '--auto']);
    expect(idle.stderr).toContain('Automatic updates are off');
    expect((await loom.json(['autoupdate', 'status'])).auto_update).toEqual({ enabled: false, policy: 'patch', plugins: ['openai-plugin', 'anthropic-plugin', 'vllm-plugin'] });
    expect((await loom.plugin(['update', '--auto', '--latest'], 2)).stderr).toContain('takes no --latest');
    const broken = fs.readFileSync(loom.path('config.yaml'), 'utf8').replace('policy: patch', 'policy: sometimes');
    fs.writeFileSync(loom.path('config.yaml'), broken);
    expect((await loom.plugin(['autoupdate', 'status'], 1)).stderr).toContain('plugin_registry.auto_update policy must be one of patch, minor, latest');
  });

  it('update --auto avoids versions under an advisory (a patched one first), and fails on malware left installed', async () => {
    const home = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    try {
      await home.plugin(['autoupdate', 'enable', '--policy', 'minor', '--plugins', 'openai-plugin,anthropic-plugin']);
      for (const [id, version] of [['openai-plugin', '1.2.0'], ['anthropic-plugin', '1.2.0']]) {
        await home.plugin(['install', `${id}@${version}`]);
      }
      const lock = home.lock();
      for (const p of lock.plugins) p.requested = null;
      fs.writeFileSync(home.path('plugins', 'installed.json'), JSON.stringify(lock));
      const admin = await t.user('admin');
      const publish = async (body: Record<string, unknown>) => {
        const res = await fetch(`${t.url}/api/v1/advisories`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin.auth }, body: JSON.stringify({ details: 'd', ...body }) });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      };
      // 1.2.0 and 1.3.0 leak, 1.2.1 is the fix: the minor policy would take 1.3.0, it takes the patched 1.2.1.
      const leak = await publish({ plugin_id: 'openai-plugin', affected: '>=1.2.0', patched: '1.2.1', severity: 'high', kind: 'vulnerability', summary: 'leaks the prompt' });
      // Every anthropic-plugin version is malware: it moves as the policy says, and the run fails.
      const bad = await publish({ plugin_id: 'anthropic-plugin', affected: '*', severity: 'critical', kind: 'malware', summary: 'steals keys' });

      const dry = await home.json(['update', '--auto', '--dry-run'], 1);
      expect(dry.updates.find((r: { id: string }) => r.id === 'openai-plugin')).toMatchObject({ to: '1.2.1', status: 'available', message: `1.3.0 is affected by advisory ${leak} (leaks the prompt)` });

      const run = await home.plugin(['update', '--auto'], 1);
      expect(run.stderr).toContain(`anthropic-plugin 1.3.1 (installed) is affected by critical malware advisory ${bad}: steals keys`);
      expect(run.stderr).toMatch(/loom: malware is installed: anthropic-plugin 1\.3\.1; remove it with "loom plugin remove <id>"/);
      expect(home.lock().plugins.find((p) => p.id === 'openai-plugin')).toMatchObject({ version: '1.2.1' });
      const last = JSON.parse(fs.readFileSync(home.path('autoupdate', 'last-run.json'), 'utf8'));
      expect(last).toMatchObject({ ok: false, failed: [], updated: [{ id: 'anthropic-plugin', from: '1.2.0', to: '1.3.1' }, { id: 'openai-plugin', from: '1.2.0', to: '1.2.1' }] });
      expect(last.advisories).toEqual([{ id: 'anthropic-plugin', version: '1.3.1', source: 'registry', advisory: { id: bad, severity: 'critical', kind: 'malware', summary: 'steals keys', patched: null } }]);
      expect(fs.readFileSync(home.path('autoupdate', 'autoupdate.log'), 'utf8')).toMatch(new RegExp(`^\\S+Z advisory anthropic-plugin 1\\.3\\.1: ${bad} critical malware: steals keys$`, 'm'));
    } finally {
      home.remove();
    }
  });
});

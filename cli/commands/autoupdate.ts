import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { Context } from '../context.js';
import { done, note, out, printJson } from '../output/io.js';
import { examples, jsonOption, parseList, refuseUnknownSubcommand } from './common.js';

type Scheduler = 'systemd' | 'cron';
const UNIT = 'loom-plugin-autoupdate';

/** The command the scheduler runs: this node and this CLI's main.js (LOOM_HOME is set beside it). */
function command(): string {
  return `${process.execPath} ${fileURLToPath(new URL('../main.js', import.meta.url))} plugin update --auto`;
}

function systemdDir(ctx: Context): string {
  const config = ctx.env.XDG_CONFIG_HOME || path.join(ctx.env.HOME || os.homedir(), '.config');
  return path.join(config, 'systemd', 'user');
}

/** A daily systemd user timer (Persistent: a day missed while off runs at the next boot) and its service. */
function systemdUnits(ctx: Context): Record<string, string> {
  return {
    [`${UNIT}.service`]: `[Unit]
Description=Loom plugin automatic updates (loom plugin autoupdate)

[Service]
Type=oneshot
Environment=LOOM_HOME=${ctx.paths.home}
ExecStart=${command()}
`,
    [`${UNIT}.timer`]: `[Unit]
Description=Daily Loom plugin automatic updates

[Timer]
OnCalendar=daily
RandomizedDelaySec=1h
Persistent=true

[Install]
WantedBy=timers.target
`,
  };
}

function cronLine(ctx: Context): string {
  const log = path.join(ctx.paths.home, 'autoupdate', 'cron.log');
  return `17 4 * * * LOOM_HOME=${ctx.paths.home} ${command()} >>${log} 2>&1`;
}

function defaultScheduler(): Scheduler {
  return process.platform === 'linux' ? 'systemd' : 'cron';
}

/** The scheduler's entry to show (`text`) and, with `install`, the systemd units written (cron: only the line). */
function schedule(ctx: Context, scheduler: Scheduler, install: boolean): { scheduler: Scheduler; files: string[]; text: string; next: string } {
  if (scheduler === 'cron') return { scheduler, files: [], text: cronLine(ctx), next: 'add the line above with "crontab -e" (loom does not edit your crontab)' };
  const dir = systemdDir(ctx);
  const units = Object.entries(systemdUnits(ctx)).map(([name, text]) => ({ file: path.join(dir, name), text }));
  if (install) {
    fs.mkdirSync(dir, { recursive: true });
    for (const unit of units) fs.writeFileSync(unit.file, unit.text);
  }
  const enable = `systemctl --user daemon-reload && systemctl --user enable --now ${UNIT}.timer`;
  return {
    scheduler,
    files: install ? units.map((u) => u.file) : [],
    text: install ? units.map((u) => `  wrote ${u.file}`).join('\n') : units.map((u) => `# ${u.file}\n${u.text}`).join('\n'),
    next: install ? `start it: ${enable}` : `write these with --install, then: ${enable}`,
  };
}

export function registerAutoUpdate(plugin: Command, ctx: Context): void {
  const auto = plugin
    .command('autoupdate')
    .description('automatic plugin updates: a policy in config.yaml, run daily by a systemd user timer or cron')
    .addHelpText(
      'after',
      `${examples('loom plugin autoupdate enable --policy patch', 'loom plugin autoupdate enable --plugins openai-plugin,ollama-plugin --install', 'loom plugin autoupdate status', 'loom plugin autoupdate disable')}
Policies: patch (1.2.x only), minor (1.x, the default), latest (any newer release). Pinned versions and ranges
are honoured; yanked versions are never installed. Each run is logged to <LOOM_HOME>/autoupdate/autoupdate.log
and summed up in last-run.json; a failed run exits non-zero.
`,
    );

  auto
    .command('enable')
    .description('turn automatic updates on, and print (or --install) the timer that runs them')
    .addOption(new Option('--policy <policy>', 'how far an update may go').choices(['patch', 'minor', 'latest']))
    .option('--plugins <a,b>', 'only these plugins (default: every installed plugin)', parseList)
    .addOption(new Option('--scheduler <name>', 'what runs it (default: systemd on Linux, else cron)').choices(['systemd', 'cron']))
    .option('--install', 'write the systemd user units (cron: says what to add)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin autoupdate enable', 'loom plugin autoupdate enable --policy latest --scheduler cron'))
    .action(async (options: { policy?: 'patch' | 'minor' | 'latest'; plugins?: string[]; scheduler?: Scheduler; install?: boolean; json?: boolean }) => {
      const { readSettings, writeSettings } = await import('../install/autoupdate.js');
      const before = readSettings(ctx.paths.config);
      const settings = { enabled: true, policy: options.policy ?? before.policy, plugins: options.plugins ?? before.plugins };
      writeSettings(ctx.paths.config, settings);
      const scheduled = schedule(ctx, options.scheduler ?? defaultScheduler(), options.install ?? false);
      if (options.json) return printJson(ctx.io, { auto_update: settings, scheduler: scheduled.scheduler, files: scheduled.files, entry: scheduled.text, next: scheduled.next });
      done(ctx.io, `Automatic updates on (policy ${settings.policy}; ${settings.plugins.length ? settings.plugins.join(', ') : 'every installed plugin'}), saved in ${ctx.paths.config}`);
      out(ctx.io, scheduled.text);
      note(ctx.io, `Next: ${scheduled.next}`);
    });

  auto
    .command('disable')
    .description('turn automatic updates off (a timer still installed then does nothing)')
    .option('--install', 'also delete the systemd user units')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin autoupdate disable', 'loom plugin autoupdate disable --install'))
    .action(async (options: { install?: boolean; json?: boolean }) => {
      const { readSettings, writeSettings } = await import('../install/autoupdate.js');
      const settings = { ...readSettings(ctx.paths.config), enabled: false };
      writeSettings(ctx.paths.config, settings);
      const removed = options.install ? Object.keys(systemdUnits(ctx)).map((name) => path.join(systemdDir(ctx), name)).filter((file) => fs.existsSync(file)) : [];
      for (const file of removed) fs.rmSync(file);
      if (options.json) return printJson(ctx.io, { auto_update: settings, removed });
      done(ctx.io, `Automatic updates off, saved in ${ctx.paths.config}`);
      for (const file of removed) out(ctx.io, `  deleted ${file}`);
      if (removed.length) note(ctx.io, `Then: systemctl --user daemon-reload`);
    });

  auto
    .command('status', { isDefault: true })
    .description('the settings, the timer, and how the last run went')
    .allowExcessArguments()
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin autoupdate status --json'))
    .action(async (options: { json?: boolean }, command: Command) => {
      await refuseUnknownSubcommand(auto, command.args);
      const { readLastRun, readSettings } = await import('../install/autoupdate.js');
      const settings = readSettings(ctx.paths.config);
      const lastRun = readLastRun(ctx);
      const timer = path.join(systemdDir(ctx), `${UNIT}.timer`);
      const installed = fs.existsSync(timer) ? timer : null;
      if (options.json) return printJson(ctx.io, { auto_update: settings, timer: installed, last_run: lastRun });
      out(ctx.io, `automatic updates  ${settings.enabled ? 'on' : 'off'}`);
      out(ctx.io, `policy             ${settings.policy}`);
      out(ctx.io, `plugins            ${settings.plugins.length ? settings.plugins.join(', ') : 'every installed plugin'}`);
      out(ctx.io, `systemd timer      ${installed ?? 'not written ("loom plugin autoupdate enable --install")'}`);
      if (!lastRun) return out(ctx.io, 'last run           never');
      const outcome = lastRun.ok ? `ok, ${lastRun.updated.length} updated` : `FAILED (${lastRun.failed.map((f) => `${f.id}: ${f.message}`).join('; ')})`;
      out(ctx.io, `last run           ${lastRun.finished_at}: ${outcome}`);
    });
}

import os from 'node:os';
import path from 'node:path';

/** The user's home directory as `env` tells it: `$HOME`, else the account's (as os.homedir() reads it). */
export function userHome(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** Where the CLI keeps its state: `$LOOM_HOME`, else `~/.loom` (Loom's own default). */
export function loomHome(env: NodeJS.ProcessEnv): string {
  return env.LOOM_HOME ? path.resolve(env.LOOM_HOME) : path.join(userHome(env), '.loom');
}

export interface Paths {
  home: string;
  config: string;
  /** Parsed config.yaml, so most runs skip loading the YAML parser. */
  configCache: string;
  credentials: string;
  installId: string;
  plugins: string;
  lock: string;
  /** Where `remove` moves a plugin folder before deleting it: outside the plugins directory Loom walks. */
  trash: string;
  /** The user's local registry: <home>/registry/registry.json. */
  localRegistry: string;
}

export function paths(home: string): Paths {
  return {
    home,
    config: path.join(home, 'config.yaml'),
    configCache: path.join(home, 'cache', 'config.json'),
    credentials: path.join(home, 'credentials'),
    installId: path.join(home, 'install-id'),
    plugins: path.join(home, 'plugins'),
    lock: path.join(home, 'plugins', 'installed.json'),
    trash: path.join(home, '.trash'),
    localRegistry: path.join(home, 'registry'),
  };
}

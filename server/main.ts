import './allocator.js';
import './production-mode.js';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';

const USAGE = `Usage: npm start [-- options]   (node dist/server/main.js [options])

The Loom Plugin Registry server: GraphQL at /graphql, REST at /api/v1, Loom's catalog at /registry.json.

Options (each also an environment variable; flags win):
  -p, --port <n>          port to listen on (PORT, default 8080; 0 picks a free one)
      --host <addr>       address to listen on (HOST, default 127.0.0.1)
      --database-url <u>  SQLite file or postgres:// URL (DATABASE_URL, default ./data/registry.db)
      --log-level <lvl>   fatal|error|warn|info|debug|trace|silent (LOG_LEVEL, default info)
      --no-seed           do not seed the sample catalog into an empty database (SEED=false)
  -h, --help              print this help
  -v, --version           print the version

Every other setting is an environment variable: see the README's Configuration section and DEPLOYMENT.md.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A start-up failure a person can act on, as one line; undefined when it is a bug (then the stack is worth seeing). */
function startError(err: unknown, port: number, host: string): string | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use: stop what listens there, or pick another port with PORT=<n> or --port <n>`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}: pick a port above 1023 with PORT=<n> or --port <n>`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine: set HOST (or --host) to one of its addresses, or 0.0.0.0 for all`;
  return undefined;
}

/** `npm start`: read config, build the app, listen, and shut down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    console.log(version());
    return;
  }
  let config;
  try {
    config = loadConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`loom-registry: ${err.message} (--help lists the options)`);
      process.exit(2);
    }
    throw err;
  }
  const { createApp } = await import('./app.js');
  const app = await createApp(config);
  let url;
  try {
    url = await app.listen();
  } catch (err) {
    const message = startError(err, config.port, config.host);
    if (message === undefined) throw err;
    await app.close();
    console.error(`loom-registry: ${message}`);
    process.exit(1);
  }
  app.server.log.info({ url, database: config.database.kind === 'sqlite' ? config.database.file : 'postgresql' }, `Loom Plugin Registry listening on ${url} (GraphQL at ${url}/graphql)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      app.server.log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    app.server.log.info(`${signal}: finishing in-flight requests, then closing the database`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();

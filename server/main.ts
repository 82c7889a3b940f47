import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** `npm start`: read config, build the app, listen, and shut down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`loom-registry: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  const url = await app.listen();
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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { FUZZ_SETTINGS, formatReport, prepareTarget, runFuzz } from './fuzz.js';

/**
 * `npm run fuzz [-- --requests N --seed S --concurrency C --postgres]`: starts a real server on 127.0.0.1 (a
 * fresh SQLite file, or a fresh PostgreSQL database on TEST_POSTGRES_URL's server with --postgres), fuzzes it,
 * prints the report and exits 1 on any 5xx. The server's own error log goes to stderr.
 */
const USAGE = `usage: npm run fuzz [-- --requests N] [--seed S] [--concurrency C] [--postgres] [--log-level LEVEL]
  --requests N     malformed REST and GraphQL requests to send (default 10000)
  --seed S         the seed of the request generator: the same seed sends the same requests (default 20)
  --concurrency C  requests in flight at once (default 8)
  --postgres       a fresh database on TEST_POSTGRES_URL's server instead of a SQLite file
  --log-level L    the server's log level on stderr (default error)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      requests: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8' },
      postgres: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'error' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (err) {
  console.error(`fuzz: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const requests = Number(values.requests);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(seed) || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('fuzz: --requests, --seed and --concurrency take whole numbers (requests and concurrency at least 1)');
  process.exit(2);
}

if (values.postgres) process.env.TEST_DATABASE = 'postgres';
// after TEST_DATABASE is set: the helper reads it when loaded
const { createTestDatabase } = await import('../helpers/database.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-fuzz-'));
const db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
let status = 1;
try {
  const config = loadConfig([], {}, { port: 0, host: '127.0.0.1', database: db.config, logLevel: values['log-level'] as never, ...FUZZ_SETTINGS });
  const app = await createApp(config);
  try {
    const url = await app.listen();
    const report = await runFuzz(await prepareTarget(app, url), { requests, seed, concurrency });
    console.log(formatReport(report, values.postgres ? 'PostgreSQL' : 'SQLite'));
    status = report.findings.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
} finally {
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(status);

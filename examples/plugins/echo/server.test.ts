// The plugin's own tests (`npm test`): start server.ts on a free port and call each route as Loom does.
// `loom plugin test http://localhost:8090` runs the registry's full conformance run against a running plugin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';

let base = '';
const child = spawn(process.execPath, ['server.ts'], { cwd: import.meta.dirname, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' } });

before(async () => {
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match) {
      base = match[1];
      return;
    }
  }
  throw new Error(`the plugin exited before listening: ${output}`);
});
after(async () => {
  child.kill('SIGTERM');
  await once(child, 'exit');
});

const json = async (res: Response): Promise<any> => res.json();
const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('GET /metadata names the provider type of plugin.yaml', async () => {
  const metadata = await json(await fetch(`${base}/metadata`));
  assert.equal(metadata.provider_type, "echo");
});

test('POST /initialize takes the config map and GET /health reports healthy', async () => {
  assert.equal((await post('/initialize', { prefix: '> ' })).status, 200);
  const health = await json(await fetch(`${base}/health`));
  assert.equal(health.healthy, true);
  assert.equal(typeof health.latency_ms, 'number');
});

test('POST /chat/completions echoes the last user message', async () => {
  const answer = await json(await post('/chat/completions', { model: 'echo', messages: [{ role: 'user', content: 'hello' }] }));
  assert.equal(answer.choices[0].message.content, '> hello');
});

test('a stream ends with data: [DONE]', async () => {
  const text = await (await post('/chat/completions', { model: 'echo', stream: true, messages: [{ role: 'user', content: 'hello' }] })).text();
  assert.match(text, /data: \[DONE\]\n\n$/);
});

test('errors carry {code, message, details, transient}', async () => {
  const res = await post('/chat/completions', { model: 'no-such-model', messages: [{ role: 'user', content: 'hello' }] });
  assert.equal(res.status, 404);
  assert.deepEqual(Object.keys(await json(res)).sort(), ['code', 'details', 'message', 'transient']);
});

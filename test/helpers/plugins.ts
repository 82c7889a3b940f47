import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from './cli.js';

export const ECHO_DIR = path.join(ROOT, 'examples/plugins/echo');

export interface PluginProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A plugin server as a process of its own on 127.0.0.1 and a free port (PORT=0); resolves once it prints
 * "listening on http://…", as every scaffold does, and fails with its output when it exits first or takes 20 s.
 */
export function startPlugin(command: string, args: string[], cwd: string): Promise<PluginProcess> {
  const child = spawn(command, args, { cwd, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(deadline);
      resolve({
        url: match[1],
        output: () => output,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before listening:\n${output}`));
    });
  });
}

/** One deliberate defect, put in front of a working plugin. */
export type Defect =
  | { kind: 'missing'; path: string }
  | { kind: 'error-shape' }
  | { kind: 'provider-type'; value: string }
  | { kind: 'stream-without-done' }
  | { kind: 'slow'; path: string; ms: number }
  | { kind: 'echo-secret' };

/**
 * A proxy to a working plugin that breaks it in one way: a route answering 404, errors as `{"error": "…"}`, another
 * provider_type in /metadata, a stream cut before `data: [DONE]`, a slow route, or the API key of /initialize
 * repeated in /health's message.
 */
export async function brokenPlugin(upstream: string, defect: Defect): Promise<{ url: string; close(): Promise<void> }> {
  let secret = '';
  const server = http.createServer(async (req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (defect.kind === 'missing' && route === defect.path) return res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    if (defect.kind === 'slow' && route === defect.path) await new Promise((resolve) => setTimeout(resolve, defect.ms));
    if (defect.kind === 'echo-secret' && route === '/initialize') secret = (JSON.parse(body) as { api_key?: string }).api_key ?? '';
    // the upstream may be gone (a slow route answering after its test ended): a 502, never an unhandled rejection
    const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : body }).catch(() => undefined);
    if (!answer) return res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream unreachable');
    let text = await answer.text();
    const contentType = answer.headers.get('content-type') ?? 'application/json';
    if (defect.kind === 'error-shape' && answer.status !== 200) text = JSON.stringify({ error: (JSON.parse(text) as { message: string }).message });
    if (defect.kind === 'provider-type' && route === '/metadata') text = JSON.stringify({ ...(JSON.parse(text) as object), provider_type: defect.value });
    if (defect.kind === 'stream-without-done') text = text.replace('data: [DONE]\n\n', '');
    if (defect.kind === 'echo-secret' && route === '/health') text = JSON.stringify({ ...(JSON.parse(text) as object), message: `ok, key ${secret}` });
    res.writeHead(answer.status, { 'content-type': contentType }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import YAML from 'yaml';
import { createTestApp } from './app.js';
import { restClient } from './rest.js';

/** A manifest Loom accepts, for a given id/version/provider. */
export function goodManifest(version = '1.0.0', providerType = 'my-provider', extra: Record<string, unknown> = {}): string {
  return YAML.stringify({
    type: 'http',
    endpoint: 'http://localhost:8090',
    metadata: {
      name: 'My AI Provider Plugin',
      version,
      provider_type: providerType,
      plugin_api_version: '1.0.0',
      description: 'Integration with My AI Provider',
      capabilities: { streaming: true, function_calling: false, vision: false },
      config_schema: [{ name: 'api_key', type: 'string', required: true, sensitive: true, description: 'API key' }],
    },
    ...extra,
  });
}

/** A local HTTP server the test controls: path → body (or a handler). Manifest fetches never leave the machine. */
export async function startManifestServer(routes: Record<string, string | http.RequestListener>) {
  const server = http.createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (typeof route === 'function') return route(req, res);
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, routes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The spec's registry-submission.json, pointed at a local manifest URL. */
export function sampleSubmission(manifestUrl: string, overrides: { id?: string; version?: string; provider_type?: string } = {}) {
  return {
    plugin: {
      id: overrides.id ?? 'my-ai-plugin',
      name: 'My AI Provider Plugin',
      provider_type: overrides.provider_type ?? 'my-provider',
      description: 'Integration with My AI Provider',
      author: 'Your Name <you@example.com>',
      version: overrides.version ?? '1.0.0',
      license: 'MIT',
      homepage: 'https://github.com/you/my-plugin',
      repository: 'https://github.com/you/my-plugin',
      tags: ['ai', 'llm', 'custom'],
      capabilities: { streaming: true, function_calling: false, vision: false },
      install: { type: 'http', manifest_url: manifestUrl, docker_image: `you/my-plugin:${overrides.version ?? '1.0.0'}` },
      screenshots: ['https://github.com/you/my-plugin/raw/main/docs/screenshot.png'],
      documentation_url: 'https://github.com/you/my-plugin/blob/main/README.md',
    },
    submission: { contact_email: 'you@example.com', notes: 'First release of my plugin' },
  };
}

/** A registry that fetches manifests from a local server of `routes`, with a publisher (pat) and a reviewer (rita). */
export async function publishingSetup(routes: Record<string, string | http.RequestListener>) {
  const manifests = await startManifestServer(routes);
  const t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true });
  return {
    manifests,
    t,
    api: await restClient(t.url),
    publisher: await t.user('user', 'pat'),
    reviewer: await t.user('reviewer', 'rita'),
    async close() {
      await t.close();
      await manifests.close();
    },
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, securityScan } from '../../server/modules/publishing/checks.js';
import { parseSubmission } from '../../server/modules/publishing/submission.input.js';
import { ROOT } from '../helpers/cli.js';

const ECHO = path.join(ROOT, 'examples/plugins/echo');
const read = (file: string) => fs.readFileSync(path.join(ECHO, file), 'utf8');

describe('the reference plugin examples/plugins/echo', () => {
  it("ships a manifest and a registry-submission.json that pass the registry's checks", () => {
    const text = read('plugin.yaml');
    const input = parseSubmission(JSON.parse(read('registry-submission.json')), false);
    const { results, manifest } = checkManifest(text, input);
    const scanned = [...results, ...securityScan(text, manifest, input)];
    expect(scanned.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(scanned.map((r) => r.name)).toEqual(['manifest-schema', 'manifest-match', 'secrets', 'secret-defaults', 'endpoint-transport', 'docker-image-pinned']);
  });
});

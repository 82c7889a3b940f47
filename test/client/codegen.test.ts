import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import YAML from 'yaml';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/build.js';

it('client/gql is what codegen.yml generates from schema.graphql and client/operations (run `npm run codegen`)', async () => {
  const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'codegen.yml'), 'utf8'));
  const [[target, output]] = Object.entries(config.generates);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-codegen-'));
  try {
    await generate({ ...config, cwd: ROOT, silent: true, generates: { [`${dir}/`]: output } }, true);
    const committed = path.join(ROOT, target);
    const files = fs.readdirSync(dir).sort();
    expect(fs.readdirSync(committed).sort()).toEqual(files);
    for (const file of files) {
      expect(fs.readFileSync(path.join(committed, file), 'utf8'), `client/gql/${file} is stale`).toBe(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

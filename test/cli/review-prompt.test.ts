import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { RecentReviewsDocument } from '../gql/graphql.js';
import { Loom } from '../helpers/cli.js';

let t: TestApp;
let ivy: Loom;
let editor: string;

beforeAll(async () => {
  t = await createTestApp();
  ivy = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  await ivy.plugin(['login'], 0, { input: (await t.user('user', 'ivy')).key });
  // A fake editor: keeps the template it was given, then writes the review above the template's comment lines.
  editor = ivy.path('fake-editor.sh');
  fs.writeFileSync(editor, `#!/bin/sh\ncp "$1" "${ivy.path('template.txt')}"\nprintf 'Fast and solid.\\n# not sent\\n' | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n`, { mode: 0o755 });
});
afterAll(async () => {
  ivy.remove();
  await t.close();
});

async function reviews(): Promise<{ rating: number; comment: string }[]> {
  const { plugin } = await t.data(RecentReviewsDocument, { id: 'openai-plugin' });
  return plugin!.reviews.nodes.filter((n) => n.author?.username === 'ivy').map(({ rating, comment }) => ({ rating, comment }));
}

describe('loom plugin review without its flags', () => {
  it('on a terminal asks for the rating (again when invalid) and opens $EDITOR for the comment, without the # lines', async () => {
    const result = await ivy.plugin(['review', 'openai-plugin'], 0, { tty: true, input: '9\n4\n', env: { EDITOR: editor, VISUAL: '' } });
    expect(result.stderr).toContain('Rating for openai-plugin (1-5): a whole number from 1 to 5\nRating for openai-plugin (1-5): ');
    expect(result.stdout).toContain('Rated openai-plugin 4/5 on registry: "Fast and solid."');
    expect(fs.readFileSync(ivy.path('template.txt'), 'utf8')).toContain('# Your review of openai-plugin (rated 4/5)');
    expect(await reviews()).toEqual([{ rating: 4, comment: 'Fast and solid.' }]);
  });

  it('prefers $VISUAL, asks only for what is missing, and sends nothing when the editor fails or the review is empty', async () => {
    await ivy.plugin(['review', 'openai-plugin', '--rating', '5'], 0, { tty: true, env: { VISUAL: editor, EDITOR: 'false' } });
    expect(await reviews()).toEqual([{ rating: 5, comment: 'Fast and solid.' }]);
    const failed = await ivy.plugin(['review', 'openai-plugin', '--rating', '2'], 1, { tty: true, env: { EDITOR: 'false' } });
    expect(failed.stderr).toContain('the editor (false) exited with code 1; nothing was sent');
    const empty = await ivy.plugin(['review', 'openai-plugin', '--rating', '2'], 2, { tty: true, env: { EDITOR: 'true' } });
    expect(empty.stderr).toContain('the review is empty; nothing was sent');
    const noRating = await ivy.plugin(['review', 'openai-plugin', '--comment', 'ok'], 2, { tty: true, input: '' });
    expect(noRating.stderr).toContain('no rating given');
    expect(await reviews()).toEqual([{ rating: 5, comment: 'Fast and solid.' }]);
  });

  it('without a terminal, or with --json, names the missing flags and exits 2', async () => {
    expect((await ivy.plugin(['review', 'openai-plugin'], 2, { env: { EDITOR: editor } })).stderr).toContain("required options '--rating <n>' and '--comment <text>' not specified");
    const json = await ivy.plugin(['review', 'openai-plugin', '--rating', '3', '--json'], 2, { tty: true, env: { EDITOR: editor } });
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'USAGE', message: "required option '--comment <text>' not specified" });
    expect(await reviews()).toEqual([{ rating: 5, comment: 'Fast and solid.' }]);
  });
});

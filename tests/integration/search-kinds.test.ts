import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../src/graph/migrations';
import { RunningServer } from '../../src/server/app';
import { graphql, loadTestDataset, startTestServer, testExecutor, uniqueId } from './helpers';

/*
 * Search takes its candidates from Lucene, which cannot keep to some kinds of entity. With
 * `kinds`, the answer must still hold `first` hits when that many exist, even when Lucene
 * ranks many entities of other kinds above them.
 */

const OTHERS = 60;

describe('search kept to some kinds', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;
  let source: string;
  let word: string;

  beforeAll(async () => {
    executor = testExecutor();
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-search-'));
    source = uniqueId('search');
    const p = uniqueId('sk');
    // A word no other test uses, in short organisation names (ranked first) and in three
    // long issue names (ranked after all of them).
    word = `quokka${p.replace(/[^a-z0-9]/g, '')}`;
    const organisations = Array.from(
      { length: OTHERS },
      (_, i) => `  - { kind: Organisation, id: ${p}-o${i}, type: agency, name: ${word} ${i} }`,
    );
    const issues = [1, 2, 3].map(
      (i) =>
        `  - { kind: Issue, id: ${p}-i${i}, category: development, name: "The long-running programme of ${word} crossings and their safety, part ${i}" }`,
    );
    await loadTestDataset(
      executor,
      dir,
      source,
      `source:
  id: ${source}
  title: Search test source
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
${[...organisations, ...issues].join('\n')}
statements: []
`,
    );
    server = await startTestServer(executor);
  });

  afterAll(async () => {
    await server?.stop();
    if (source) await purgeSource(executor, source);
    await executor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ranks the other kinds first without kinds', async () => {
    const all = await graphql(
      server.url,
      `{ search(text: "${word}", first: 10) { entity { kind } } }`,
    );
    expect(all.body.data.search.map((h: any) => h.entity.kind)).toEqual(
      Array(10).fill('ORGANISATION'),
    );
  });

  it('finds as many of the kinds asked for as exist, below the others', async () => {
    const issues = await graphql(
      server.url,
      `{ search(text: "${word}", kinds: [ISSUE], first: 5) { entity { kind name } } }`,
    );
    expect(issues.body.errors).toBeUndefined();
    expect(issues.body.data.search.map((h: any) => h.entity.name.slice(-6))).toEqual([
      'part 1',
      'part 2',
      'part 3',
    ]);
  });
});

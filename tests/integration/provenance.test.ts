import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { loadFiles } from '../../src/ingest/load';
import { graphWithCambodia, uniqueId } from './helpers';

/*
 * A shared entity (`demining`, which Cambodia's dataset declares) described by a second
 * dataset too: the node holds both views merged (aliases unite; a scalar from the dataset of
 * higher precedence), and unloading or changing the second dataset gives Cambodia's view
 * back. Before, the last load overwrote the node and unloading left it overwritten.
 */

describe('an entity two datasets describe', () => {
  let executor: GraphExecutor;
  let dir: string;
  const loaded: string[] = [];

  /** A second article's dataset, declaring demining its own way. */
  const second = (demining: string, precedence?: number) => {
    const source = uniqueId('second');
    loaded.push(source);
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(
      file,
      `source:
  id: ${source}
  title: A second article
  text: ${source}.txt
${precedence === undefined ? '' : `  precedence: ${precedence}\n`}  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Country, id: USA, iso2: US, name: United States }
  - { kind: Issue, id: demining, ${demining} }
statements:
  - kind: FUNDS
    subject: USA
    object: demining
    evidence: [{ section: lead, quote: "The United States funds demining" }]
`,
    );
    return { source, file };
  };
  const load = async (file: string) => {
    const result = await loadFiles(executor, [file], {
      sourcesDirs: [],
      batchSize: 100,
      transactionTimeoutMs: 60_000,
    });
    expect(result.validation.problems).toEqual([]);
    return result;
  };
  const demining = async () =>
    (
      await executor.read<{ e: Record<string, unknown> }>(
        `MATCH (e:Issue {id: 'demining'})
         RETURN e {.name, .category, .aliases, .description, .lookupKeys} AS e`,
      )
    )[0]?.e;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-provenance-'));
  });

  afterAll(async () => {
    for (const source of loaded) await purgeSource(executor, source);
    await executor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('unites the aliases, and gives them back when the second dataset leaves', async () => {
    // As the datasets loaded so far describe it (Cambodia's, and any other test's left).
    const cambodia = await demining();
    expect(cambodia).toMatchObject({ name: 'Demining', category: 'security' });
    const { source, file } = second(
      'category: security, name: Demining, aliases: [mine action], description: Clearing mines.',
    );
    await load(file);
    const merged = await demining();
    expect(merged?.aliases).toEqual([
      ...new Set([...(cambodia?.aliases as string[]), 'mine action']),
    ]);
    expect(merged).toMatchObject({ name: 'Demining', category: 'security' });
    expect((await demining())?.lookupKeys).toContain('mine action');

    await purgeSource(executor, source);
    expect(await demining()).toEqual(cambodia);
  });

  it('takes a scalar from the dataset of higher precedence, and restores it when that dataset changes', async () => {
    const cambodia = await demining();
    const { file } = second('category: development, name: Demining', 1);
    await load(file);
    expect((await demining())?.category).toBe('development');

    // The second dataset no longer declares demining (nor anything that names it).
    writeFileSync(
      file,
      `source:
  id: ${loaded.at(-1)}
  title: A second article
  text: x.txt
  precedence: 1
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Country, id: USA, iso2: US, name: United States }
statements: []
`,
    );
    await load(file);
    expect(await demining()).toEqual(cambodia);
  });

  it('refuses a dataset that says a shared entity otherwise at the same precedence, naming both places', async () => {
    const before = await demining();
    const { file } = second('category: development, name: Demining');
    const result = await loadFiles(executor, [file], {
      sourcesDirs: [],
      batchSize: 100,
      transactionTimeoutMs: 60_000,
    });
    expect(result.written).toEqual([]);
    expect(result.validation.problems).toEqual([
      {
        file,
        line: 9,
        column: 1,
        message: expect.stringMatching(
          /^entity "demining" has category "development" here but "security" in .*cambodia\.yaml:\d+; give one dataset a higher source\.precedence to say which wins$/,
        ),
      },
    ]);
    expect(await demining()).toEqual(before);
  });

  it('warns of a new id with the name of an entity the graph holds, naming where it is declared', async () => {
    const source = uniqueId('near');
    loaded.push(source);
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(
      file,
      `source:
  id: ${source}
  title: A third article
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Issue, id: mine-action, category: security, name: Demining }
  - { kind: Organisation, id: demining-fund, type: ngo, name: Demining }
statements: []
`,
    );
    const result = await load(file);
    // The issue has the name of Cambodia's `demining`; the organisation, of another kind, not.
    expect(result.written[0]?.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: entity "mine-action" has the name of "demining" \\(.*cambodia\\.yaml:\\d+\\): the same issue under two ids\\? Use one id for one entity$`,
        ),
      ),
    ]);
  });
});

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { graphWithCambodia, loadTestDataset, runCli } from './helpers';

/*
 * `diplograph draft`, end to end through the CLI. An article with nothing to draft is refused
 * and nothing is written. With --graph, the draft links to the entities already in the graph:
 * an organisation whose name says nothing of what it is, known only from a loaded dataset, is
 * named in the draft with --graph and missed without it.
 */

const SOURCE = 'draft-graph-test';

const DATASET = `
source:
  id: ${SOURCE}
  title: A dataset of the draft test
  text: draft-graph-test.txt
  sections: [{ id: lead, heading: null }]
entities:
  - { kind: Organisation, id: zeta-circle, type: intergovernmental, name: Zeta Circle, acronym: ZC, aliases: [ZC] }
  - { kind: Organisation, id: omega-ring, type: intergovernmental, name: Omega Ring }
statements:
  - kind: COOPERATES_WITH
    subject: zeta-circle
    object: omega-ring
    evidence: [{ section: lead, quote: "Zeta Circle works with Omega Ring" }]
`;

describe('draft --graph', () => {
  let executor: GraphExecutor;
  let dir: string;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-draft-graph-'));
    await loadTestDataset(executor, dir, SOURCE, DATASET);
  });

  afterAll(async () => {
    await purgeSource(executor, SOURCE);
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an article with no sentence, writing nothing and leaving no stack', async () => {
    const article = path.join(dir, 'empty-foreign-relations.txt');
    writeFileSync(article, '\n\n');
    const out = path.join(dir, 'empty.yaml');
    const refused = await runCli(['draft', article, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has no sentence to draft from; nothing was written');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.draft'))).toEqual([]);
  });

  it('links to an entity only the graph holds, and declares it as the graph has it', async () => {
    const article = path.join(dir, 'laos-notes.txt');
    writeFileSync(article, 'Laos joined Zeta Circle in 2004. It hosts the ZC secretariat.\n');
    const without = path.join(dir, 'without.yaml');
    const offline = await runCli(['draft', article, '--out', without]);
    expect(offline.stderr).not.toMatch(/\n\s+at /);
    expect(offline.code).toBe(0);
    expect(readFileSync(without, 'utf8')).not.toContain('zeta-circle');

    const withGraph = path.join(dir, 'with.yaml');
    const linked = await runCli(['draft', article, '--out', withGraph, '--graph']);
    expect(linked.stderr).not.toMatch(/\n\s+at /);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toMatch(/it validates against the article/);
    const draft = readFileSync(withGraph, 'utf8');
    expect(draft).toMatch(
      /# known already, named in section lead: "Laos joined Zeta Circle in 2004."\n {2}- \{ kind: Organisation, id: zeta-circle, name: "Zeta Circle",/,
    );
    expect(draft).toMatch(
      /- \{ kind: MEMBER_OF, subject: LAO, object: zeta-circle, qualifiers: \{ since: 2004 \}/,
    );
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import {
  ROOT,
  graphWithCambodia,
  graphql,
  loadTestDataset,
  startTestServer,
  uniqueId,
} from './helpers';

/*
 * Answers kept to chosen articles: with Cambodia and a second country (the Laos fixture,
 * under a source id of its own) loaded together, `sources` keeps each traversal, search,
 * the statistics and the relation questions to what the chosen sources state.
 */

const CAMBODIA = 'cambodia-foreign-relations';

describe('sources: answers within chosen articles', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;
  let laos: string;

  const ask = async (query: string) => (await graphql(server.url, query)).body;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-sources-'));
    laos = uniqueId('laos');
    const fixture = readFileSync(path.join(ROOT, 'tests', 'fixtures', 'datasets', 'laos.yaml'));
    await loadTestDataset(
      executor,
      dir,
      laos,
      fixture.toString().replace('id: laos-relations-fixture', `id: ${laos}`),
    );
    server = await startTestServer(executor);
  });

  afterAll(async () => {
    await server?.stop();
    if (laos) await purgeSource(executor, laos);
    await executor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a relation question to the sources asked for', async () => {
    const funders = (sources: string) =>
      ask(
        `{ funders(issue: "demining", sources: ${sources}) { from { id } qualifiers { in { id } } source { id } } }`,
      );
    const both = await funders(`["${CAMBODIA}", "${laos}"]`);
    expect(
      both.data.funders.map((f: any) => [f.from.id, f.qualifiers.in.id, f.source.id]).sort(),
    ).toEqual([
      ['USA', 'KHM', CAMBODIA],
      ['USA', 'LAO', laos],
    ]);
    const one = await funders(`["${laos}"]`);
    expect(one.data.funders.map((f: any) => f.qualifiers.in.id)).toEqual(['LAO']);
    const timeline = await ask(`{ timeline(entity: "LAO", sources: ["${CAMBODIA}"]) { year } }`);
    expect(timeline.data.timeline).toEqual([]);
    const relations = await ask(
      `{ relations(filter: { involving: "LAO", sources: ["${laos}"] }, first: 10) { totalCount } }`,
    );
    expect(relations.data.relations.totalCount).toBe(4);
  });

  it('keeps a path to relations the sources state', async () => {
    const paths = (sources: string) =>
      ask(
        `{ paths(from: "LAO", to: "KHM", maxHops: 3, sources: ${sources}) { length entities { id } } }`,
      );
    const across = await paths(`["${CAMBODIA}", "${laos}"]`);
    expect(across.data.paths[0]).toEqual({
      length: 2,
      entities: [{ id: 'LAO' }, { id: 'asean' }, { id: 'KHM' }],
    });
    expect((await paths(`["${CAMBODIA}"]`)).data.paths).toEqual([]);
    expect((await paths(`["${laos}"]`)).data.paths).toEqual([]);
  });

  it('keeps a neighbourhood to relations the sources state', async () => {
    const edges = await ask(
      `{ neighbourhood(id: "asean", depth: 1, sources: ["${laos}"]) { truncated edges { source target kind } } }`,
    );
    expect(edges.data.neighbourhood.truncated).toBe(false);
    expect(
      edges.data.neighbourhood.edges.map((e: any) => `${e.source} ${e.kind} ${e.target}`).sort(),
    ).toEqual(['LAO HOSTS asean', 'LAO MEMBER_OF asean']);
  });

  it('keeps a search to entities the sources describe', async () => {
    const search = (sources: string) =>
      ask(`{ search(text: "Laos", sources: ${sources}) { entity { id } } }`);
    expect((await search(`["${laos}"]`)).data.search.map((h: any) => h.entity.id)).toContain('LAO');
    expect((await search(`["${CAMBODIA}"]`)).data.search).toEqual([]);
  });

  it('counts what the sources describe and state', async () => {
    const stats = await ask(
      `{ statistics(sources: ["${laos}"]) { entities { kind count } relations { kind count } mostConnected(first: 2) { entity { id } degree } } }`,
    );
    expect(stats.data.statistics).toEqual({
      entities: [
        { kind: 'COUNTRY', count: 3 },
        { kind: 'ORGANISATION', count: 1 },
        { kind: 'AGREEMENT', count: 0 },
        { kind: 'ISSUE', count: 2 },
        { kind: 'PROJECT', count: 0 },
        { kind: 'EVENT', count: 0 },
      ],
      relations: [
        { kind: 'MEMBER_OF', count: 1 },
        { kind: 'FUNDS', count: 2 },
        { kind: 'HOSTS', count: 1 },
      ],
      mostConnected: [
        { entity: { id: 'LAO' }, degree: 2 },
        { entity: { id: 'asean' }, degree: 2 },
      ],
    });
  });

  it('says which source it does not know', async () => {
    const unknown = await ask(`{ paths(from: "LAO", to: "KHM", sources: ["nowhere"]) { length } }`);
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'No source has the id "nowhere"',
      extensions: { code: 'NOT_FOUND', argument: 'sources', id: 'nowhere' },
    });
  });
});

import path from 'node:path';
import {
  FieldNode,
  Kind,
  ObjectFieldNode,
  ObjectValueNode,
  OperationDefinitionNode,
  getNamedType,
  isInputObjectType,
  isObjectType,
  parse,
  print,
  visit,
} from 'graphql';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { readCatalogue } from '../../src/ingest/catalogue';
import { loadFiles } from '../../src/ingest/load';
import { RunningServer } from '../../src/server/app';
import { readExamples } from '../../src/server/playground';
import { buildAppSchema } from '../../src/server/schema';
import { FIXTURE_SOURCES, ROOT, graphWithCambodia, graphql, startTestServer } from './helpers';

/*
 * Many articles, one graph: Cambodia, then three more countries of the series (the Laos,
 * Vietnam and Thailand fixtures: articles written for the tests, their quotes verified
 * against them) loaded beside it with the reference catalogue. Every question the Cambodia
 * article answers gets the same answer within Cambodia's article as before; each fixture's
 * own questions, in the series vocabulary, are answered; the catalogue describes what a
 * dataset names without declaring, and goes with the last dataset that names it.
 */

const CAMBODIA = 'cambodia-foreign-relations';
const FIXTURES = ['laos', 'vietnam', 'thailand'];
const SOURCE_IDS = FIXTURES.map((name) => `${name}-relations-fixture`);

/** `sources: ["cambodia-foreign-relations"]`, as an argument or an input field. */
const CAMBODIA_ONLY = {
  kind: Kind.LIST,
  values: [{ kind: Kind.STRING, value: CAMBODIA }],
} as const;

/**
 * An operation of docs/queries.graphql kept to Cambodia's article: every top-level field
 * that takes `sources` (as an argument, or in its `filter`) is given Cambodia's alone.
 */
function withinCambodia(
  document: string,
  sourced: ReadonlySet<string>,
  filtered: ReadonlySet<string>,
): string {
  const keep = (field: FieldNode): FieldNode => {
    const args = field.arguments ?? [];
    if (sourced.has(field.name.value) && !args.some((a) => a.name.value === 'sources'))
      return {
        ...field,
        arguments: [
          ...args,
          {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'sources' },
            value: CAMBODIA_ONLY,
          },
        ],
      };
    if (!filtered.has(field.name.value)) return field;
    const sources: ObjectFieldNode = {
      kind: Kind.OBJECT_FIELD,
      name: { kind: Kind.NAME, value: 'sources' },
      value: CAMBODIA_ONLY,
    };
    const filter = args.find((a) => a.name.value === 'filter');
    const value: ObjectValueNode =
      filter?.value.kind === Kind.OBJECT
        ? { ...filter.value, fields: [...filter.value.fields, sources] }
        : { kind: Kind.OBJECT, fields: [sources] };
    return {
      ...field,
      arguments: [
        ...args.filter((a) => a !== filter),
        { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'filter' }, value },
      ],
    };
  };
  return print(
    visit(parse(document), {
      OperationDefinition: (operation: OperationDefinitionNode) => ({
        ...operation,
        selectionSet: {
          ...operation.selectionSet,
          selections: operation.selectionSet.selections.map((selection) =>
            selection.kind === Kind.FIELD ? keep(selection) : selection,
          ),
        },
      }),
    }),
  );
}

describe('the series: four countries in one graph', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let sourced: Set<string>;
  let filtered: Set<string>;
  const before = new Map<string, unknown>();

  const ask = async (query: string) => {
    const { body } = await graphql(server.url, query);
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  // A search score is relative to the whole index (Lucene weighs a term by how rare it is
  // among all names): more entities, other scores. The order and the match are compared.
  const withoutScores = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, v) => (key === 'score' ? undefined : v));
  const cambodiaAnswers = async () => {
    const answers = new Map<string, unknown>();
    for (const { name, query } of readExamples())
      answers.set(name, withoutScores(await ask(withinCambodia(query, sourced, filtered))));
    return answers;
  };

  beforeAll(async () => {
    const schema = await buildAppSchema();
    const root = schema.getQueryType();
    if (!root || !isObjectType(root)) throw new Error('no Query type');
    sourced = new Set(
      Object.values(root.getFields())
        .filter((field) => field.args.some((a) => a.name === 'sources'))
        .map((field) => field.name),
    );
    filtered = new Set(
      Object.values(root.getFields())
        .filter((field) =>
          field.args.some((a) => {
            const type = getNamedType(a.type);
            return a.name === 'filter' && isInputObjectType(type) && 'sources' in type.getFields();
          }),
        )
        .map((field) => field.name),
    );
    executor = await graphWithCambodia();
    for (const id of SOURCE_IDS) await purgeSource(executor, id);
    server = await startTestServer(executor);
    for (const [name, answer] of await cambodiaAnswers()) before.set(name, answer);

    const loaded = await loadFiles(
      executor,
      FIXTURES.map((name) => path.join(ROOT, 'tests', 'fixtures', 'datasets', `${name}.yaml`)),
      {
        catalogue: readCatalogue(path.join(ROOT, 'catalogue')),
        sourcesDirs: [FIXTURE_SOURCES],
        batchSize: 200,
        transactionTimeoutMs: 60_000,
      },
    );
    expect(loaded.validation.problems).toEqual([]);
    expect(loaded.validation.summaries.map((s) => s.quotesVerified)).toEqual([true, true, true]);
  });

  afterAll(async () => {
    await server?.stop();
    for (const id of SOURCE_IDS) await purgeSource(executor, id);
    await executor?.close();
  });

  it('asks every question of the Cambodia article with sources, or there is none to ask', () => {
    expect(before.size).toBe(readExamples().length);
    expect(sourced.has('funders')).toBe(true);
    expect(filtered.has('relations')).toBe(true);
  });

  it("answers every question of the Cambodia article as before, within Cambodia's article", async () => {
    const after = await cambodiaAnswers();
    for (const [name, answer] of before) expect([name, after.get(name)]).toEqual([name, answer]);
  });

  it('answers how diplomatic relations changed, in order, across articles', async () => {
    const data = await ask(`{
      timeline(entity: "VNM") {
        year
        entries { relation { kind from { id } to { id } qualifiers { change } } }
      }
    }`);
    const changes = data.timeline.flatMap((entry: any) =>
      entry.entries
        .filter((e: any) => e.relation.kind === 'DIPLOMATIC_RELATIONS')
        .map((e: any) => [
          entry.year,
          [e.relation.from.id, e.relation.to.id].sort().join('-'),
          e.relation.qualifiers.change,
        ]),
    );
    expect(changes).toEqual([
      [1950, 'CHN-VNM', 'ESTABLISHED'],
      [1962, 'LAO-VNM', 'ESTABLISHED'],
      [1976, 'THA-VNM', 'ESTABLISHED'],
      [1991, 'CHN-VNM', 'RESTORED'],
      [1995, 'USA-VNM', 'ESTABLISHED'],
    ]);
    const thailand = await ask(`{
      entity(id: "THA") {
        relations(kinds: [DIPLOMATIC_RELATIONS], first: 20) {
          nodes { from { id } to { id } qualifiers { change year } }
        }
      }
    }`);
    const withCambodia = thailand.entity.relations.nodes
      .filter((r: any) => r.to.id === 'KHM' || r.from.id === 'KHM')
      .map((r: any) => [r.qualifiers.change, r.qualifiers.year])
      .sort();
    expect(withCambodia).toEqual([
      ['DOWNGRADED', 2003],
      ['RESTORED', null],
    ]);
  });

  it('answers who chaired ASEAN, and when, from two articles', async () => {
    const data = await ask(`{
      entity(id: "asean") {
        relations(kinds: [CHAIRS], direction: INCOMING, first: 20) {
          nodes { from { id } qualifiers { year } }
        }
      }
    }`);
    const chairs = data.entity.relations.nodes
      .map((r: any) => [r.from.id, r.qualifiers.year])
      .sort((a: any[], b: any[]) => a[1] - b[1]);
    expect(chairs).toEqual([
      ['VNM', 2010],
      ['THA', 2019],
      ['VNM', 2020],
    ]);
  });

  it('answers what a project is part of, who builds it, who pays and where it is', async () => {
    const data = await ask(`{
      entity(id: "bangkok-nong-khai-high-speed-railway") {
        kind
        ... on Project { projectType projectStatus startYear endYear }
        relations(direction: BOTH, first: 20) {
          nodes { kind from { id } to { id } qualifiers { since amount currency } }
        }
      }
      projects(filter: { projectType: TRANSPORT }, first: 20) { totalCount nodes { id } }
    }`);
    expect(data.entity).toMatchObject({
      kind: 'PROJECT',
      projectType: 'TRANSPORT',
      projectStatus: 'UNDER_CONSTRUCTION',
      startYear: 2017,
      endYear: null,
    });
    const relations = data.entity.relations.nodes.map((r: any) => [r.kind, r.from.id, r.to.id]);
    expect(relations).toEqual(
      expect.arrayContaining([
        ['PART_OF', 'bangkok-nong-khai-high-speed-railway', 'belt-and-road-initiative'],
        ['BUILDS', 'CHN', 'bangkok-nong-khai-high-speed-railway'],
        ['LOCATED_IN', 'bangkok-nong-khai-high-speed-railway', 'THA'],
      ]),
    );
    const paid = data.entity.relations.nodes.find((r: any) => r.qualifiers.amount !== null);
    expect(paid.qualifiers).toMatchObject({ amount: 179_000_000_000, currency: 'THB' });
    // Those of the fixtures (other tests' entities have ids of uniqueId, `test-...`).
    const listed = data.projects.nodes
      .map((p: any) => p.id)
      .filter((id: string) => !id.startsWith('test-'));
    expect(listed.sort()).toEqual([
      'bangkok-mrt-purple-line',
      'bangkok-nong-khai-high-speed-railway',
      'cat-linh-ha-dong-line',
      'first-thai-lao-friendship-bridge',
      'nhat-tan-bridge',
    ]);
  });

  it('answers who lends to Vietnam and for what, apart from grants', async () => {
    const data = await ask(`{
      entity(id: "VNM") {
        relations(kinds: [LENDS], direction: INCOMING, first: 20) {
          nodes { from { id } qualifiers { purpose { id kind } via { id } } }
        }
      }
      funders(issue: "demining") { from { id } }
    }`);
    const loans = data.entity.relations.nodes.map((r: any) => [
      r.from.id,
      r.qualifiers.purpose?.id,
      r.qualifiers.via?.id ?? null,
    ]);
    expect(loans.sort()).toEqual([
      ['CHN', 'cat-linh-ha-dong-line', null],
      ['JPN', 'nhat-tan-bridge', 'jica'],
    ]);
    expect(data.entity.relations.nodes[0].qualifiers.purpose.kind).toBe('PROJECT');
  });

  it('answers who fought whom, during which war, and who rules with which party', async () => {
    const data = await ask(`{
      conflicts: entity(id: "VNM") {
        relations(kinds: [CONFLICT_WITH], first: 20) {
          nodes { from { id } to { id } qualifiers { since until year during { id eventType } } }
        }
      }
      parties: relations(filter: { kinds: [GOVERNS] }, first: 20) {
        nodes { from { id ... on Organisation { organisationType } } to { id } qualifiers { since } }
      }
      events(filter: { eventType: CONFLICT }, first: 20) { nodes { id startYear endYear } }
    }`);
    const conflicts = data.conflicts.relations.nodes
      .map((r: any) => [
        [r.from.id, r.to.id].find((id: string) => id !== 'VNM'),
        r.qualifiers.during.id,
        r.qualifiers.during.eventType,
      ])
      .sort();
    expect(conflicts).toEqual([
      ['CHN', 'sino-vietnamese-war', 'CONFLICT'],
      ['KHM', 'cambodian-vietnamese-war', 'CONFLICT'],
    ]);
    const parties = data.parties.nodes.map((r: any) => [
      r.from.id,
      r.from.organisationType,
      r.to.id,
    ]);
    expect(parties.sort()).toEqual([
      ['communist-party-of-vietnam', 'PARTY', 'VNM'],
      ['lao-peoples-revolutionary-party', 'PARTY', 'LAO'],
    ]);
    expect(data.events.nodes.map((e: any) => e.id).sort()).toEqual([
      'cambodian-thai-border-clashes',
      'cambodian-vietnamese-war',
      'sino-vietnamese-war',
    ]);
  });

  it('answers who takes part in a framework of six countries, and an exercise one hosts', async () => {
    const data = await ask(`{
      framework: entity(id: "mekong-lancang-cooperation") {
        ... on Agreement { agreementType parties { from { id } } }
      }
      exercise: entity(id: "cobra-gold") {
        relations(direction: INCOMING, first: 20) { nodes { kind from { id } qualifiers { since } } }
      }
    }`);
    expect(data.framework.agreementType).toBe('FRAMEWORK');
    expect(data.framework.parties.map((p: any) => p.from.id).sort()).toEqual([
      'CHN',
      'KHM',
      'LAO',
      'MMR',
      'THA',
      'VNM',
    ]);
    const exercise = data.exercise.relations.nodes.map((r: any) => [r.kind, r.from.id]);
    expect(exercise).toEqual(
      expect.arrayContaining([
        ['HOSTS', 'THA'],
        ['TAKES_PART_IN', 'USA'],
      ]),
    );
  });

  it('takes from the catalogue what a dataset names without declaring, and finds it by demonym', async () => {
    const data = await ask(`{
      entity(id: "MMR") { name aliases ... on Country { officialName demonyms iso2 } }
      search(text: "Burmese", first: 3) { entity { id } }
      byOfficialName: country(name: "Republic of the Union of Myanmar") { id }
      cambodia: entity(id: "KHM") { name ... on Country { officialName } }
    }`);
    expect(data.entity).toMatchObject({
      name: 'Myanmar',
      officialName: 'Republic of the Union of Myanmar',
      demonyms: ['Burmese'],
      iso2: 'MM',
    });
    expect(data.entity.aliases).toContain('Burma');
    expect(data.search.map((hit: any) => hit.entity.id)).toContain('MMR');
    expect(data.byOfficialName).toEqual({ id: 'MMR' });
    // What Cambodia's dataset says wins; the catalogue adds what it leaves out.
    expect(data.cambodia).toEqual({ name: 'Cambodia', officialName: 'Kingdom of Cambodia' });
  });

  it('drops what only one dataset named, and the catalogue with it, when that dataset goes', async () => {
    await purgeSource(executor, 'thailand-relations-fixture');
    const gone = await graphql(server.url, '{ myanmar: entity(id: "MMR") { id } }');
    expect(gone.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'MMR' });
    const thailand = await graphql(server.url, '{ thailand: entity(id: "THA") { id } }');
    expect(thailand.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'THA' });
    const data = await ask('{ asean: entity(id: "asean") { name } }');
    expect(data.asean).toEqual({ name: 'Association of Southeast Asian Nations' });
    const after = await cambodiaAnswers();
    for (const [name, answer] of before) expect([name, after.get(name)]).toEqual([name, answer]);
  });
});

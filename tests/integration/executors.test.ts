import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { graphWithCambodia, graphql, startTestServer } from './helpers';

/*
 * The server executes operations with graphql-jit (GRAPHQL_EXECUTOR=jit, the default) or with
 * graphql-js. Every document here, answers and errors alike, must come back byte for byte the
 * same from both: what the compiled executor gives is what the reference executor gives.
 */

const DOCUMENTS: Array<[string, string, Record<string, unknown>?, string?]> = [
  ['a look-up', '{ country(id: "KHM") { id iso3 iso2 name aliases wikidataId kind __typename } }'],
  [
    'nested relations through fragments and aliases',
    `{ entity(id: "KHM") { id ... on Country { iso2 } out: relations(direction: OUTGOING, first: 5) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind modality symmetric
        from { id } to { __typename id name ... on Organisation { acronym members: relations(kinds: [MEMBER_OF], direction: INCOMING, first: 3) { nodes { from { id } } } } } } } }
        any: relations(first: 3) { nodes { id qualifiers { since year role } evidence { quote section source { id } } source { id title } } } } }`,
  ],
  [
    '@skip and @include with variables',
    'query ($more: Boolean!, $less: Boolean!) { country(id: "KHM") { id name @include(if: $more) iso2 @skip(if: $less) relations(first: 2) @include(if: $more) { nodes { kind } } } }',
    { more: true, less: true },
  ],
  [
    'a list with its cursor, then the next page',
    '{ countries(first: 3) { totalCount nodes { id name } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
  ],
  [
    'the traversals',
    `{ funders(issue: "demining") { id kind from { id name } to { id } qualifiers { in { id } } }
       paths(from: "KHM", to: "asean", maxHops: 3, first: 2) { length entities { id } relations { kind } }
       neighbourhood(id: "asean", depth: 2, limit: 30) { truncated nodes { id label kind depth } edges { id source target kind symmetric relation { id evidence { quote } } } }
       search(text: "asean", first: 3) { score match entity { id name } } }`,
  ],
  [
    'statistics, sources and the graph itself',
    '{ statistics { entities { kind count } relations { kind count } mostConnected(first: 3) { entity { id } degree } } graphInfo { sources { id title } } }',
  ],
  [
    'an unknown id, with a partial answer beside it',
    '{ known: entity(id: "KHM") { id } unknown: entity(id: "NOWHERE") { id } }',
  ],
  [
    'a bad argument deep in a nested selection',
    '{ country(id: "KHM") { relations(first: 2) { nodes { to { id relations(first: 100000) { nodes { id } } } } } } }',
  ],
  ['a bad cursor', '{ countries(first: 2, after: "not-a-cursor") { nodes { id } } }'],
  ['a mutation without a token', 'mutation { retractRelation(id: "x", reason: "test") { id } }'],
  [
    'an operation name that is not in the document',
    'query A { country(id: "KHM") { id } }',
    {},
    'B',
  ],
  [
    'two operations and no name',
    'query A { country(id: "KHM") { id } } query B { country(id: "KHM") { name } }',
  ],
  [
    'the second of two operations',
    'query A { a: country(id: "KHM") { id } } query B { country(id: "KHM") { name } }',
    {},
    'B',
  ],
  [
    'variables of the wrong type',
    'query ($n: Int!) { countries(first: $n) { nodes { id } } }',
    { n: 'ten' },
  ],
];

describe('graphql-jit and graphql-js give the same answers', () => {
  let executor: GraphExecutor;
  let jit: RunningServer;
  let reference: RunningServer;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    jit = await startTestServer(executor, { api: { executor: 'jit' } });
    reference = await startTestServer(executor, { api: { executor: 'graphql-js' } });
  });

  afterAll(async () => {
    await jit?.stop();
    await reference?.stop();
    await executor?.close();
  });

  /** Status and body of a POST, with an operation name when given. */
  const ask = async (
    url: string,
    query: string,
    variables: Record<string, unknown>,
    operationName?: string,
  ) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  // Rows of four, always: jest hands a test whose function takes more arguments than its row
  // a done callback, and waits for it to be called.
  const rows = DOCUMENTS.map(([name, document, variables, operationName]) => [
    name,
    document,
    variables ?? {},
    operationName,
  ]) as Array<[string, string, Record<string, unknown>, string | undefined]>;

  it.each(rows)('%s', async (_name, document, variables, operationName) => {
    const [a, b] = await Promise.all([
      ask(jit.url, document, variables, operationName),
      ask(reference.url, document, variables, operationName),
    ]);
    expect(a.status).toBe(b.status);
    expect(a.body).toEqual(b.body);
    // Each document asks something real: data, or errors that say what went wrong.
    expect(a.body.data !== undefined || (a.body.errors ?? []).length > 0).toBe(true);
  });

  it('answers the same document many times from one compiled operation', async () => {
    const document = '{ country(id: "KHM") { id relations(first: 2) { nodes { kind } } } }';
    const first = await graphql(jit.url, document);
    for (let i = 0; i < 5; i++) expect((await graphql(jit.url, document)).body).toEqual(first.body);
    expect(first.body.data.country.relations.nodes).toHaveLength(2);
  });
});

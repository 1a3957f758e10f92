import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { graphWithCambodia, graphql, startTestServer } from './helpers';

/*
 * A list without pages is whole or refused: with MAX_LIST_SIZE at 1, every such list of the
 * article graph that holds two or more items is refused with QUERY_TOO_COMPLEX, naming the
 * field and how to narrow it; at the default, the same lists come back whole.
 */

const LISTS: Array<[string, string, string]> = [
  ['funders', '{ funders(issue: "education") { id } }', 'funders'],
  ['concerns', '{ concerns(issue: "human-rights") { id } }', 'concerns'],
  ['donors', '{ donors(recipient: "KHM") { donor { id } } }', 'donors'],
  ['memberships', '{ memberships(member: "KHM") { id } }', 'memberships'],
  ['timeline', '{ timeline(entity: "KHM") { year } }', 'timeline'],
  [
    'parties',
    '{ entity(id: "everything-but-arms") { ... on Agreement { parties { id } } } }',
    'parties',
  ],
];

describe('lists without pages', () => {
  let executor: GraphExecutor;
  let small: RunningServer;
  let usual: RunningServer;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    small = await startTestServer(executor, { api: { maxListSize: 1 } });
    usual = await startTestServer(executor);
  });

  afterAll(async () => {
    await small?.stop();
    await usual?.stop();
    await executor?.close();
  });

  it.each(LISTS)('%s: whole at the default, refused above the cap', async (_name, query, field) => {
    const whole = await graphql(usual.url, query);
    expect(whole.body.errors).toBeUndefined();
    expect(JSON.stringify(whole.body.data).match(/"id"|"year"/g)?.length).toBeGreaterThan(1);

    const refused = await graphql(small.url, query);
    const [error] = refused.body.errors ?? [];
    expect(error.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'results',
      max: 1,
    });
    expect(error.message).toMatch(
      new RegExp(`^${field}: the answer would hold more than 1 items \\(MAX_LIST_SIZE\\); `),
    );
  });

  it('answers a list that fits the cap', async () => {
    const one = await graphql(small.url, '{ lookup(name: "Cambodia") { id } }');
    expect(one.body).toEqual({ data: { lookup: [{ id: 'KHM' }] } });
  });
});

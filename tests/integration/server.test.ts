import { GraphExecutor } from '../../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import { RunningServer } from '../../src/server/app';
import { graphql, startTestServer, testExecutor, uniqueId } from './helpers';

describe('API server over the real Neo4j', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  const countryId = uniqueId('country');
  const organisationId = uniqueId('org');

  beforeAll(async () => {
    executor = testExecutor();
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    server = await startTestServer(executor);
    await executor.write(
      `CREATE (:Entity:Country {id: $countryId, name: 'Testland', aliases: ['TL', 'Republic of Testland'], description: 'A country made by a test', wikidataId: 'Q4115189'})
       CREATE (:Entity:Organisation {id: $organisationId, name: 'Test Union', aliases: []})`,
      { countryId, organisationId },
    );
  });

  afterAll(async () => {
    await executor.write('MATCH (e:Entity) WHERE e.id IN $ids DETACH DELETE e', {
      ids: [countryId, organisationId],
    });
    await server.stop();
    await executor.close();
  });

  it('answers { __typename }', async () => {
    const { status, body } = await graphql(server.url, '{ __typename }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('reads an entity written to Neo4j, typed by its kind', async () => {
    const query = `query ($id: ID!) { entity(id: $id) { __typename id kind name aliases description wikidataId } }`;
    const country = await graphql(server.url, query, { id: countryId });
    expect(country.body.errors).toBeUndefined();
    expect(country.body.data.entity).toEqual({
      __typename: 'Country',
      id: countryId,
      kind: 'COUNTRY',
      name: 'Testland',
      aliases: ['TL', 'Republic of Testland'],
      description: 'A country made by a test',
      wikidataId: 'Q4115189',
    });
    const organisation = await graphql(server.url, query, { id: organisationId });
    expect(organisation.body.data.entity).toMatchObject({
      __typename: 'Organisation',
      kind: 'ORGANISATION',
      aliases: [],
      description: null,
    });
  });

  it('answers an unknown id with NOT_FOUND and no stack trace', async () => {
    const { body } = await graphql(server.url, '{ entity(id: "no-such-entity") { id } }');
    expect(body.data).toEqual({ entity: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].extensions).toEqual({
      code: 'NOT_FOUND',
      argument: 'id',
      id: 'no-such-entity',
    });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('reports the graph it reads, with the applied migrations', async () => {
    const { body } = await graphql(
      server.url,
      '{ graphInfo { neo4jVersion edition database nodeCount relationshipCount migrations { version name checksum appliedAt } } }',
    );
    expect(body.errors).toBeUndefined();
    const info = body.data.graphInfo;
    expect(info.neo4jVersion).toMatch(/^5\.26\./);
    expect(info.edition).toBe('community');
    expect(info.database).toBe('neo4j');
    expect(info.nodeCount).toBeGreaterThanOrEqual(2);
    expect(info.migrations.map((m: { version: number }) => m.version)).toEqual(
      readMigrations(MIGRATIONS_DIR).map((m) => m.version),
    );
    expect(new Date(info.migrations[0].appliedAt).getTime()).not.toBeNaN();
  });

  it('rejects a malformed document with a parse error', async () => {
    const { status, body } = await graphql(server.url, '{ entity(id: ');
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('serves /health and /ready', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', neo4j: { edition: 'community' } });
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await fetch(`${server.url}/health`, {
      headers: { 'x-request-id': 'not a valid id' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

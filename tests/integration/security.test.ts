import { serverAudits } from 'graphql-http';
import { createHash } from 'node:crypto';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer, ServerOptions } from '../../src/server/app';
import { SignJWT } from 'jose';
import { signToken } from '../../src/server/auth';
import { census, graphWithCambodia, startTestServer, uniqueId } from './helpers';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUTH = { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false };

interface Reply {
  status: number;
  body: any;
}

describe('safety under abuse', () => {
  let executor: GraphExecutor;
  const servers: RunningServer[] = [];
  let main: RunningServer;
  let editor: string;
  let reader: string;

  async function serve(extra: Partial<ServerOptions> = {}): Promise<RunningServer> {
    const server = await startTestServer(executor, {
      auth: AUTH,
      ...extra,
    });
    servers.push(server);
    return server;
  }

  async function post(
    server: RunningServer,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) };
  }

  const gql = (server: RunningServer, query: string, variables?: unknown, token?: string) =>
    post(server, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});

  beforeAll(async () => {
    executor = await graphWithCambodia();
    main = await serve();
    editor = await signToken(SECRET, {
      subject: 'eve-editor',
      roles: ['editor'],
      expiresIn: '10m',
    });
    reader = await signToken(SECRET, {
      subject: 'rob-reader',
      roles: ['reader'],
      expiresIn: '10m',
    });
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await executor.close();
  });

  describe('limits: the limit passes, one more fails, also through fragments', () => {
    let tight: RunningServer;
    beforeAll(async () => {
      tight = await serve({ api: { maxDepth: 4, maxAliases: 2, maxCost: 60, maxTokens: 60 } });
    });

    const depth4 = '{ countries(first: 1) { nodes { relations(first: 1) { totalCount } } } }';
    const depth5 = '{ countries(first: 1) { nodes { relations(first: 1) { nodes { id } } } } }';

    it.each([
      ['plain', depth4, depth5],
      [
        'named fragments',
        '{ countries(first: 1) { ...C } } fragment C on CountryConnection { nodes { relations(first: 1) { totalCount } } }',
        '{ countries(first: 1) { ...C } } fragment C on CountryConnection { nodes { relations(first: 1) { nodes { id } } } }',
      ],
      [
        'inline fragments',
        '{ countries(first: 1) { ... on CountryConnection { nodes { ... on Country { relations(first: 1) { totalCount } } } } } }',
        '{ countries(first: 1) { ... on CountryConnection { nodes { ... on Country { relations(first: 1) { nodes { id } } } } } } }',
      ],
    ])('depth, %s', async (_how, ok, tooDeep) => {
      expect((await gql(tight, ok)).body.errors).toBeUndefined();
      const refused = await gql(tight, tooDeep);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'depth',
        max: 4,
      });
    });

    it.each([
      [
        'plain',
        '{ a: graphInfo { edition } b: graphInfo { edition } }',
        '{ a: graphInfo { edition } b: graphInfo { edition } c: graphInfo { edition } }',
      ],
      [
        'named fragments',
        '{ ...Q } fragment Q on Query { a: graphInfo { edition } b: graphInfo { edition } }',
        '{ ...Q } fragment Q on Query { a: graphInfo { edition } b: graphInfo { e: edition } }',
      ],
      [
        'inline fragments',
        '{ ... on Query { a: graphInfo { edition } } b: graphInfo { edition } }',
        '{ ... on Query { a: graphInfo { edition } } b: graphInfo { edition } ... on Query { c: graphInfo { edition } } }',
      ],
    ])('aliases, %s', async (_how, ok, tooMany) => {
      expect((await gql(tight, ok)).body.errors).toBeUndefined();
      const refused = await gql(tight, tooMany);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'aliases',
        max: 2,
      });
    });

    it.each([
      [
        'plain',
        '{ countries(first: 29) { nodes { id } } }',
        '{ countries(first: 30) { nodes { id } } }',
      ],
      [
        'named fragments',
        'query ($n: Int!) { countries(first: $n) { ...N } } fragment N on CountryConnection { nodes { id } }',
        'query ($n: Int!) { countries(first: $n) { ...N } } fragment N on CountryConnection { nodes { id } }',
      ],
      [
        'inline fragments',
        '{ countries(first: 29) { ... on CountryConnection { nodes { id } } } }',
        '{ countries(first: 30) { ... on CountryConnection { nodes { id } } } }',
      ],
    ])('cost, %s', async (how, ok, tooCostly) => {
      // 1 + first * (nodes 1 + id 1): 59 passes the limit of 60, 61 does not.
      const variables = how === 'named fragments' ? [{ n: 29 }, { n: 30 }] : [undefined, undefined];
      expect((await gql(tight, ok, variables[0])).body.errors).toBeUndefined();
      const refused = await gql(tight, tooCostly, variables[1]);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'cost',
        max: 60,
      });
    });

    it('tokens', async () => {
      const fields = (n: number) =>
        `{ graphInfo { ${Array.from({ length: n }, () => 'edition').join(' ')} } }`;
      // Braces and names: 5 tokens around the n repeated names.
      expect((await gql(tight, fields(55))).body.errors).toBeUndefined();
      const refused = await gql(tight, fields(56));
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      // graphql-js words it "more that".
      expect(refused.body.errors[0].message).toMatch(/contains more tha[nt] 60 tokens/);
    });

    it('page size', async () => {
      expect(
        (await gql(main, '{ countries(first: 100) { nodes { id } } }')).body.errors,
      ).toBeUndefined();
      const refused = await gql(main, '{ countries(first: 101) { nodes { id } } }');
      expect(refused.body.errors[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        argument: 'first',
        min: 1,
        max: 100,
      });
    });
  });

  describe('the HTTP door', () => {
    it('refuses a 2 MB body with 413', async () => {
      const reply = await post(main, { query: `{ __typename } # ${'x'.repeat(2 * 1024 * 1024)}` });
      expect(reply.status).toBe(413);
      expect(reply.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 102400 });
    });

    it('refuses batched requests', async () => {
      const reply = await post(main, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('refuses a body that is not JSON', async () => {
      const reply = await post(main, '{"query": ');
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('prevents CSRF: a simple POST is refused; a simple GET may only read, with no credentials a browser adds', async () => {
      // A form or a no-cors fetch from another site: text/plain needs no preflight.
      const simple = await fetch(`${main.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(simple.status).toBe(400);
      // A plain link or a CDN: answered, as reads over GET are meant to be cacheable. The API
      // takes bearer tokens only, never cookies, so such a request is anonymous.
      const link = await fetch(`${main.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      expect(link.status).toBe(200);
      const mutation = await fetch(
        `${main.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
      );
      expect(mutation.status).toBe(405);
    });

    it('turns introspection and the playground off in production', async () => {
      const production = await serve({ production: true });
      const introspection = await gql(production, '{ __schema { queryType { name } } }');
      expect(introspection.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await fetch(`${production.url}/`)).status).toBe(404);
      expect((await gql(production, '{ __typename }')).body).toEqual({
        data: { __typename: 'Query' },
      });
    });

    it('refuses a depth-12 introspection query', async () => {
      const nested =
        '{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }';
      const reply = await gql(main, nested);
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('serves Prometheus metrics', async () => {
      await gql(main, 'query MetricsProbe { graphInfo { edition } }');
      const text = await (await fetch(`${main.url}/metrics`)).text();
      expect(text).toMatch(
        /diplograph_graphql_requests_total\{operation="MetricsProbe",outcome="ok"\} \d+/,
      );
      expect(text).toContain('diplograph_graphql_request_duration_seconds_bucket');
      expect(text).toMatch(
        /diplograph_neo4j_transaction_duration_seconds_count\{mode="READ"\} \d+/,
      );
    });

    it('passes the graphql-http audits with no MUST failure', async () => {
      const audits = serverAudits({ url: `${main.url}/graphql`, fetchFn: fetch });
      const failures: string[] = [];
      for (const audit of audits) {
        const result = await audit.fn();
        if (result.status === 'error' && audit.name.startsWith('MUST'))
          failures.push(`${audit.name}: ${result.reason}`);
      }
      expect(audits.length).toBeGreaterThan(20);
      expect(failures).toEqual([]);
    });
  });

  describe('inputs that once reached an internal error or said too much', () => {
    it('answers an empty country id as not found', async () => {
      const reply = await gql(main, '{ country(id: "") { id } }');
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
    });

    it('documents its persisted queries and refuses a bad one as the client’s mistake', async () => {
      const query = '{ graphInfo { edition } }';
      const hash = createHash('sha256').update(query).digest('hex');
      const unknown = await post(main, {
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      });
      expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await post(main, {
        query,
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      });
      expect(registered.body.errors).toBeUndefined();
      const byHash = await post(main, {
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      });
      expect(byHash.body).toEqual(registered.body);
      for (const extensions of [
        { persistedQuery: { version: 1, sha256Hash: 'not-the-hash' } },
        { persistedQuery: { version: 2, sha256Hash: hash } },
      ]) {
        const bad = await post(main, { query, extensions });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
      }
    });

    it('says why it gave up validating a document', async () => {
      const reply = await gql(main, `{ ${'__typename '.repeat(1_500)}}`);
      expect(reply.body.errors[0]).toMatchObject({
        message:
          'The document is too costly to validate: too many fields or fragment spreads to compare with each other',
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'validation' },
      });
    });

    it('suggests no field names when introspection is off', async () => {
      const production = await serve({ production: true });
      const typo = await gql(production, '{ countrys { id } }');
      expect(typo.body.errors[0].message).toBe('Cannot query field "countrys" on type "Query".');
      const development = await gql(main, '{ countrys { id } }');
      expect(development.body.errors[0].message).toContain('Did you mean');
    });

    it('does not echo a huge id back', async () => {
      const id = 'x'.repeat(90_000);
      const reply = await gql(main, 'query ($id: ID!) { entity(id: $id) { id } }', { id });
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
      expect(JSON.stringify(reply.body).length).toBeLessThan(1_000);
    });

    it('refuses every out-of-range first with the same extensions', async () => {
      for (const [field, max] of [
        ['countries(first: 0) { totalCount }', 100],
        ['relations(first: 0) { totalCount }', 100],
        ['search(text: "x", first: 0) { score }', 50],
        ['paths(from: "KHM", to: "CHN", first: 0) { length }', 20],
        ['history(entity: "KHM", first: 0) { id }', 100],
        ['entityChanges(entity: "KHM", first: 0) { version }', 100],
        ['statistics { mostConnected(first: 0) { degree } }', 100],
      ] as const) {
        const reply = await gql(main, `{ ${field} }`);
        expect(reply.body.errors[0]).toMatchObject({
          message: `first must be between 1 and ${max}, not 0`,
          extensions: { code: 'BAD_USER_INPUT', argument: 'first', min: 1, max },
        });
      }
    });
  });

  describe('authentication', () => {
    const create = (id: string) =>
      `mutation { createEntity(input: { kind: ISSUE, id: "${id}", name: "Test issue", category: SECURITY }) { id version } }`;

    it('refuses a mutation without a token, with a reader token, with a bad or expired token', async () => {
      const before = await census(executor);
      const id = uniqueId('auth');
      const none = await gql(main, create(id));
      expect(none.status).toBe(401);
      expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const asReader = await gql(main, create(id), undefined, reader);
      expect(asReader.status).toBe(403);
      expect(asReader.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const forged = await signToken('another-secret-that-is-long-enough-too', {
        subject: 'mallory',
        roles: ['editor'],
        expiresIn: '10m',
      });
      expect((await gql(main, create(id), undefined, forged)).body.errors[0].message).toBe(
        'The token is not valid',
      );
      const expired = await signToken(SECRET, {
        subject: 'eve',
        roles: ['editor'],
        expiresIn: '-1m',
      });
      expect((await gql(main, create(id), undefined, expired)).body.errors[0].message).toBe(
        'The token has expired',
      );
      expect((await post(main, { query: create(id) }, { authorization: 'Basic abc' })).status).toBe(
        401,
      );
      expect(await census(executor)).toEqual(before);
    });

    it('refuses a token that never expires or names nobody', async () => {
      const key = new TextEncoder().encode(SECRET);
      const token = (claims: Record<string, unknown>, expires: boolean) => {
        let jwt = new SignJWT({ roles: ['editor'], ...claims })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt();
        if (expires) jwt = jwt.setExpirationTime('10m');
        return jwt.sign(key);
      };
      const before = await census(executor);
      for (const [claims, expires, message] of [
        [{ sub: 'eve' }, false, 'The token has no expiry (exp)'],
        [{}, true, 'The token names no subject (sub)'],
        [{ sub: 42 }, true, 'The token names no subject (sub)'],
        [{ sub: ' ' }, true, 'The token names no subject (sub)'],
      ] as const) {
        const reply = await gql(
          main,
          create(uniqueId('claims')),
          undefined,
          await token(claims, expires),
        );
        expect(reply.status).toBe(401);
        expect(reply.body.errors[0]).toMatchObject({
          message,
          extensions: { code: 'UNAUTHENTICATED' },
        });
      }
      expect(await census(executor)).toEqual(before);
    });

    it('refuses editing on a server with no authentication configured', async () => {
      const open = await serve({ auth: { rolesClaim: 'roles', requireReader: false } });
      const reply = await gql(open, create(uniqueId('noauth')));
      expect(reply.status).toBe(401);
      expect(reply.body.errors[0].message).toContain('this server has none configured');
    });

    it('can require a reader token for reads', async () => {
      const closed = await serve({ auth: { ...AUTH, requireReader: true } });
      expect((await gql(closed, '{ graphInfo { edition } }')).status).toBe(401);
      expect(
        (await gql(closed, '{ graphInfo { edition } }', undefined, reader)).body.data.graphInfo
          .edition,
      ).toBe('community');
      expect((await gql(closed, '{ graphInfo { edition } }', undefined, editor)).status).toBe(200);
    });
  });

  describe('editing', () => {
    const created: string[] = [];
    afterAll(async () => {
      await executor.write(
        `MATCH (st:Statement) WHERE st.subject IN $ids OR st.object IN $ids
         OPTIONAL MATCH (st)-[ev:EVIDENCE]->() DELETE ev WITH st DETACH DELETE st`,
        { ids: created },
      );
      await executor.write('MATCH (e:Entity) WHERE e.id IN $ids DETACH DELETE e', { ids: created });
    });

    it('creates, updates with a version check, adds and retracts a relation, and keeps the history', async () => {
      const id = uniqueId('issue');
      created.push(id);
      const made = await gql(
        main,
        `mutation { createEntity(input: { kind: ISSUE, id: "${id}", name: "Mine action", aliases: ["demining support"], category: SECURITY }) { id name version ... on Issue { category } } }`,
        undefined,
        editor,
      );
      expect(made.body).toEqual({
        data: { createEntity: { id, name: 'Mine action', version: 1, category: 'SECURITY' } },
      });
      const again = await gql(
        main,
        `mutation { createEntity(input: { kind: ISSUE, id: "${id}", name: "Twice", category: SECURITY }) { id } }`,
        undefined,
        editor,
      );
      expect(again.body.errors[0].extensions.code).toBe('CONFLICT');

      const updated = await gql(
        main,
        `mutation { updateEntity(id: "${id}", expectedVersion: 1, changes: { description: "Clearing landmines" }) { version description } }`,
        undefined,
        editor,
      );
      expect(updated.body.data.updateEntity).toEqual({
        version: 2,
        description: 'Clearing landmines',
      });
      const stale = await gql(
        main,
        `mutation { updateEntity(id: "${id}", expectedVersion: 1, changes: { description: "Lost" }) { version } }`,
        undefined,
        editor,
      );
      expect(stale.body.errors[0].extensions.code).toBe('CONFLICT');
      expect(
        (await gql(main, `{ lookup(name: "DEMINING SUPPORT") { id } }`)).body.data.lookup,
      ).toEqual([{ id }]);

      const added = await gql(
        main,
        `mutation ($id: ID!) { addRelation(input: { kind: FUNDS, from: "JPN", to: $id, qualifiers: { in: "KHM", since: 2001 },
            evidence: [{ source: "cambodia-foreign-relations", section: "japan-south-korea", quote: "a major contributor and donor to Cambodia" }] }) {
            id kind from { id } to { id } qualifiers { since in { id } } evidence { quote heading } } }`,
        { id },
        editor,
      );
      expect(added.body.errors).toBeUndefined();
      const relation = added.body.data.addRelation;
      expect(relation).toMatchObject({
        kind: 'FUNDS',
        from: { id: 'JPN' },
        to: { id },
        qualifiers: { since: 2001, in: { id: 'KHM' } },
      });
      expect(relation.evidence).toEqual([
        {
          quote: 'a major contributor and donor to Cambodia',
          heading: 'Ties with Japan and South Korea',
        },
      ]);
      expect((await gql(main, `{ funders(issue: "${id}") { id } }`)).body.data.funders).toEqual([
        { id: relation.id },
      ]);

      const retracted = await gql(
        main,
        `mutation { retractRelation(id: "${relation.id}", reason: "Wrong year") { id retractedBy retractionReason retractedAt } }`,
        undefined,
        editor,
      );
      expect(retracted.body.data.retractRelation).toMatchObject({
        id: relation.id,
        retractedBy: 'eve-editor',
        retractionReason: 'Wrong year',
      });
      expect((await gql(main, `{ funders(issue: "${id}") { id } }`)).body.data.funders).toEqual([]);
      const twice = await gql(
        main,
        `mutation { retractRelation(id: "${relation.id}", reason: "Again") { id } }`,
        undefined,
        editor,
      );
      expect(twice.body.errors[0].extensions.code).toBe('CONFLICT');

      const history = await gql(
        main,
        `{ history(entity: "${id}") { id origin createdBy retractedBy retractionReason qualifiers from { id } } }`,
      );
      expect(history.body.data.history).toEqual([
        {
          id: relation.id,
          origin: 'editorial',
          createdBy: 'eve-editor',
          retractedBy: 'eve-editor',
          retractionReason: 'Wrong year',
          qualifiers: { in: 'KHM', since: 2001 },
          from: { id: 'JPN' },
        },
      ]);
    });

    it.each([
      [
        'a country with the wrong alpha-2 code',
        'createEntity(input: { kind: COUNTRY, id: "LAO", iso2: "LO", name: "Laos" }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'an id that is not a slug',
        'createEntity(input: { kind: ISSUE, id: "Bad Id", name: "x", category: SECURITY }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'a qualifier the kind does not take',
        'addRelation(input: { kind: MEMBER_OF, from: "KHM", to: "asean", qualifiers: { level: ALLY }, evidence: [{ source: "cambodia-foreign-relations", section: "asean", quote: "q" }] }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'an object of the wrong kind',
        'addRelation(input: { kind: MEMBER_OF, from: "KHM", to: "USA", evidence: [{ source: "cambodia-foreign-relations", section: "asean", quote: "q" }] }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'no evidence',
        'addRelation(input: { kind: MEMBER_OF, from: "KHM", to: "asean", evidence: [] }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'an unknown section',
        'addRelation(input: { kind: MEMBER_OF, from: "KHM", to: "asean", evidence: [{ source: "cambodia-foreign-relations", section: "nowhere", quote: "q" }] }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'an unknown entity',
        'updateEntity(id: "nobody", changes: { name: "x" }) { id }',
        'NOT_FOUND',
      ],
      [
        'an unknown relation',
        'retractRelation(id: "nothing:here", reason: "because") { id }',
        'NOT_FOUND',
      ],
      [
        'a right-to-left override in a name (it would display as another)',
        'createEntity(input: { kind: ISSUE, id: "spoofed-name", name: "Mine \\u202Eaction", category: SECURITY }) { id }',
        'BAD_USER_INPUT',
      ],
      [
        'a NUL in a description',
        'updateEntity(id: "KHM", changes: { description: "a\\u0000b" }) { id }',
        'BAD_USER_INPUT',
      ],
    ])('refuses %s, writing nothing', async (_what, mutation, code) => {
      const before = await census(executor);
      const reply = await gql(main, `mutation { ${mutation} }`, undefined, editor);
      expect(reply.body.errors[0].extensions.code).toBe(code);
      expect(await census(executor)).toEqual(before);
    });

    it('loses no update when editors race on one entity', async () => {
      const id = uniqueId('race');
      created.push(id);
      await gql(
        main,
        `mutation { createEntity(input: { kind: ISSUE, id: "${id}", name: "Race", category: SECURITY }) { id } }`,
        undefined,
        editor,
      );
      const versioned = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          gql(
            main,
            `mutation { updateEntity(id: "${id}", expectedVersion: 1, changes: { description: "writer ${i}" }) { version } }`,
            undefined,
            editor,
          ),
        ),
      );
      expect(versioned.filter((r) => r.body.data?.updateEntity?.version === 2)).toHaveLength(1);
      expect(
        versioned.filter((r) => r.body.errors?.[0]?.extensions.code === 'CONFLICT'),
      ).toHaveLength(7);
      const unversioned = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          gql(
            main,
            `mutation { updateEntity(id: "${id}", changes: { aliases: ["alias ${i}"] }) { version } }`,
            undefined,
            editor,
          ),
        ),
      );
      expect(unversioned.every((r) => r.body.errors === undefined)).toBe(true);
      const final = await gql(main, `{ entity(id: "${id}") { version } }`);
      expect(final.body.data.entity.version).toBe(2 + 6);
    });

    it('creates one entity when editors race to create the same id', async () => {
      const id = uniqueId('twin');
      created.push(id);
      const replies = await Promise.all(
        Array.from({ length: 6 }, () =>
          gql(
            main,
            `mutation { createEntity(input: { kind: ISSUE, id: "${id}", name: "Twin", category: SECURITY }) { id } }`,
            undefined,
            editor,
          ),
        ),
      );
      expect(replies.filter((r) => r.body.data?.createEntity)).toHaveLength(1);
      expect(
        replies.filter((r) => r.body.errors?.[0]?.extensions.code === 'CONFLICT'),
      ).toHaveLength(5);
      const [count] = await executor.read<{ n: number }>(
        'MATCH (e:Entity {id: $id}) RETURN count(e) AS n',
        { id },
      );
      expect(count?.n).toBe(1);
    });
  });
});

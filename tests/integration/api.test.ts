import { GraphExecutor, Params } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { readExamples } from '../../src/server/playground';
import { graphWithCambodia, startTestServer } from './helpers';

interface Response {
  status: number;
  roundTrips: number;
  body: {
    data?: any;
    errors?: Array<{
      message: string;
      path?: Array<string | number>;
      extensions: Record<string, unknown>;
    }>;
  };
}

/** What each example operation must answer: the article's facts. */
const EXPECTED: Record<string, (data: any) => void> = {
  WhoFundsDemining(data) {
    expect(data.funders.map((r: any) => r.from.name)).toEqual(['United States']);
    expect(data.funders[0].qualifiers.in.name).toBe('Cambodia');
    expect(data.funders[0].evidence[0]).toEqual({
      quote: 'funding demining, health, and education initiatives',
      heading: 'Relations with the United States',
      source: { title: 'Foreign diplomatic relations of Cambodia' },
    });
  },
  WhoFundsEducation(data) {
    expect(data.funders.map((r: any) => r.from.name).sort()).toEqual(['Japan', 'United States']);
  },
  CambodiaDonors(data) {
    const donors = Object.fromEntries(
      data.donors.map((d: any) => [d.donor.name, d.relations.map((r: any) => r.to.name).sort()]),
    );
    expect(donors).toEqual({
      Japan: ['Cambodia', 'Disaster relief', 'Education', 'Infrastructure'],
      'United States': ['Cambodia', 'Demining', 'Education', 'Health'],
    });
  },
  CambodiaMemberships(data) {
    expect(data.memberships.map((r: any) => [r.to.acronym, r.qualifiers.since])).toEqual([
      ['ASEAN', 1999],
      ['UN', 1955],
    ]);
  },
  AseanSummitsHosted(data) {
    expect(
      data.relations.nodes.map((r: any) => [r.qualifiers.event, r.qualifiers.year]).sort(),
    ).toEqual([
      ['ASEAN Summit', 2012],
      ['ASEAN Summit', 2022],
    ]);
  },
  ChinaPartnership(data) {
    const nodes = data.relations.nodes;
    const partnership = nodes.find((r: any) => r.kind === 'PARTNER_OF' && r.modality === 'FACT');
    expect(partnership.qualifiers.level).toBe('COMPREHENSIVE_STRATEGIC');
    const cooperation = nodes.find((r: any) => r.kind === 'COOPERATES_WITH');
    expect(cooperation.qualifiers.fields).toEqual(['defence', 'infrastructure', 'trade']);
    const viaBri = nodes
      .filter((r: any) => r.kind === 'INVESTS_IN')
      .map((r: any) => r.qualifiers.via.name);
    expect(new Set(viaBri)).toEqual(new Set(['Belt and Road Initiative']));
    const future = nodes.find((r: any) => r.kind === 'PARTNER_OF' && r.modality === 'EXPECTATION');
    expect(future.qualifiers.level).toBe('CLOSE');
  },
  RisksOfChinaPartnership(data) {
    expect(data.relations.nodes).toEqual([
      {
        from: { name: 'Cambodia' },
        to: { name: 'Economic dependence on a single partner' },
        evidence: [
          {
            quote:
              'it has also come under fire for perhaps making the country more economically dependent on China',
          },
        ],
      },
    ]);
  },
  EbaSuspension(data) {
    const eba = data.entity;
    expect(eba).toMatchObject({
      name: 'Everything But Arms',
      acronym: 'EBA',
      agreementType: 'TRADE_PREFERENCE',
    });
    expect(eba.parties.map((p: any) => [p.from.name, p.qualifiers.role]).sort()).toEqual([
      ['Cambodia', 'BENEFICIARY'],
      ['European Union', 'GRANTOR'],
    ]);
    expect(eba.statusHistory[0]).toMatchObject({
      year: 2020,
      status: 'SUSPENDED',
      temporary: true,
      party: { name: 'Cambodia' },
      by: { name: 'European Union' },
    });
    expect(eba.statusHistory[0].relation.evidence[0].quote).toContain(
      'temporarily suspending the EBA benefits',
    );
  },
  SouthKoreaInvestments(data) {
    const relations = data.country.relations;
    expect(relations.totalCount).toBe(3);
    expect(relations.nodes.map((r: any) => r.to.name).sort()).toEqual([
      'Agriculture',
      'Innovation',
      'Tourism',
    ]);
    expect(new Set(relations.nodes.map((r: any) => r.qualifiers.in.name))).toEqual(
      new Set(['Cambodia']),
    );
  },
  PathSouthKoreaToAsean(data) {
    expect(data.paths.length).toBeGreaterThan(0);
    for (const p of data.paths) {
      expect(p.length).toBe(2);
      expect(p.entities.map((e: any) => e.name)).toEqual([
        'South Korea',
        'Cambodia',
        'Association of Southeast Asian Nations',
      ]);
    }
  },
  ConcernsAboutCambodia(data) {
    expect(data.concerns.map((r: any) => `${r.from.name}: ${r.to.name}`).sort()).toEqual([
      'European Union: Democracy',
      'European Union: Human rights',
      'European Union: Labour rights',
      'United States: Governance',
      'United States: Human rights',
    ]);
  },
  CambodiaExports(data) {
    expect(data.relations.nodes).toEqual([
      { to: { name: 'United States' }, qualifiers: { products: ['clothing', 'shoes'] } },
    ]);
  },
  CambodiaCausesAndPrinciples(data) {
    expect(data.causes.nodes.map((r: any) => r.to.name).sort()).toEqual([
      'Climate action',
      'Peacekeeping',
      'Poverty reduction',
      'Sustainable development',
    ]);
    expect(data.principles.nodes.map((r: any) => r.to.name).sort()).toEqual([
      'Impartiality',
      'Independence',
      'International cooperation',
      'Multilateral diplomacy',
      'Mutual respect',
      'Neutrality',
      'Non-interference',
      'Peace',
    ]);
  },
  FutureDirections(data) {
    const nodes = data.relations.nodes;
    expect(nodes.every((r: any) => r.modality !== 'FACT')).toBe(true);
    expect(nodes.map((r: any) => r.to.name)).toEqual(
      expect.arrayContaining([
        'Economic dependence on a single partner',
        'Western nations',
        'United States',
        'Youth empowerment',
      ]),
    );
    expect(nodes.find((r: any) => r.to.name === 'United States').modality).toBe('INTENTION');
  },
  CambodiaTimeline(data) {
    const years = data.timeline.map((y: any) => y.year);
    expect(years).toEqual([...years].sort((a: number, b: number) => a - b));
    expect(years).toEqual(expect.arrayContaining([1955, 1999, 2012, 2020, 2022]));
    const y1955 = data.timeline.find((y: any) => y.year === 1955);
    expect(y1955.entries[0]).toMatchObject({
      event: 'STARTED',
      relation: { kind: 'MEMBER_OF', to: { name: 'United Nations' } },
    });
  },
  CambodiaNeighbourhood(data) {
    const { nodes, edges, truncated } = data.neighbourhood;
    expect(truncated).toBe(false);
    expect(nodes[0]).toEqual({ id: 'KHM', label: 'Cambodia', kind: 'COUNTRY' });
    const ids = new Set(nodes.map((n: any) => n.id));
    for (const id of ['CHN', 'USA', 'JPN', 'KOR', 'asean', 'eu', 'un', 'peacekeeping'])
      expect(ids.has(id)).toBe(true);
    // Demining is two hops away (the United States funds it in Cambodia), beyond depth 1.
    expect(ids.has('demining')).toBe(false);
    for (const edge of edges) {
      expect(ids.has(edge.source)).toBe(true);
      expect(ids.has(edge.target)).toBe(true);
    }
  },
  SearchKorea(data) {
    expect(data.search[0].entity).toEqual({ id: 'KOR', name: 'South Korea' });
  },
  GraphStatistics(data) {
    const counts = Object.fromEntries(data.statistics.entities.map((c: any) => [c.kind, c.count]));
    expect(counts.COUNTRY).toBeGreaterThanOrEqual(5);
    expect(data.statistics.mostConnected[0]).toMatchObject({ entity: { name: 'Cambodia' } });
  },
};

describe('the GraphQL API over the real Neo4j', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  const statements = new Map<string, Params>();

  async function query(
    document: string,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): Promise<Response> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, variables, operationName }),
    });
    return {
      status: response.status,
      roundTrips: Number(response.headers.get('x-neo4j-round-trips')),
      body: (await response.json()) as Response['body'],
    };
  }

  beforeAll(async () => {
    executor = await graphWithCambodia();
    executor.onRead = (cypher, params) => statements.set(cypher, params);
    server = await startTestServer(executor);
  });

  afterAll(async () => {
    executor.onRead = undefined;
    await server.stop();
    await executor.close();
  });

  const examples = readExamples();

  it('has an asserted answer for every example operation, and an example for every answer', () => {
    expect(examples.map((e) => e.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(examples.map((e) => [e.name, e.query]))(
    'answers %s from docs/queries.graphql',
    async (name, document) => {
      const { status, body } = await query(document, undefined, name);
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
      EXPECTED[name]?.(body.data);
    },
  );

  describe('round trips to Neo4j', () => {
    const nested = `query Nested($first: Int!) {
      countries(first: $first) {
        nodes {
          id
          relations(first: 10, kinds: [MEMBER_OF, COOPERATES_WITH, HOSTS, TRADES_WITH]) {
            nodes {
              kind
              evidence { quote }
              to {
                id
                ... on Organisation {
                  relations(first: 4) {
                    nodes { kind qualifiers { since } from { name } evidence { quote } }
                  }
                }
              }
            }
          }
        }
      }
    }`;

    it('do not grow with the number of parents in a 3-level nested query over every country', async () => {
      const one = await query(nested, { first: 1 });
      const all = await query(nested, { first: 100 });
      expect(one.body.errors).toBeUndefined();
      expect(all.body.errors).toBeUndefined();
      const countries = all.body.data.countries.nodes;
      expect(countries.length).toBeGreaterThanOrEqual(5);
      const organisations = countries.flatMap((c: any) =>
        c.relations.nodes.filter((r: any) => r.to.relations),
      );
      expect(organisations.length).toBeGreaterThan(3);
      // The look-ahead compiles the countries, both levels of relations and their evidence
      // into one statement, whatever the number of parents.
      expect(all.roundTrips).toBe(1);
      expect(one.roundTrips).toBe(1);
    });

    it('answer a compiled nested read exactly as one read per entity would', async () => {
      // Aliases with other arguments, a named fragment with a type condition, a skipped
      // field, nested totals and evidence: the one compiled statement must give what reading
      // each entity's relations on its own gives.
      const document = `query Compiled($skip: Boolean!) {
        countries(first: 100) {
          edges { node { id ...Ties } }
        }
      }
      fragment Ties on Country {
        members: relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 3) {
          totalCount
          nodes { id kind to { id ...Members } }
        }
        partners: relations(kinds: [PARTNER_OF], first: 2) {
          nodes { id evidence { quote } from { id } to { id } }
        }
        hidden: relations(first: 1) @include(if: $skip) { nodes { id } }
      }
      fragment Members on Organisation {
        relations(direction: INCOMING, first: 4, modalities: [FACT]) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { id from { id } }
        }
      }`;
      const compiled = await query(document, { skip: false });
      expect(compiled.body.errors).toBeUndefined();
      expect(compiled.roundTrips).toBe(1);
      const countries = compiled.body.data.countries.edges.map((e: any) => e.node);
      expect(countries.every((c: any) => c.hidden === undefined)).toBe(true);

      const cambodia = countries.find((c: any) => c.id === 'KHM');
      const alone = await query(`{
        entity(id: "KHM") {
          members: relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 3) { totalCount nodes { id kind to { id } } }
          partners: relations(kinds: [PARTNER_OF], first: 2) { nodes { id evidence { quote } from { id } to { id } } }
        }
      }`);
      expect(cambodia.partners).toEqual(alone.body.data.entity.partners);
      expect(cambodia.members.totalCount).toBe(alone.body.data.entity.members.totalCount);
      expect(cambodia.members.nodes.map((n: any) => n.id)).toEqual(
        alone.body.data.entity.members.nodes.map((n: any) => n.id),
      );

      const organisations = countries.flatMap((c: any) =>
        c.members.nodes.map((n: any) => n.to).filter((o: any) => o.relations),
      );
      expect(organisations.length).toBeGreaterThanOrEqual(2);
      for (const organisation of organisations.slice(0, 4)) {
        const own = await query(
          `query ($id: ID!) { entity(id: $id) { relations(direction: INCOMING, first: 4, modalities: [FACT]) { totalCount pageInfo { hasNextPage endCursor } nodes { id from { id } } } } }`,
          { id: organisation.id },
        );
        expect(organisation.relations).toEqual(own.body.data.entity.relations);
      }
    });

    it('report a bad nested argument at its own path', async () => {
      // The look-ahead leaves a field with bad arguments to its resolver, so the error names
      // the argument at the field's path, as it would without the look-ahead. Every field up
      // to the root is non-null, so the error nulls the whole answer.
      const { body } = await query(`{
        countries(first: 3) {
          nodes {
            id
            good: relations(first: 1) { nodes { id } }
            bad: relations(first: 1) { nodes { to { relations(first: 0) { nodes { id } } } } }
          }
        }
      }`);
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors ?? []) {
        expect(error.extensions.code).toBe('BAD_USER_INPUT');
        expect(error.extensions.argument).toBe('first');
        expect(error.path).toEqual(['countries', 'nodes', 0, 'bad', 'nodes', 0, 'to', 'relations']);
      }
    });

    it('read paths in one round trip, projecting only what is selected', async () => {
      const lean = await query('{ paths(from: "KOR", to: "asean") { length entities { name } } }');
      const full = await query(
        '{ paths(from: "KOR", to: "asean") { length entities { name } relations { from { name } } } }',
      );
      expect(lean.body.errors).toBeUndefined();
      expect(lean.roundTrips).toBe(1);
      expect(lean.body.data.paths.length).toBeGreaterThan(0);
      expect(lean.body.data.paths.map((p: any) => p.length)).toEqual(
        full.body.data.paths.map((p: any) => p.length),
      );
      expect(lean.body.data.paths.map((p: any) => p.entities)).toEqual(
        full.body.data.paths.map((p: any) => p.entities),
      );
      for (const p of lean.body.data.paths) expect(p.entities).toHaveLength(p.length + 1);
    });

    it('read one relation by id, as a list of relations shows it', async () => {
      const listed = await query(
        '{ funders(issue: "demining") { id kind from { id } to { id } qualifiers { in { id } } evidence { quote section } } }',
      );
      const [first] = listed.body.data.funders;
      const one = await query(
        'query ($id: ID!) { relation(id: $id) { id kind from { id } to { id } qualifiers { in { id } } evidence { quote section } } }',
        { id: first.id },
      );
      expect(one.body.errors).toBeUndefined();
      expect(one.body.data.relation).toEqual(first);
    });

    it('fill a neighbourhood to its limit ring by ring, and say when they cut it', async () => {
      const ring = async (depth: number, limit: number) => {
        const answer = await query(
          `{ neighbourhood(id: "KHM", depth: ${depth}, limit: ${limit}) { edges { id } truncated } }`,
        );
        expect(answer.body.errors).toBeUndefined();
        return answer.body.data.neighbourhood as {
          edges: Array<{ id: string }>;
          truncated: boolean;
        };
      };
      const first = await ring(1, 500);
      const both = await ring(2, 500);
      expect(both.truncated).toBe(false);
      const second = both.edges.length - first.edges.length;
      expect(second).toBeGreaterThanOrEqual(2);
      // One short of both rings: the second ring spends none of what is left on relations the
      // first already took, so the answer holds exactly the limit, and says it was cut.
      const limit = both.edges.length - 1;
      const cut = await ring(2, limit);
      expect(cut.truncated).toBe(true);
      expect(cut.edges).toHaveLength(limit);
      expect(cut.edges.slice(0, first.edges.length)).toEqual(first.edges);
      expect(cut.edges).toEqual(both.edges.slice(0, limit));
    });

    it('draw the same neighbourhood lean as in full', async () => {
      const shape = 'nodes { id label kind depth } edges { id source target kind label }';
      const lean = await query(`{ neighbourhood(id: "KHM", depth: 2) { ${shape} truncated } }`);
      const full = await query(
        `{ neighbourhood(id: "KHM", depth: 2) { ${shape} truncated nodes { entity { name description } } edges { relation { qualifiers { since } } } } }`,
      );
      expect(lean.body.errors).toBeUndefined();
      expect(full.body.errors).toBeUndefined();
      // Every ring, the centre with it, in one statement.
      expect(lean.roundTrips).toBe(1);
      expect(full.roundTrips).toBe(1);
      const strip = (graph: any) => ({
        nodes: graph.nodes.map(({ entity: _e, ...n }: any) => n),
        edges: graph.edges.map(({ relation: _r, ...e }: any) => e),
        truncated: graph.truncated,
      });
      expect(strip(lean.body.data.neighbourhood)).toEqual(strip(full.body.data.neighbourhood));
      expect(lean.body.data.neighbourhood.edges.length).toBeGreaterThan(10);
      expect(full.body.data.neighbourhood.nodes[0].entity.name).toBe('Cambodia');
    });

    it('batch the qualifier entities and the evidence of paths', async () => {
      const { body, roundTrips } = await query(`{
        paths(from: "KOR", to: "asean", first: 5) { relations { evidence { quote } source { title } qualifiers { in { name } via { name } } } }
      }`);
      expect(body.errors).toBeUndefined();
      // entity checks (1), the paths (1), evidence (1), sources (1), qualifier entities (1)
      expect(roundTrips).toBeLessThanOrEqual(5);
    });
  });

  describe('pagination', () => {
    it('walks every country page by page, without repeats, and counts them only when asked', async () => {
      const page = `query Page($after: String) { countries(first: 2, after: $after, orderBy: {field: NAME}) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const { body } = await query(page, { after });
        seen.push(...body.data.countries.nodes.map((n: any) => n.name));
        if (!body.data.countries.pageInfo.hasNextPage) break;
        after = body.data.countries.pageInfo.endCursor;
      }
      const counted = await query('{ countries(first: 1) { totalCount } }');
      expect(seen.length).toBe(counted.body.data.countries.totalCount);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort());
      const uncounted = await query('{ countries(first: 1) { nodes { id } } }');
      expect(uncounted.roundTrips).toBe(counted.roundTrips - 1);
    });

    it('sorts descending, filters by membership and by name', async () => {
      const { body } = await query(`{
        desc: countries(first: 3, orderBy: {field: ID, direction: DESC}) { nodes { id } }
        members: countries(first: 10, filter: {memberOf: "asean"}) { nodes { id } }
        named: issues(first: 10, filter: {nameContains: "RIGHTS"}) { nodes { id } }
        groups: organisations(first: 10, filter: {organisationType: GROUP}) { nodes { id organisationType } }
      }`);
      expect(body.errors).toBeUndefined();
      const ids = body.data.desc.nodes.map((n: any) => n.id);
      expect(ids).toEqual([...ids].sort().reverse());
      expect(body.data.members.nodes.map((n: any) => n.id)).toContain('KHM');
      expect(body.data.named.nodes.map((n: any) => n.id).sort()).toEqual([
        'human-rights',
        'labour-rights',
      ]);
      expect(new Set(body.data.groups.nodes.map((n: any) => n.organisationType))).toEqual(
        new Set(['GROUP']),
      );
      expect(body.data.groups.nodes.map((n: any) => n.id).sort()).toEqual([
        'international-organisations',
        'ngos',
        'western-nations',
      ]);
    });

    it('pages through the relations of one entity', async () => {
      const first = await query(
        '{ entity(id: "KHM") { relations(first: 5) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }',
      );
      const { totalCount, pageInfo, nodes } = first.body.data.entity.relations;
      expect(totalCount).toBeGreaterThan(5);
      expect(pageInfo.hasNextPage).toBe(true);
      const second = await query(
        `{ entity(id: "KHM") { relations(first: 5, after: "${pageInfo.endCursor}") { nodes { id } } } }`,
      );
      const next = second.body.data.entity.relations.nodes.map((n: any) => n.id);
      expect(next).toHaveLength(5);
      expect(next.filter((id: string) => nodes.some((n: any) => n.id === id))).toEqual([]);
    });
  });

  describe('look-ups', () => {
    it('finds entities by name, alias, code or acronym, ignoring case and accents', async () => {
      const { body } = await query(`{
        a: lookup(name: "CAMBÒDIA") { id }
        b: lookup(name: "Kingdom of Cambodia") { id }
        c: lookup(name: "kh") { id }
        d: lookup(name: "ebA") { id }
        e: country(name: "Republic of Korea") { id iso2 iso3 }
        f: country(iso2: "us") { name }
        g: lookup(name: "peoples republic of china", kinds: [COUNTRY]) { id }
      }`);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        a: [{ id: 'KHM' }],
        b: [{ id: 'KHM' }],
        c: [{ id: 'KHM' }],
        d: [{ id: 'everything-but-arms' }],
        e: { id: 'KOR', iso2: 'KR', iso3: 'KOR' },
        f: { name: 'United States' },
        g: [{ id: 'CHN' }],
      });
    });

    it('filters relations by kind and direction', async () => {
      const { body } = await query(`{
        out: entity(id: "KHM") { relations(kinds: [MEMBER_OF], direction: OUTGOING) { nodes { to { id } } } }
        in: entity(id: "KHM") { relations(kinds: [MEMBER_OF], direction: INCOMING) { nodes { id } } }
        funders: entity(id: "demining") { relations(direction: INCOMING) { nodes { from { id } } } }
      }`);
      expect(body.data.out.relations.nodes.map((r: any) => r.to.id).sort()).toEqual([
        'asean',
        'un',
      ]);
      expect(body.data.in.relations.nodes).toEqual([]);
      expect(body.data.funders.relations.nodes.map((r: any) => r.from.id)).toContain('USA');
    });
  });

  describe('errors', () => {
    it.each([
      [
        '{ entity(id: "nowhere") { id } }',
        'NOT_FOUND',
        'No entity has the id "nowhere" (argument id); ids are ISO 3166-1 alpha-3 codes for countries (KHM), lower-case slugs otherwise (asean); lookup(name) finds them',
      ],
      [
        '{ funders(issue: "nothing") { id } }',
        'NOT_FOUND',
        'No entity has the id "nothing" (argument issue); ids are ISO 3166-1 alpha-3 codes for countries (KHM), lower-case slugs otherwise (asean); lookup(name) finds them',
      ],
      [
        '{ funders(issue: "demining", in: "asean") { id } }',
        'NOT_FOUND',
        'No country has the id "asean" (argument in); it is the organisation Association of Southeast Asian Nations',
      ],
      [
        '{ countries(first: 101) { nodes { id } } }',
        'BAD_USER_INPUT',
        'first must be between 1 and 100, not 101',
      ],
      [
        '{ countries(first: 0) { nodes { id } } }',
        'BAD_USER_INPUT',
        'first must be between 1 and 100, not 0',
      ],
      [
        '{ countries(after: "bm90IGEgY3Vyc29y") { nodes { id } } }',
        'BAD_USER_INPUT',
        'after is not a cursor this list gave',
      ],
      [
        '{ paths(from: "KOR", to: "asean", maxHops: 7) { length } }',
        'BAD_USER_INPUT',
        'maxHops must be between 1 and 6, not 7',
      ],
      [
        '{ paths(from: "KOR", to: "nowhere") { length } }',
        'NOT_FOUND',
        'No entity has the id "nowhere" (argument to); ids are ISO 3166-1 alpha-3 codes for countries (KHM), lower-case slugs otherwise (asean); lookup(name) finds them',
      ],
      [
        '{ paths(from: "KHM", to: "KHM") { length } }',
        'BAD_USER_INPUT',
        'from and to are the same entity',
      ],
      [
        '{ neighbourhood(id: "nowhere") { truncated } }',
        'NOT_FOUND',
        'No entity has the id "nowhere" (argument id); ids are ISO 3166-1 alpha-3 codes for countries (KHM), lower-case slugs otherwise (asean); lookup(name) finds them',
      ],
      [
        '{ neighbourhood(id: "KHM", depth: 4) { truncated } }',
        'BAD_USER_INPUT',
        'depth must be between 1 and 3, not 4',
      ],
      [
        '{ neighbourhood(id: "KHM", limit: 501) { truncated } }',
        'BAD_USER_INPUT',
        'limit must be between 1 and 500, not 501',
      ],
      [
        '{ funders(issue: "demining", kinds: [HOSTS]) { id } }',
        'BAD_USER_INPUT',
        'kinds may hold FUNDS and INVESTS_IN only',
      ],
      ['{ memberships { id } }', 'BAD_USER_INPUT', 'give member, organisation or both'],
      ['{ source(id: "no-source") { id } }', 'NOT_FOUND', 'No source has the id "no-source"'],
      ['{ relation(id: "nowhere:s1") { id } }', 'NOT_FOUND', 'No relation has the id "nowhere:s1"'],
      [
        '{ country(id: "KHM", iso2: "KH") { id } }',
        'BAD_USER_INPUT',
        'give exactly one of id, iso2 and name',
      ],
    ])('%s gives %s', async (document, code, message) => {
      const { status, body } = await query(document);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions.code).toBe(code);
      expect(body.errors?.[0]?.message).toBe(message);
      expect(JSON.stringify(body)).not.toMatch(/stacktrace|Neo4jError|MATCH|\.ts:\d+/);
    });

    it('rejects an unknown enum value or field as a validation error', async () => {
      const { status, body } = await query(
        '{ relations(filter: { kinds: [LOVES] }) { nodes { id } } }',
      );
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('plans every statement it ran without a cartesian product or an unbounded path', async () => {
    expect(statements.size).toBeGreaterThan(10);
    const offending: string[] = [];
    for (const [cypher, params] of statements) {
      const codes = await executor.explain(cypher, params);
      if (
        codes.some((code) =>
          /CartesianProduct|UnboundedVariableLengthPattern|ExhaustiveShortestPath/.test(code),
        )
      ) {
        offending.push(`${codes.join(', ')}: ${cypher}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { graphWithCambodia, graphql, loadTestDataset, startTestServer, uniqueId } from './helpers';

/*
 * What a front end asks of the Cambodia graph through the public API alone, and what it must
 * be able to trust: symmetric kinds both ways, facts unless asked otherwise, unknown ids
 * named, dated agreement histories, exact names first in search.
 */

/** A second country beside Cambodia, with entities whose names merely contain its name. */
function secondCountry(source: string): string {
  return `source:
  id: ${source}
  title: A second country (test)
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Country, id: LAO, iso2: LA, name: Laos, aliases: ["Lao People's Democratic Republic", Lao PDR], wikidataId: Q819 }
  - { kind: Country, id: CHN, iso2: CN, name: China, aliases: ["People's Republic of China", PRC], wikidataId: Q148 }
  - { kind: Agreement, id: ${source}-railway, type: initiative, name: Laos–China Railway, description: "A railway from Vientiane in Laos to the Chinese border." }
  - { kind: Issue, id: ${source}-uxo, category: security, name: Unexploded ordnance in Laos, description: "Bombs left in Laos from past wars, still cleared today." }
statements:
  - kind: PARTY_TO
    subject: LAO
    object: ${source}-railway
    qualifiers: { role: participant, since: 2016 }
    evidence: [{ section: lead, quote: "Laos joined the railway project in 2016" }]
  - kind: PARTY_TO
    subject: CHN
    object: ${source}-railway
    qualifiers: { role: initiator }
    evidence: [{ section: lead, quote: "China started the railway" }]
  - kind: CONCERNED_ABOUT
    subject: LAO
    object: ${source}-uxo
    evidence: [{ section: lead, quote: "Laos worries about unexploded ordnance" }]
`;
}

describe('answers a front end can trust', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;
  const second = uniqueId('second');

  const ask = async (document: string, variables?: Record<string, unknown>) =>
    (await graphql(server.url, document, variables)).body;
  const data = async (document: string, variables?: Record<string, unknown>) => {
    const body = await ask(document, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    executor = await graphWithCambodia();
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-answers-'));
    await loadTestDataset(executor, dir, second, secondCountry(second));
    server = await startTestServer(executor);
  });

  afterAll(async () => {
    await server?.stop();
    await purgeSource(executor, second);
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('symmetric kinds read the same both ways', () => {
    // Each is stored in the direction the dataset gives: the first id is its subject.
    const stored: Array<[string, string, string]> = [
      ['PARTNER_OF', 'KHM', 'CHN'],
      ['COOPERATES_WITH', 'USA', 'KHM'],
      ['TRADES_WITH', 'KHM', 'USA'],
      ['CULTURAL_TIES', 'KOR', 'KHM'],
    ];

    const RELATIONS = `query ($kind: RelationKind!, $from: ID, $to: ID, $involving: ID) {
      relations(filter: { kinds: [$kind], from: $from, to: $to, involving: $involving }) {
        totalCount
        nodes { id from { id } to { id } }
      }
    }`;

    it.each(stored)(
      '%s %s→%s is found from either end, given from the end asked',
      async (kind, a, b) => {
        const forward = (await data(RELATIONS, { kind, from: a, to: b })).relations;
        const backward = (await data(RELATIONS, { kind, from: b, to: a })).relations;
        expect(forward.nodes.length).toBeGreaterThan(0);
        expect(backward.nodes.map((r: any) => r.id)).toEqual(forward.nodes.map((r: any) => r.id));
        expect(backward.totalCount).toBe(forward.totalCount);
        for (const r of backward.nodes) expect([r.from.id, r.to.id]).toEqual([b, a]);
        // One end alone, either way round.
        const fromB = (await data(RELATIONS, { kind, from: b })).relations.nodes;
        const toA = (await data(RELATIONS, { kind, to: a })).relations.nodes;
        for (const id of forward.nodes.map((r: any) => r.id)) {
          expect(fromB.map((r: any) => r.id)).toContain(id);
          expect(toA.map((r: any) => r.id)).toContain(id);
        }
        for (const r of toA) expect(r.to.id).toBe(a);
      },
    );

    it.each(stored)(
      '%s %s→%s is an outgoing and an incoming relation of both ends',
      async (kind, a, b) => {
        const ENTITY = `query ($id: ID!, $kind: RelationKind!) {
        entity(id: $id) {
          out: relations(kinds: [$kind], direction: OUTGOING) { totalCount nodes { from { id } to { id } } }
          in: relations(kinds: [$kind], direction: INCOMING) { totalCount nodes { from { id } to { id } } }
          both: relations(kinds: [$kind]) { nodes { from { id } to { id } } }
        }
      }`;
        for (const [self, other] of [
          [a, b],
          [b, a],
        ]) {
          const entity = (await data(ENTITY, { id: self, kind })).entity;
          expect(entity.out.nodes).toContainEqual({ from: { id: self }, to: { id: other } });
          expect(entity.in.nodes).toContainEqual({ from: { id: other }, to: { id: self } });
          expect(entity.both.nodes).toContainEqual({ from: { id: self }, to: { id: other } });
          expect(entity.out.totalCount).toBe(entity.out.nodes.length);
          expect(entity.in.totalCount).toBe(entity.in.nodes.length);
        }
      },
    );

    it.each(stored)(
      '%s %s→%s is a path and a neighbourhood edge from either end',
      async (kind, a, b) => {
        const PATHS = `query ($from: ID!, $to: ID!, $kind: RelationKind!) {
        paths(from: $from, to: $to, kinds: [$kind], maxHops: 1) { length relations { kind from { id } to { id } } }
        neighbourhood(id: $from, kinds: [$kind]) { edges { source target kind symmetric } }
      }`;
        const answer = await data(PATHS, { from: b, to: a, kind });
        expect(answer.paths[0].length).toBe(1);
        // Along the path, from where it starts.
        expect(answer.paths[0].relations[0]).toEqual({ kind, from: { id: b }, to: { id: a } });
        expect(answer.neighbourhood.edges).toContainEqual({
          source: a,
          target: b,
          kind,
          symmetric: true,
        });
      },
    );

    it('keeps directed kinds directed', async () => {
      const member = await data(RELATIONS, { kind: 'MEMBER_OF', from: 'asean', to: 'KHM' });
      expect(member.relations.nodes).toEqual([]);
      const asean = await data(
        `{ entity(id: "asean") { relations(kinds: [MEMBER_OF], direction: OUTGOING) { nodes { id } } } }`,
      );
      expect(asean.entity.relations.nodes).toEqual([]);
    });

    it('finds a symmetric relation once through involving, from the entity involved', async () => {
      const found = await data(RELATIONS, { kind: 'CULTURAL_TIES', involving: 'KHM' });
      expect(found.relations.nodes).toEqual([
        expect.objectContaining({ from: { id: 'KHM' }, to: { id: 'KOR' } }),
      ]);
    });
  });

  describe('facts unless asked otherwise', () => {
    it('answers "what level is the partnership with China?" with the fact alone', async () => {
      const PARTNERSHIP = `query ($modalities: [Modality!]) {
        relations(filter: { kinds: [PARTNER_OF], from: "KHM", to: "CHN", modalities: $modalities }) {
          nodes { modality qualifiers { level } }
        }
      }`;
      expect((await data(PARTNERSHIP)).relations.nodes).toEqual([
        { modality: 'FACT', qualifiers: { level: 'COMPREHENSIVE_STRATEGIC' } },
      ]);
      const all = await data(PARTNERSHIP, { modalities: ['FACT', 'INTENTION', 'EXPECTATION'] });
      expect(all.relations.nodes.map((r: any) => r.modality).sort()).toEqual([
        'EXPECTATION',
        'FACT',
      ]);
    });

    it('takes modalities on every question, facts by default', async () => {
      const answer = await data(`{
        facts: memberships(member: "KHM") { id }
        forecastMemberships: memberships(member: "KHM", modalities: [EXPECTATION]) { id }
        funders(issue: "demining") { id }
        forecastFunders: funders(issue: "demining", modalities: [EXPECTATION]) { id }
        donors(recipient: "KHM") { donor { id } }
        forecastDonors: donors(recipient: "KHM", modalities: [INTENTION, EXPECTATION]) { donor { id } }
        concerns(regarding: "KHM") { id }
        forecastConcerns: concerns(regarding: "KHM", modalities: [EXPECTATION]) { id }
        timeline(entity: "KHM") { year }
        forecastTimeline: timeline(entity: "KHM", modalities: [EXPECTATION]) { year }
        entity(id: "KHM") {
          facts: relations(first: 100) { nodes { modality } }
          aims: relations(first: 100, modalities: [INTENTION]) { nodes { modality to { id } } }
        }
      }`);
      expect(answer.facts).toHaveLength(2);
      expect(answer.forecastMemberships).toEqual([]);
      expect(answer.funders).toHaveLength(1);
      expect(answer.forecastFunders).toEqual([]);
      expect(answer.donors.map((d: any) => d.donor.id).sort()).toEqual(['JPN', 'USA']);
      expect(answer.forecastDonors).toEqual([]);
      expect(answer.concerns.length).toBeGreaterThan(0);
      expect(answer.forecastConcerns).toEqual([]);
      expect(answer.timeline.length).toBeGreaterThan(0);
      expect(answer.forecastTimeline).toEqual([]);
      expect(new Set(answer.entity.facts.nodes.map((r: any) => r.modality))).toEqual(
        new Set(['FACT']),
      );
      expect(answer.entity.aims.nodes).toEqual([{ modality: 'INTENTION', to: { id: 'USA' } }]);
    });

    it('draws and connects through facts unless asked otherwise', async () => {
      // Cambodia's ties with Western nations are a forecast of the article, nothing more.
      const answer = await data(`{
        facts: paths(from: "KHM", to: "western-nations") { length }
        forecasts: paths(from: "KHM", to: "western-nations", modalities: [FACT, EXPECTATION]) { length }
        drawn: neighbourhood(id: "KHM") { edges { target modality } }
        all: neighbourhood(id: "KHM", modalities: [FACT, INTENTION, EXPECTATION]) { edges { target modality } }
      }`);
      expect(answer.facts).toEqual([]);
      expect(answer.forecasts).toEqual([{ length: 1 }]);
      expect(new Set(answer.drawn.edges.map((e: any) => e.modality))).toEqual(new Set(['FACT']));
      expect(answer.all.edges).toContainEqual({
        target: 'western-nations',
        modality: 'EXPECTATION',
      });
    });
  });

  it('counts investors among funders, as its description says', async () => {
    const answer = await data(`{
      tourism: funders(issue: "tourism") { kind from { id } }
      grantsOnly: funders(issue: "tourism", kinds: [FUNDS]) { id }
      infrastructure: funders(issue: "infrastructure") { kind from { id } }
    }`);
    expect(answer.tourism).toEqual([{ kind: 'INVESTS_IN', from: { id: 'KOR' } }]);
    expect(answer.grantsOnly).toEqual([]);
    expect(answer.infrastructure).toEqual(
      expect.arrayContaining([
        { kind: 'INVESTS_IN', from: { id: 'CHN' } },
        { kind: 'FUNDS', from: { id: 'JPN' } },
      ]),
    );
  });

  describe('unknown ids are NOT_FOUND in every argument that names an entity', () => {
    it.each([
      ['relations(filter: { from: "Cambodia" }) { nodes { id } }', 'filter.from', ['KHM']],
      ['relations(filter: { to: "china" }) { nodes { id } }', 'filter.to', ['CHN']],
      ['relations(filter: { involving: "nowhere" }) { nodes { id } }', 'filter.involving', []],
      ['relations(filter: { in: "asean" }) { nodes { id } }', 'filter.in', []],
      ['relations(filter: { via: "KHM" }) { nodes { id } }', 'filter.via', []],
      ['relations(filter: { regarding: "nowhere" }) { nodes { id } }', 'filter.regarding', []],
      ['relations(filter: { source: "nowhere" }) { nodes { id } }', 'filter.source', []],
      ['concerns(raisedBy: "European Union") { id }', 'raisedBy', ['eu']],
      ['concerns(regarding: "nowhere") { id }', 'regarding', []],
      ['concerns(issue: "Human rights") { id }', 'issue', ['human-rights']],
      ['funders(issue: "Demining") { id }', 'issue', ['demining']],
      ['timeline(entity: "nowhere") { year }', 'entity', []],
      ['memberships(member: "nowhere") { id }', 'member', []],
    ])('%s names %s', async (field, argument, suggestions) => {
      const body = await ask(`{ ${field} }`);
      expect(body.data).toBeNull();
      const [error] = body.errors ?? [];
      expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', argument });
      expect(error.extensions.suggestions ?? []).toEqual(suggestions);
      if (suggestions.length > 0)
        expect(error.message).toContain(`did you mean "${suggestions[0]}"`);
    });

    it('stays silent when the ids exist and nothing matches', async () => {
      const answer = await data(
        `{ relations(filter: { from: "JPN", to: "CHN" }) { nodes { id } } }`,
      );
      expect(answer.relations.nodes).toEqual([]);
    });
  });

  it('lists only dated changes in an agreement status history', async () => {
    const answer = await data(
      `query ($railway: ID!) {
      eba: entity(id: "everything-but-arms") { ... on Agreement { statusHistory { year status party { id } by { id } temporary } } }
      railway: entity(id: $railway) { ... on Agreement { statusHistory { year status party { id } by { id } } } }
    }`,
      { railway: `${second}-railway` },
    );
    expect(answer.eba.statusHistory).toEqual([
      { year: 2020, status: 'SUSPENDED', party: { id: 'KHM' }, by: { id: 'eu' }, temporary: true },
    ]);
    // China's part has no year: a state, not a change, and no entry.
    expect(answer.railway.statusHistory).toEqual([
      { year: 2016, status: 'ACTIVE', party: { id: 'LAO' }, by: { id: 'LAO' } },
    ]);
  });

  describe('search ranks an exact name first, then all terms, then partial matches', () => {
    const SEARCH = `query ($text: String!) { search(text: $text, first: 10) { match score entity { id } } }`;
    const hits = async (text: string) =>
      (await data(SEARCH, { text })).search as Array<{ match: string; entity: { id: string } }>;

    it('puts the country called Laos before the things whose names contain it', async () => {
      const found = await hits('Laos');
      expect(found[0]).toMatchObject({ match: 'EXACT', entity: { id: 'LAO' } });
      expect(
        found
          .slice(1, 3)
          .map((h) => h.entity.id)
          .sort(),
      ).toEqual([`${second}-railway`, `${second}-uxo`]);
      expect(found.slice(1, 3).map((h) => h.match)).toEqual(['ALL_TERMS', 'ALL_TERMS']);
    });

    it('puts the entity with every word before one with some of them', async () => {
      // Its id, economic-dependence, reads as the words typed: an exact match.
      const exact = await hits('economic dependence');
      expect(exact[0]).toMatchObject({ match: 'EXACT', entity: { id: 'economic-dependence' } });
      const words = await hits('dependence economic');
      expect(words[0]).toMatchObject({
        match: 'ALL_TERMS',
        entity: { id: 'economic-dependence' },
      });
      for (const found of [exact, words]) {
        const integration = found.find((h) => h.entity.id === 'economic-integration');
        expect(integration?.match).toBe('PARTIAL');
      }
    });

    it.each([
      ['BRI', 'belt-and-road-initiative'],
      ['EU', 'eu'],
      ['kh', 'KHM'],
      ['Kingdom of Cambodia', 'KHM'],
      ['lao pdr', 'LAO'],
      ['CHN', 'CHN'],
    ])('finds %s exactly: %s first', async (text, id) => {
      const [first] = await hits(text);
      expect(first).toMatchObject({ match: 'EXACT', entity: { id } });
    });

    it('orders by match, then score', async () => {
      const found = await hits('south');
      const rank = { EXACT: 0, ALL_TERMS: 1, PARTIAL: 2 } as Record<string, number>;
      const ranks = found.map((h) => rank[h.match] as number);
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    });
  });
});

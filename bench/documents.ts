import { luceneQuery } from '../src/graph/entity.repository';
import { nameKey } from '../src/ontology/names';

/*
 * The benchmark questions. Each is asked of every contender in its own words (our document,
 * @neo4j/graphql's document, the floor's hand-written Cypher in contenders.ts), and each
 * contender's answer is brought to one canonical form by its `answer` function, so that the
 * run can check, before timing anything, that all three answered the same question the same
 * way. Where ours orders or pages deterministically (relations by statement id, entities by
 * name then id, facts only by default), the others are asked to do the same.
 */

/** A contender's answer, as it came (the `data` of a GraphQL response, or the floor's rows). */
export type Answer = unknown;

/** A benchmark question: its documents and how to read each contender's answer. */
export interface Document {
  name: string;
  /** Our variables; the others get `theirVariables` when given, else these. */
  variables: Record<string, unknown>;
  theirVariables?: Record<string, unknown>;
  ours: string;
  neo4jGraphql: string;
  /** Canonical forms, compared with each other before timing. */
  answer: {
    ours(data: Answer): unknown;
    neo4jGraphql(data: Answer): unknown;
    floor(rows: Answer): unknown;
  };
  /**
   * Parts of the canonical form that @neo4j/graphql cannot give over this graph, removed
   * from every answer before ours is compared with its (they are still compared with the
   * floor's).
   */
  notFromNeo4jGraphql?: (canonical: unknown) => unknown;
}

// Loose readers of JSON answers: the shapes are checked by comparing answers, not by types.
type J = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A relations page's sort and filter, as @neo4j/graphql's connection arguments. */
const PAGE = (first: number) =>
  `first: ${first}, sort: [{ edge: { statementId: ASC } }], where: { edge: { modality: { eq: "fact" } } }`;

const sorted = <T>(items: T[]): T[] =>
  [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const SEARCH_TEXT = 'Organisation 12';

export const DOCUMENTS: Document[] = [
  {
    name: 'lookup',
    variables: { id: 'KHM' },
    ours: 'query ($id: ID!) { country(id: $id) { id name iso2 } }',
    neo4jGraphql: 'query ($id: ID!) { countries(where: { id: { eq: $id } }) { id name iso2 } }',
    answer: {
      ours: (d: J) => d.country,
      neo4jGraphql: (d: J) => d.countries[0],
      floor: (rows: J) => rows[0],
    },
  },
  {
    name: 'nested',
    variables: {},
    ours: '{ countries(first: 50) { nodes { id relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 10) { nodes { to { id relations(kinds: [MEMBER_OF], direction: INCOMING, first: 10) { nodes { from { id } } } } } } } } }',
    neo4jGraphql: `{ countries(limit: 50, sort: [{ name: ASC }, { id: ASC }]) { id memberOfConnection(${PAGE(10)}) { edges { node { id membersConnection(${PAGE(10)}) { edges { node { id } } } } } } } }`,
    answer: {
      ours: (d: J) =>
        d.countries.nodes.map((c: J) => ({
          id: c.id,
          of: c.relations.nodes.map((r: J) => ({
            id: r.to.id,
            members: r.to.relations.nodes.map((m: J) => m.from.id),
          })),
        })),
      neo4jGraphql: (d: J) =>
        d.countries.map((c: J) => ({
          id: c.id,
          of: c.memberOfConnection.edges.map((e: J) => ({
            id: e.node.id,
            members: e.node.membersConnection.edges.map((m: J) => m.node.id),
          })),
        })),
      floor: (rows: J) => rows,
    },
  },
  {
    name: 'deep',
    variables: { id: 'FRA' },
    ours: `query ($id: ID!) { country(id: $id) { id relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 5) { nodes { evidence { quote } to { id relations(kinds: [MEMBER_OF], direction: INCOMING, first: 5) { nodes { from { id relations(kinds: [PARTY_TO], direction: OUTGOING, first: 5) { nodes { evidence { quote } to { id relations(kinds: [PARTY_TO], direction: INCOMING, first: 5) { nodes { from { id } } } } } } } } } } } } } }`,
    neo4jGraphql: `query ($id: ID!) { countries(where: { id: { eq: $id } }) { id memberOfConnection(${PAGE(5)}) { edges { node { id membersConnection(${PAGE(5)}) { edges { node { id ... on Country { partyToConnection(${PAGE(5)}) { edges { node { id partiesConnection(${PAGE(5)}) { edges { node { id } } } } } } } ... on Organisation { partyToConnection(${PAGE(5)}) { edges { node { id partiesConnection(${PAGE(5)}) { edges { node { id } } } } } } } } } } } } } } }`,
    answer: {
      ours: (d: J) => ({
        id: d.country.id,
        of: d.country.relations.nodes.map((r: J) => ({
          quotes: r.evidence.map((e: J) => e.quote),
          id: r.to.id,
          members: r.to.relations.nodes.map((m: J) => ({
            id: m.from.id,
            party: m.from.relations.nodes.map((p: J) => ({
              quotes: p.evidence.map((e: J) => e.quote),
              id: p.to.id,
              parties: p.to.relations.nodes.map((x: J) => x.from.id),
            })),
          })),
        })),
      }),
      neo4jGraphql: (d: J) => {
        const c = d.countries[0];
        return {
          id: c.id,
          of: c.memberOfConnection.edges.map((e: J) => ({
            quotes: null,
            id: e.node.id,
            members: e.node.membersConnection.edges.map((m: J) => ({
              id: m.node.id,
              party: m.node.partyToConnection.edges.map((p: J) => ({
                quotes: null,
                id: p.node.id,
                parties: p.node.partiesConnection.edges.map((x: J) => x.node.id),
              })),
            })),
          })),
        };
      },
      floor: (rows: J) => rows[0],
    },
    // A generated schema reaches a relationship's properties but not the Statement node its
    // evidence hangs from: @neo4j/graphql answers this question without the quotes.
    notFromNeo4jGraphql: (canonical) =>
      JSON.parse(JSON.stringify(canonical), (key, value: unknown) =>
        key === 'quotes' ? undefined : value,
      ) as unknown,
  },
  {
    name: 'wide',
    variables: {},
    ours: '{ countries(first: 100) { nodes { id iso3 iso2 name aliases description wikidataId version kind relations(direction: OUTGOING, first: 10) { nodes { kind to { id name } } } } } }',
    neo4jGraphql:
      '{ countries(limit: 100, sort: [{ name: ASC }, { id: ASC }]) { id iso2 name aliases description wikidataId version __typename relationRows(first: 10) { kind toId toName } } }',
    answer: {
      ours: (d: J) =>
        d.countries.nodes.map((c: J) =>
          wideRow(
            c,
            c.iso3,
            c.kind,
            c.relations.nodes.map((r: J) => [r.kind, r.to.id, r.to.name]),
          ),
        ),
      neo4jGraphql: (d: J) =>
        d.countries.map((c: J) =>
          wideRow(
            c,
            c.id,
            String(c.__typename).toUpperCase(),
            c.relationRows.map((r: J) => [r.kind, r.toId, r.toName]),
          ),
        ),
      floor: (rows: J) => rows,
    },
  },
  {
    name: 'funders',
    variables: { id: 'issue-00001' },
    ours: 'query ($id: ID!) { funders(issue: $id, kinds: [FUNDS]) { id from { id name } } }',
    neo4jGraphql: `query ($id: ID!) { issues(where: { id: { eq: $id } }) { fundersConnection(sort: [{ edge: { statementId: ASC } }], where: { edge: { modality: { eq: "fact" } } }) { edges { node { id name } } } } }`,
    answer: {
      ours: (d: J) => d.funders.map((r: J) => r.from),
      neo4jGraphql: (d: J) => d.issues[0].fundersConnection.edges.map((e: J) => e.node),
      floor: (rows: J) => rows,
    },
  },
  {
    name: 'path',
    variables: { from: 'KOR', to: 'org-00001' },
    ours: 'query ($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 4, first: 1) { entities { id } } }',
    neo4jGraphql: 'query ($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) }',
    // Several paths may be shortest; any one answers the question. Compared: its length
    // and ends.
    answer: {
      ours: (d: J) => ends(d.paths[0].entities.map((e: J) => e.id)),
      neo4jGraphql: (d: J) => ends(d.shortestPath),
      floor: (rows: J) => ends(rows[0]),
    },
  },
  {
    name: 'neighbourhood',
    variables: { id: 'org-00001' },
    ours: 'query ($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 200) { edges { source target kind } } }',
    neo4jGraphql: 'query ($id: ID!) { neighbourhood(id: $id) { source target kind } }',
    // A set of edges: which 200 is fixed by statement id, ring by ring; their order is not.
    answer: {
      ours: (d: J) => sorted(d.neighbourhood.edges.map((e: J) => [e.source, e.target, e.kind])),
      neo4jGraphql: (d: J) => sorted(d.neighbourhood.map((e: J) => [e.source, e.target, e.kind])),
      floor: (rows: J) => sorted(rows.map((e: J) => [e.source, e.target, e.kind])),
    },
  },
  {
    name: 'search',
    variables: { text: SEARCH_TEXT },
    // The others rank as ours does: the same Lucene query, exact names first, then hits
    // with every word, each group by score.
    theirVariables: {
      text: SEARCH_TEXT,
      query: luceneQuery(SEARCH_TEXT),
      key: nameKey(SEARCH_TEXT),
    },
    ours: 'query ($text: String!) { search(text: $text, first: 10) { score entity { id name } } }',
    neo4jGraphql:
      'query ($text: String!, $query: String!, $key: String!) { search(text: $text, query: $query, key: $key) { id name score } }',
    answer: {
      ours: (d: J) => d.search.map((h: J) => [h.entity.id, h.entity.name, round(h.score)]),
      neo4jGraphql: (d: J) => d.search.map((h: J) => [h.id, h.name, round(h.score)]),
      floor: (rows: J) => rows.map((h: J) => [h.id, h.name, round(h.score)]),
    },
  },
  {
    name: 'list',
    variables: {},
    ours: '{ countries(first: 20) { nodes { id name } pageInfo { endCursor hasNextPage } } }',
    neo4jGraphql:
      '{ countriesConnection(first: 20, sort: [{ name: ASC }, { id: ASC }]) { edges { node { id name } } pageInfo { endCursor hasNextPage } } }',
    answer: {
      ours: (d: J) => ({ items: d.countries.nodes, more: d.countries.pageInfo.hasNextPage }),
      neo4jGraphql: (d: J) => ({
        items: d.countriesConnection.edges.map((e: J) => e.node),
        more: d.countriesConnection.pageInfo.hasNextPage,
      }),
      floor: (rows: J) => ({ items: rows.slice(0, 20), more: rows.length > 20 }),
    },
  },
];

/** A country of the wide document in canonical form: the fields both schemas share, and the
 * three they name apart (the alpha-3 code, the kind, the relations). */
function wideRow(c: J, iso3: unknown, kind: unknown, relations: unknown[]): unknown {
  const { id, iso2, name, description, wikidataId, version } = c;
  return {
    id,
    iso3,
    iso2,
    name,
    aliases: c.aliases ?? [],
    description,
    wikidataId,
    version,
    kind,
    relations,
  };
}

function ends(ids: string[]): unknown {
  return { hops: ids.length - 1, from: ids[0], to: ids.at(-1) };
}

function round(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

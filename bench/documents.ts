/** A benchmark question: our document, and the same question asked of @neo4j/graphql. */
export interface Document {
  name: string;
  variables: Record<string, unknown>;
  ours: string;
  neo4jGraphql: string;
}

/** The questions, with variables naming entities of the synthetic world. */
export const DOCUMENTS: Document[] = [
  {
    name: 'lookup',
    variables: { id: 'KHM' },
    ours: 'query ($id: ID!) { country(id: $id) { id name iso2 } }',
    neo4jGraphql: 'query ($id: ID!) { countries(where: { id: { eq: $id } }) { id name iso2 } }',
  },
  {
    name: 'nested',
    variables: {},
    ours: '{ countries(first: 50) { nodes { id relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 10) { nodes { to { id ... on Organisation { relations(kinds: [MEMBER_OF], direction: INCOMING, first: 10) { nodes { from { id } } } } } } } } } }',
    neo4jGraphql:
      '{ countries(limit: 50, sort: [{ name: ASC }]) { id memberOf(limit: 10) { id members(limit: 10) { id } } } }',
  },
  {
    name: 'funders',
    variables: { id: 'issue-00001' },
    ours: 'query ($id: ID!) { funders(issue: $id) { from { id name } } }',
    neo4jGraphql:
      'query ($id: ID!) { issues(where: { id: { eq: $id } }) { fundedByCountries { id name } fundedByOrganisations { id name } } }',
  },
  {
    name: 'path',
    variables: { from: 'KOR', to: 'org-00001' },
    ours: 'query ($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 4, first: 1) { entities { id } } }',
    neo4jGraphql: 'query ($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) }',
  },
  {
    name: 'neighbourhood',
    variables: { id: 'org-00001' },
    ours: 'query ($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 200) { edges { source target kind } } }',
    neo4jGraphql: 'query ($id: ID!) { neighbourhood(id: $id) { source target kind } }',
  },
  {
    name: 'search',
    variables: { text: 'Organisation 12' },
    ours: 'query ($text: String!) { search(text: $text, first: 10) { score entity { id name } } }',
    neo4jGraphql: 'query ($text: String!) { search(text: $text) { id name score } }',
  },
  {
    name: 'list',
    variables: {},
    ours: '{ countries(first: 20) { nodes { id name } pageInfo { endCursor hasNextPage } } }',
    neo4jGraphql:
      '{ countriesConnection(first: 20, sort: [{ name: ASC }]) { edges { node { id name } } pageInfo { endCursor hasNextPage } } }',
  },
];

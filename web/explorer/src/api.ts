// The explorer's only way to the data: the public GraphQL API of the server that serves it.

import type {
  EntityDetails,
  EntityKind,
  Evidence,
  GraphEdge,
  SearchHit,
  Subgraph,
  TimelineYear,
} from './types.js';

/** An error the API answered with, or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The GraphQL error code (NOT_FOUND, ...), or NETWORK / HTTP_<status>. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const ENDPOINT = new URL('graphql', window.location.href).toString();
const TIMEOUT_MS = 20_000;

/** Runs one operation; rejects with an {@link ApiError} on any error. */
export async function request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(
      timedOut ? 'The API did not answer in time.' : 'The API cannot be reached.',
      timedOut ? 'TIMEOUT' : 'NETWORK',
    );
  }
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(
      `The API answered ${response.status} without JSON.`,
      `HTTP_${response.status}`,
    );
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${response.status}`);
  if (!response.ok || !body.data) {
    throw new ApiError(`The API answered ${response.status}.`, `HTTP_${response.status}`);
  }
  return body.data;
}

const SEARCH = /* GraphQL */ `
  query ExplorerSearch($text: String!) {
    search(text: $text, first: 8) {
      score
      entity {
        id
        name
        kind
        description
      }
    }
  }
`;

/** Full-text search, best first. */
export async function search(text: string): Promise<SearchHit[]> {
  return (await request<{ search: SearchHit[] }>(SEARCH, { text })).search;
}

const NEIGHBOURHOOD = /* GraphQL */ `
  query ExplorerNeighbourhood($id: ID!, $limit: Int!) {
    neighbourhood(id: $id, depth: 1, limit: $limit, modalities: [FACT, INTENTION, EXPECTATION]) {
      truncated
      nodes {
        id
        label
        kind
      }
      edges {
        id
        kind
        label
        source
        target
        relation {
          modality
          symmetric
          qualifiers {
            since
            until
            year
            level
            role
            status
            scope
            temporary
            event
            fields
            products
            channels
            in {
              id
              name
            }
            via {
              id
              name
            }
            regarding {
              id
              name
            }
          }
        }
      }
    }
  }
`;

/** The entity and its relations, one ring, at most `limit` of them. */
export async function neighbourhood(id: string, limit: number): Promise<Subgraph> {
  return (await request<{ neighbourhood: Subgraph }>(NEIGHBOURHOOD, { id, limit })).neighbourhood;
}

const ENTITY = /* GraphQL */ `
  query ExplorerEntity($id: ID!) {
    entity(id: $id) {
      id
      name
      kind
      description
      aliases
      ... on Country {
        iso2
      }
      ... on Organisation {
        acronym
      }
      ... on Agreement {
        acronym
      }
    }
  }
`;

/** One entity's details. */
export async function entity(id: string): Promise<EntityDetails> {
  return (await request<{ entity: EntityDetails }>(ENTITY, { id })).entity;
}

const EVIDENCE = /* GraphQL */ `
  query ExplorerEvidence($id: ID!) {
    relation(id: $id) {
      evidence {
        quote
        section
        heading
        source {
          id
          title
          url
          publisher
        }
      }
    }
  }
`;

/** The evidence of one relation. */
export async function evidence(edge: GraphEdge): Promise<Evidence[]> {
  const data = await request<{ relation: { evidence: Evidence[] } }>(EVIDENCE, { id: edge.id });
  return data.relation.evidence;
}

const TIMELINE = /* GraphQL */ `
  query ExplorerTimeline($id: ID!) {
    timeline(entity: $id) {
      year
      entries {
        event
        relation {
          id
          kind
          from {
            id
            name
          }
          to {
            id
            name
          }
        }
      }
    }
  }
`;

/** The entity's dated relations, year by year. */
export async function timeline(id: string): Promise<TimelineYear[]> {
  return (await request<{ timeline: TimelineYear[] }>(TIMELINE, { id })).timeline;
}

const MOST_CONNECTED = /* GraphQL */ `
  query ExplorerStart {
    statistics {
      mostConnected(first: 8) {
        degree
        entity {
          id
          name
          kind
        }
      }
    }
  }
`;

/** The most connected entities, to start from. */
export async function mostConnected(): Promise<
  Array<{ degree: number; entity: { id: string; name: string; kind: EntityKind } }>
> {
  type Answer = {
    statistics: {
      mostConnected: Array<{
        degree: number;
        entity: { id: string; name: string; kind: EntityKind };
      }>;
    };
  };
  return (await request<Answer>(MOST_CONNECTED, {})).statistics.mostConnected;
}

import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { fork } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import neo4j, { Driver, Session } from 'neo4j-driver';
import { RELATION_KINDS, RELATION_KIND_SPECS } from '../src/ontology/relations';

const TYPES = RELATION_KINDS.join('|');
const SYMMETRIC = JSON.stringify(RELATION_KINDS.filter((k) => RELATION_KIND_SPECS[k].symmetric));

/** A relations page of `variable` as ours reads it: facts, by statement id. */
const page = (pattern: string, r: string, limit: number) =>
  `OPTIONAL MATCH ${pattern} WHERE ${r}.modality = 'fact'
      WITH * ORDER BY ${r}.statementId LIMIT ${limit}`;

/** The quotes of the relation `r`, in order, as `column`. */
const quotes = (r: string, column: string) =>
  `CALL (${r}) {
        OPTIONAL MATCH (:Statement {id: ${r}.statementId})-[ev:EVIDENCE]->(:Source)
        WITH ev ORDER BY ev.ordinal
        RETURN collect(ev.quote) AS ${column}
      }`;

/** A country's relations as ours gives them going out: symmetric kinds either way. */
const RELATION_ROWS = `OPTIONAL MATCH (this)-[r]-(o:Entity)
      WHERE r.modality = 'fact' AND (startNode(r) = this OR type(r) IN ${SYMMETRIC})
      WITH r, o ORDER BY r.statementId LIMIT $first
      RETURN CASE WHEN r IS NULL THEN NULL ELSE {kind: type(r), toId: o.id, toName: o.name} END AS row`;

/**
 * Hand-written Cypher for each benchmark document: what a bare driver call costs (the floor).
 * Each answers the same question as ours (see documents.ts), in the canonical form.
 */
export const FLOOR_CYPHER: Record<string, string> = {
  // Entity ids are unique and indexed; kinds are further labels.
  lookup: 'MATCH (c:Entity {id: $id}) WHERE c:Country RETURN c {.id, .name, .iso2} AS row',
  nested: `MATCH (c:Country)
    WITH c ORDER BY c.name, c.id LIMIT 50
    CALL (c) {
      ${page('(c)-[r1:MEMBER_OF]->(o:Entity)', 'r1', 10)}
      CALL (o) {
        ${page('(o)<-[r2:MEMBER_OF]-(m:Entity)', 'r2', 10)}
        RETURN collect(m.id) AS members
      }
      RETURN collect(CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, members: members} END) AS of
    }
    RETURN {id: c.id, of: of} AS row ORDER BY c.name, c.id`,
  deep: `MATCH (c:Entity {id: $id}) WHERE c:Country
    CALL (c) {
      ${page('(c)-[r1:MEMBER_OF]->(o:Entity)', 'r1', 5)}
      ${quotes('r1', 'q1')}
      CALL (o) {
        ${page('(o)<-[r2:MEMBER_OF]-(m:Entity)', 'r2', 5)}
        CALL (m) {
          ${page('(m)-[r3:PARTY_TO]->(a:Entity)', 'r3', 5)}
          ${quotes('r3', 'q3')}
          CALL (a) {
            ${page('(a)<-[r4:PARTY_TO]-(p:Entity)', 'r4', 5)}
            RETURN collect(p.id) AS parties
          }
          RETURN collect(CASE WHEN a IS NULL THEN NULL ELSE {quotes: q3, id: a.id, parties: parties} END) AS party
        }
        RETURN collect(CASE WHEN m IS NULL THEN NULL ELSE {id: m.id, party: party} END) AS members
      }
      RETURN collect(CASE WHEN o IS NULL THEN NULL ELSE {quotes: q1, id: o.id, members: members} END) AS of
    }
    RETURN {id: c.id, of: of} AS row`,
  wide: `MATCH (c:Country)
    WITH c ORDER BY c.name, c.id LIMIT 100
    CALL (c) {
      WITH c AS this
      ${RELATION_ROWS.replace('$first', '10')}
    }
    WITH c, collect(row) AS rows
    RETURN {id: c.id, iso3: c.id, iso2: c.iso2, name: c.name, aliases: coalesce(c.aliases, []),
      description: c.description, wikidataId: c.wikidataId, version: c.version, kind: 'COUNTRY',
      relations: [x IN rows | [x.kind, x.toId, x.toName]]} AS row
    ORDER BY c.name, c.id`,
  funders: `MATCH (i:Entity {id: $id})<-[r:FUNDS]-(f:Entity) WHERE i:Issue AND r.modality = 'fact'
    RETURN f {.id, .name} AS row ORDER BY r.statementId`,
  path: `MATCH p = shortestPath((a:Entity {id: $from})-[:${TYPES}*..4]-(b:Entity {id: $to}))
    WHERE all(r IN relationships(p) WHERE r.modality = 'fact')
    RETURN [n IN nodes(p) | n.id] AS row`,
  // Ring by ring, as ours: the centre's relations by statement id, then the relations of
  // their other ends not already taken, by statement id, up to 200 in all.
  neighbourhood: `MATCH (c:Entity {id: $id})
    CALL (c) {
      MATCH (c)-[r:${TYPES}]-(:Entity) WHERE r.modality = 'fact'
      WITH DISTINCT r ORDER BY r.statementId LIMIT 200
      RETURN collect(r) AS ring1
    }
    CALL (c, ring1) {
      UNWIND [r IN ring1 | CASE WHEN startNode(r) = c THEN endNode(r) ELSE startNode(r) END] AS n
      MATCH (n)-[r:${TYPES}]-(:Entity) WHERE r.modality = 'fact'
      WITH DISTINCT r ORDER BY r.statementId LIMIT 400
      RETURN collect(r) AS candidates
    }
    UNWIND (ring1 + [x IN candidates WHERE NOT x IN ring1])[..200] AS r
    RETURN {source: startNode(r).id, target: endNode(r).id, kind: type(r)} AS row`,
  // Ranked as ours ranks: exact names first, then hits with every word, each by score.
  search: `CALL () {
      CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: 40}) YIELD node, score
      RETURN node, score
      UNION
      MATCH (node:Entity) WHERE $key IN node.lookupKeys
      RETURN node, 0.0 AS score
    }
    WITH node, max(score) AS score
    WITH node, score, CASE
      WHEN $key IN node.lookupKeys THEN 0
      WHEN all(w IN split($key, ' ') WHERE any(k IN node.lookupKeys + [toLower(coalesce(node.description, ''))] WHERE w IN split(k, ' '))) THEN 1
      ELSE 2 END AS rank
    RETURN {id: node.id, name: node.name, score: score} AS row
    ORDER BY rank, score DESC, node.name, node.id LIMIT 10`,
  list: 'MATCH (c:Country) RETURN c {.id, .name} AS row ORDER BY c.name, c.id LIMIT 21',
};

/**
 * Type definitions for @neo4j/graphql over the same graph, shaped for the same questions:
 * relationships carry their statement id and modality, so that pages can be sorted and
 * filtered as ours are.
 */
export const NEO4J_GRAPHQL_TYPEDEFS = `#graphql
interface Entity {
  id: ID!
  name: String!
}
type Statement @relationshipProperties {
  statementId: String!
  modality: String!
}
type RelationRow {
  kind: String!
  toId: String!
  toName: String!
}
type Country implements Entity @node {
  id: ID!
  name: String!
  iso2: String
  aliases: [String!]
  description: String
  wikidataId: String
  version: Int
  memberOf: [Organisation!]! @relationship(type: "MEMBER_OF", direction: OUT, properties: "Statement")
  partyTo: [Agreement!]! @relationship(type: "PARTY_TO", direction: OUT, properties: "Statement")
  relationRows(first: Int!): [RelationRow!]! @cypher(statement: """${RELATION_ROWS}""", columnName: "row")
}
type Organisation implements Entity @node {
  id: ID!
  name: String!
  members: [Entity!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "Statement")
  partyTo: [Agreement!]! @relationship(type: "PARTY_TO", direction: OUT, properties: "Statement")
}
type Agreement implements Entity @node {
  id: ID!
  name: String!
  parties: [Entity!]! @relationship(type: "PARTY_TO", direction: IN, properties: "Statement")
}
type Issue implements Entity @node {
  id: ID!
  name: String!
  funders: [Entity!]! @relationship(type: "FUNDS", direction: IN, properties: "Statement")
}
type Edge {
  source: String!
  target: String!
  kind: String!
}
type Hit {
  id: String!
  name: String!
  score: Float!
}
type Query {
  shortestPath(from: ID!, to: ID!): [String!]!
    @cypher(statement: """${FLOOR_CYPHER.path}""", columnName: "row")
  neighbourhood(id: ID!): [Edge!]! @cypher(statement: """${FLOOR_CYPHER.neighbourhood}""", columnName: "row")
  search(text: String!, query: String!, key: String!): [Hit!]! @cypher(statement: """${FLOOR_CYPHER.search}""", columnName: "row")
}
`;

/** A server under test, with a count of the Neo4j round trips it made. */
export interface Contender {
  name: string;
  url: string;
  roundTrips(): number;
  stop(): Promise<void>;
}

/** A contender running in a child process (bench/contender-process.ts). */
export interface RemoteContender {
  name: string;
  url: string;
  roundTrips(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks a contender into a process of its own with NODE_ENV=production, so that no two share
 * a heap or an event loop with each other or with the load driver.
 */
export async function forkContender(
  name: string,
  neo4jEnv: { uri: string; user: string; password: string },
): Promise<RemoteContender> {
  const child = fork(path.join(__dirname, 'contender-process.js'), [name], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEO4J_URI: neo4jEnv.uri,
      NEO4J_USER: neo4jEnv.user,
      NEO4J_PASSWORD: neo4jEnv.password,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as T);
      });
    });
  const { url } = await next<{ url: string }>();
  return {
    name,
    url,
    async roundTrips() {
      const answer = next<{ roundTrips: number }>();
      child.send({ type: 'roundTrips' });
      return (await answer).roundTrips;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** Counts the transactions a driver runs (the round trips of @neo4j/graphql and the floor). */
export function countingDriver(driver: Driver): { driver: Driver; count: () => number } {
  let count = 0;
  const session = driver.session.bind(driver);
  driver.session = ((config) => {
    const s: Session = session(config);
    const run = s.run.bind(s);
    const executeRead = s.executeRead.bind(s);
    const executeWrite = s.executeWrite.bind(s);
    s.run = ((...args: Parameters<Session['run']>) => {
      count++;
      return run(...args);
    }) as Session['run'];
    s.executeRead = ((...args: Parameters<Session['executeRead']>) => {
      count++;
      return executeRead(...args);
    }) as Session['executeRead'];
    s.executeWrite = ((...args: Parameters<Session['executeWrite']>) => {
      count++;
      return executeWrite(...args);
    }) as Session['executeWrite'];
    return s;
  }) as Driver['session'];
  return { driver, count: () => count };
}

/** @neo4j/graphql 7 on Apollo Server 5, over its own driver to the same Neo4j. */
export async function startNeo4jGraphQL(
  uri: string,
  user: string,
  password: string,
): Promise<Contender> {
  const { driver, count } = countingDriver(neo4j.driver(uri, neo4j.auth.basic(user, password)));
  const schema = await new Neo4jGraphQL({ typeDefs: NEO4J_GRAPHQL_TYPEDEFS, driver }).getSchema();
  const server = new ApolloServer({ schema, stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return {
    name: '@neo4j/graphql',
    url,
    roundTrips: count,
    async stop() {
      await server.stop();
      await driver.close();
    },
  };
}

/** The floor: a bare node:http server running the hand-written Cypher of each document. */
export async function startFloor(uri: string, user: string, password: string): Promise<Contender> {
  // executeQuery is the floor's only call: count it, not the sessions it opens inside.
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
    disableLosslessIntegers: true,
  });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { document, variables } = JSON.parse(body) as {
        document: string;
        variables: Record<string, unknown>;
      };
      const cypher = FLOOR_CYPHER[document];
      if (!cypher) {
        res.writeHead(404).end();
        return;
      }
      driver
        .executeQuery(cypher, variables, { routing: neo4j.routing.READ })
        .then((result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: result.records.map((r) => r.get('row')) }));
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: error.message }] }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let floorCount = 0;
  const original = driver.executeQuery.bind(driver);
  driver.executeQuery = ((...args: Parameters<Driver['executeQuery']>) => {
    floorCount++;
    return original(...args);
  }) as Driver['executeQuery'];
  return {
    name: 'floor',
    url: `http://127.0.0.1:${port}/`,
    roundTrips: () => floorCount,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await driver.close();
    },
  };
}

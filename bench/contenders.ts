import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { fork } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import neo4j, { Driver, Session } from 'neo4j-driver';
import { RELATION_KINDS } from '../src/ontology/relations';

const TYPES = RELATION_KINDS.join('|');

/** Hand-written Cypher for each benchmark document: what a bare driver call costs (the floor). */
export const FLOOR_CYPHER: Record<string, string> = {
  lookup: 'MATCH (c:Country {id: $id}) RETURN c {.id, .name, .iso2} AS row',
  nested: `MATCH (c:Country)
    WITH c ORDER BY c.name, c.id LIMIT 50
    CALL (c) {
      OPTIONAL MATCH (c)-[:MEMBER_OF]->(o:Organisation)
      WITH o ORDER BY o.id LIMIT 10
      CALL (o) {
        OPTIONAL MATCH (o)<-[:MEMBER_OF]-(m:Country)
        WITH m ORDER BY m.id LIMIT 10
        RETURN collect(m.id) AS members
      }
      RETURN collect(CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, members: members} END) AS organisations
    }
    RETURN {id: c.id, organisations: organisations} AS row`,
  funders: `MATCH (i:Issue {id: $id})<-[:FUNDS]-(f:Entity) RETURN f {.id, .name} AS row`,
  path: `MATCH p = shortestPath((a:Entity {id: $from})-[:${TYPES}*..4]-(b:Entity {id: $to}))
    RETURN [n IN nodes(p) | n.id] AS row`,
  neighbourhood: `MATCH (c:Entity {id: $id})-[r1:${TYPES}]-(n1:Entity)
    WITH collect(DISTINCT r1)[..200] AS ring1, collect(DISTINCT n1)[..200] AS frontier
    CALL (frontier) {
      UNWIND frontier AS n
      MATCH (n)-[r2:${TYPES}]-(:Entity)
      RETURN collect(DISTINCT r2)[..200] AS ring2
    }
    UNWIND (ring1 + ring2)[..200] AS r
    RETURN {source: startNode(r).id, target: endNode(r).id, kind: type(r)} AS row`,
  search: `CALL db.index.fulltext.queryNodes('entity_search', $text, {limit: 10}) YIELD node, score
    RETURN {id: node.id, name: node.name, score: score} AS row`,
  list: 'MATCH (c:Country) RETURN c {.id, .name} AS row ORDER BY c.name, c.id LIMIT 20',
};

/** Type definitions for @neo4j/graphql over the same graph, shaped for the same questions. */
export const NEO4J_GRAPHQL_TYPEDEFS = `#graphql
type Country @node {
  id: ID!
  name: String!
  iso2: String
  memberOf: [Organisation!]! @relationship(type: "MEMBER_OF", direction: OUT)
}
type Organisation @node {
  id: ID!
  name: String!
  members: [Country!]! @relationship(type: "MEMBER_OF", direction: IN)
}
type Issue @node {
  id: ID!
  name: String!
  fundedByCountries: [Country!]! @relationship(type: "FUNDS", direction: IN)
  fundedByOrganisations: [Organisation!]! @relationship(type: "FUNDS", direction: IN)
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
  search(text: String!): [Hit!]! @cypher(statement: """${FLOOR_CYPHER.search}""", columnName: "row")
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

import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { LocalNeo4j } from '../../src/neo4j/local-neo4j';

/**
 * Gives the integration tests a real Neo4j: a NEO4J_URI from outside is used as it is;
 * otherwise the project's own local Neo4j is started in a test home of its own
 * (NEO4J_TEST_HOME, default .neo4j/test; NEO4J_TEST_BOLT_PORT, default 7688), so tests never
 * touch the data of `npm start`. A test Neo4j already running is reused and left running.
 */
export default async function globalSetup(): Promise<void> {
  // No test reads outside the repository (see the guard), starting with this process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../guard/repository-only');
  // Source texts come from the fixtures the team wrote, whatever the developer's sources/
  // folder or SOURCES_DIR holds: the answers tests expect must not depend on them.
  process.env.SOURCES_DIR = path.join(__dirname, '..', 'fixtures', 'sources');
  if (process.env.NEO4J_URI) return;
  const config = loadConfig({
    ...process.env,
    NEO4J_LOCAL_HOME: process.env.NEO4J_TEST_HOME ?? '.neo4j/test',
    NEO4J_LOCAL_BOLT_PORT: process.env.NEO4J_TEST_BOLT_PORT ?? '7688',
    NEO4J_LOCAL_HEAP: process.env.NEO4J_LOCAL_HEAP ?? '1g',
    NEO4J_LOCAL_PAGECACHE: process.env.NEO4J_LOCAL_PAGECACHE ?? '512m',
  });
  const local = new LocalNeo4j(
    config.local,
    createLogger(process.env.LOG_LEVEL ?? 'warn'),
    config.neo4j.password,
  );
  const started = await local.start();
  process.env.NEO4J_URI = started.uri;
  process.env.NEO4J_USER = started.user;
  process.env.NEO4J_PASSWORD = started.password;
  (globalThis as { __startedNeo4jHome?: string }).__startedNeo4jHome = started.alreadyRunning
    ? undefined
    : config.local.home;
}

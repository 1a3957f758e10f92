import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { LocalNeo4j } from '../../src/neo4j/local-neo4j';

/** Stops the test Neo4j only when the global setup started it. */
export default async function globalTeardown(): Promise<void> {
  const home = (globalThis as { __startedNeo4jHome?: string }).__startedNeo4jHome;
  if (!home) return;
  const config = loadConfig({ ...process.env, NEO4J_URI: undefined, NEO4J_LOCAL_HOME: home });
  await new LocalNeo4j(config.local, createLogger('warn')).stop();
}

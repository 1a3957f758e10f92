import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../src/config';
import { loadBenchQueryConfig } from './config';
import { generateWorld } from '../src/generate/world';
import { GraphExecutor } from '../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../src/graph/migrations';
import { loadFiles } from '../src/ingest/load';
import { createLogger } from '../src/logger';
import { LocalNeo4j } from '../src/neo4j/local-neo4j';

/** The shape of every synthetic world the benchmarks generate; they differ in size and seed. */
export const WORLD_SHAPE = {
  countries: 250,
  organisations: 200,
  agreements: 100,
  issues: 100,
  perFile: 20_000,
} as const;

/** Where the query benchmark's graph is, and an executor on it. */
export interface BenchGraph {
  credentials: { uri: string; user: string; password: string };
  executor: GraphExecutor;
  /** Relations of the synthetic world. */
  relations: number;
}

/**
 * The graph `npm run bench` and `npm run bench:profile` ask their questions over: the
 * benchmark's own local Neo4j (or NEO4J_URI), migrated, holding the synthetic world of
 * `relations` relations (seed 42), loaded once and kept between runs.
 */
export async function benchGraph(relations: number): Promise<BenchGraph> {
  const bench = loadBenchQueryConfig();
  const config = loadConfig({
    ...process.env,
    NEO4J_LOCAL_HOME: bench.neo4jHome,
    NEO4J_LOCAL_BOLT_PORT: String(bench.neo4jPort),
  });
  let credentials = {
    uri: config.neo4j.uri ?? '',
    user: config.neo4j.user,
    password: config.neo4j.password ?? '',
  };
  if (!config.neo4j.uri)
    credentials = await new LocalNeo4j(
      config.local,
      createLogger('warn'),
      config.neo4j.password,
    ).start();
  const executor = GraphExecutor.connect({ ...config.neo4j, ...credentials });
  await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
  const world = await generateWorld(path.join(PROJECT_ROOT, '.neo4j', `bench-world-${relations}`), {
    ...WORLD_SHAPE,
    relations,
    seed: 42,
  });
  const loaded = await loadFiles(executor, world.datasets, {
    sourcesDirs: [world.sourcesDir],
    batchSize: 1000,
    transactionTimeoutMs: 3_600_000,
    commitPerFile: true,
  });
  if (loaded.validation.problems.length > 0)
    throw new Error('the benchmark world does not validate');
  return { credentials, executor, relations: world.statements };
}

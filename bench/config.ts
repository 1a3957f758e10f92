import { ConfigError, Env, VariableDoc, readers } from '../src/config';

/*
 * The benchmarks' settings: environment variables read and checked as the server's are
 * (src/config.ts), documented with them in the README.
 */

/** Every variable the benchmarks read. */
export const BENCH_VARIABLES: readonly VariableDoc[] = [
  {
    name: 'BENCH_SOAK_SECONDS',
    default: '180',
    meaning:
      '`npm run bench:soak`: how long two API processes are read at once while loads run back to back.',
  },
  {
    name: 'BENCH_SOAK_CONCURRENCY',
    default: '64',
    meaning: '`npm run bench:soak`: connections reading at once, split between the two processes.',
  },
  {
    name: 'BENCH_SOAK_STATEMENTS',
    default: '10000',
    meaning:
      '`npm run bench:soak`: statements of the dataset each load rewrites (every one changed, in one transaction).',
  },
  {
    name: 'BENCH_INGEST_SIZES',
    default: '100000,1000000',
    meaning: '`npm run bench:ingest`: the world sizes (relations) to load, comma-separated.',
  },
  {
    name: 'BENCH_INGEST_HEAP',
    default: '2g',
    meaning:
      "`npm run bench:ingest`: JVM heap of its Neo4j (2g: Neo4j's default). Our first loads into the empty database are staged (LOAD_STAGE_ROWS), so no transaction holds a whole load.",
  },
  {
    name: 'BENCH_INGEST_CONTENDERS',
    default: 'ours,plain,bulk',
    meaning:
      '`npm run bench:ingest`: which contenders run (comma-separated: ours, plain, bulk); one alone is for trying a setting, since the table compares only those run.',
  },
  {
    name: 'BENCH_INGEST_RUNS',
    default: '3',
    meaning:
      '`npm run bench:ingest`: runs of each contender at each size, alternating; the table shows the median run (this machine is noisy: single runs of one contender at 100,000 relations ranged from 23 to 35 s).',
  },
  {
    name: 'BENCH_PLAIN_SHAPE',
    default: 'create',
    meaning:
      "`npm run bench:ingest`: the plain script's statement shape: `merge` (every node and relationship found before it is created, so that a second run changes nothing) or `create` (nodes merged on their constrained ids, relationships created).",
  },
  {
    name: 'BENCH_INGEST_PAGECACHE',
    default: '1g',
    meaning: '`npm run bench:ingest`: page cache of its Neo4j.',
  },
  {
    name: 'BENCH_INGEST_BATCH_SIZE',
    default: '5000',
    meaning:
      '`npm run bench:ingest`: rows per UNWIND batch, the same for both contenders (5,000: the plain script was fastest there, of 1,000, 5,000 and 10,000).',
  },
  {
    name: 'BENCH_RELATIONS',
    default: '20000',
    meaning: '`npm run bench`: relations of the synthetic world it asks its questions over.',
  },
  {
    name: 'BENCH_SECONDS',
    default: '4',
    meaning: '`npm run bench` and `npm run bench:scale`: seconds of each measured run.',
  },
  {
    name: 'BENCH_DOCUMENTS',
    default: '(all)',
    meaning:
      '`npm run bench`: only these documents (comma-separated names); a partial run prints and writes nothing.',
  },
  {
    name: 'BENCH_CONCURRENCY',
    default: '1,16',
    meaning: '`npm run bench`: the concurrencies; set, the run is partial and writes nothing.',
  },
  {
    name: 'BENCH_NEO4J_HOME',
    default: '.neo4j/bench',
    meaning: '`npm run bench`: home of its local Neo4j (Bolt on `BENCH_NEO4J_PORT`, 7689).',
  },
  {
    name: 'BENCH_NEO4J_PORT',
    default: '7689',
    meaning: '`npm run bench`: Bolt port of its Neo4j.',
  },
  {
    name: 'BENCH_SCALE_WORLDS',
    default: 'data,1000000',
    meaning:
      '`npm run bench:scale`: the graphs, in order: `data` (the datasets in data/) or a synthetic world size.',
  },
  {
    name: 'BENCH_SCALE_NEO4J_PORT',
    default: '7694',
    meaning: '`npm run bench:scale`: Bolt port of its Neo4j (a home per graph in .neo4j/scale-*).',
  },
];

/** Settings of `npm run bench` and `npm run bench:scale` (bench/query.ts, bench/scale.ts). */
export interface BenchQueryConfig {
  relations: number;
  seconds: number;
  /** Only these documents; undefined for all. */
  documents?: string[];
  concurrency: number[];
  /** Whether a part of the run was asked for (it then writes no results). */
  partial: boolean;
  neo4jHome: string;
  neo4jPort: number;
  scaleWorlds: string[];
  scaleNeo4jPort: number;
}

/** Reads the settings of the query and scale benchmarks; every problem names its variable. */
export function loadBenchQueryConfig(env: Env = process.env): BenchQueryConfig {
  const problems: string[] = [];
  const read = readers(env, problems);
  const list = (name: string, fallback: string) => read.string(name, fallback).split(',');
  const concurrency = list('BENCH_CONCURRENCY', '1,16').map(Number);
  if (concurrency.some((n) => !Number.isInteger(n) || n < 1 || n > 256))
    problems.push('BENCH_CONCURRENCY: must be integers from 1 to 256, comma-separated');
  const scaleWorlds = list('BENCH_SCALE_WORLDS', 'data,1000000');
  if (scaleWorlds.some((w) => w !== 'data' && !/^[1-9][0-9]*$/.test(w)))
    problems.push('BENCH_SCALE_WORLDS: each must be "data" or a number of relations');
  const documents = read.optional('BENCH_DOCUMENTS')?.split(',');
  const config = {
    relations: read.int('BENCH_RELATIONS', 20_000, 100, 10_000_000),
    seconds: read.int('BENCH_SECONDS', 4, 1, 600),
    documents,
    concurrency,
    partial: documents !== undefined || read.optional('BENCH_CONCURRENCY') !== undefined,
    neo4jHome: read.string('BENCH_NEO4J_HOME', '.neo4j/bench'),
    neo4jPort: read.int('BENCH_NEO4J_PORT', 7689, 1, 65535),
    scaleWorlds,
    scaleNeo4jPort: read.int('BENCH_SCALE_NEO4J_PORT', 7694, 1, 65535),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Settings of `npm run bench:ingest` (bench/ingest.ts). */
export interface BenchIngestConfig {
  sizes: number[];
  heap: string;
  pageCache: string;
  batchSize: number;
  contenders: Array<'ours' | 'plain' | 'bulk'>;
  plainShape: 'merge' | 'create';
  runs: number;
}

/** Reads the settings of the ingest benchmark; every problem names its variable. */
export function loadBenchIngestConfig(env: Env = process.env): BenchIngestConfig {
  const problems: string[] = [];
  const read = readers(env, problems);
  const rawSizes = read.string('BENCH_INGEST_SIZES', '100000,1000000');
  const sizes = rawSizes.split(',').map((part) => Number(part.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    problems.push(`BENCH_INGEST_SIZES: "${rawSizes}" is not a list of positive integers`);
  const config = {
    sizes,
    heap: read.size('BENCH_INGEST_HEAP', '2g'),
    pageCache: read.size('BENCH_INGEST_PAGECACHE', '1g'),
    batchSize: read.int('BENCH_INGEST_BATCH_SIZE', 5000, 1, 100_000),
    contenders: [] as Array<'ours' | 'plain' | 'bulk'>,
    plainShape: 'create' as 'merge' | 'create',
    runs: read.int('BENCH_INGEST_RUNS', 3, 1, 20),
  };
  const shape = read.string('BENCH_PLAIN_SHAPE', 'create');
  if (shape === 'merge' || shape === 'create') config.plainShape = shape;
  else problems.push(`BENCH_PLAIN_SHAPE: "${shape}" is not merge or create`);
  const rawContenders = read.string('BENCH_INGEST_CONTENDERS', 'ours,plain,bulk');
  for (const name of rawContenders.split(',').map((part) => part.trim())) {
    if (name === 'ours' || name === 'plain' || name === 'bulk') config.contenders.push(name);
    else problems.push(`BENCH_INGEST_CONTENDERS: "${name}" is not ours, plain or bulk`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Reads and validates configuration from an environment; every problem names its variable. */

/** Settings of `npm run bench:soak` (bench/soak.ts). */
export interface BenchSoakConfig {
  seconds: number;
  concurrency: number;
  statements: number;
}

/** Reads the settings of the soak; every problem names its variable. */
export function loadBenchSoakConfig(env: Env = process.env): BenchSoakConfig {
  const problems: string[] = [];
  const read = readers(env, problems);
  const config = {
    seconds: read.int('BENCH_SOAK_SECONDS', 180, 10, 86_400),
    concurrency: read.int('BENCH_SOAK_CONCURRENCY', 64, 2, 1024),
    statements: read.int('BENCH_SOAK_STATEMENTS', 10_000, 10, 1_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

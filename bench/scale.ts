import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../src/config';
import { loadBenchQueryConfig } from './config';
import { generateWorld } from '../src/generate/world';
import { GraphExecutor } from '../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../src/graph/migrations';
import { LoadOptions, configuredLoadOptions, loadFiles } from '../src/ingest/load';
import { createProgress } from '../src/ingest/progress';
import { createLogger } from '../src/logger';
import { LocalNeo4j } from '../src/neo4j/local-neo4j';
import { forkContender } from './contenders';
import { DOCUMENTS } from './documents';
import { WORLD_SHAPE } from './graph';
import { drive } from './load';
import { markdownTable, ratio, replaceReadmeSection, writeResult } from './report';

/*
 * npm run bench:scale: how our latency grows with the graph. The same documents are asked of
 * our server over the datasets in data/ (the article graphs) and over synthetic worlds of
 * the sizes in BENCH_SCALE_WORLDS, each in a Neo4j home of its own under .neo4j/ (kept, so a
 * second run skips the load), at concurrency 1 and 16. Prints and writes the growth table.
 */

const BENCH = loadBenchQueryConfig();
const SECONDS = BENCH.seconds;
const WORLDS = BENCH.scaleWorlds;
const CONCURRENCY = [1, 16];
const PORT = String(BENCH.scaleNeo4jPort);

/** Variables naming entities of the article graphs, for the documents that name one. */
const DATA_VARIABLES: Record<string, Record<string, unknown>> = {
  lookup: { id: 'KHM' },
  deep: { id: 'KHM' },
  funders: { id: 'demining' },
  path: { from: 'KOR', to: 'asean' },
  neighbourhood: { id: 'KHM' },
  search: { text: 'Cambodia' },
};

interface Row {
  world: string;
  relations: number;
  document: string;
  concurrency: number;
  p50: number;
  p99: number;
  rps: number;
  roundTrips: number;
  /** Size of the answer's JSON: how much the question asks of the graph. */
  answerBytes: number;
}

async function measureWorld(world: string): Promise<Row[]> {
  const logger = createLogger('warn');
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: undefined,
    NEO4J_LOCAL_HOME: `.neo4j/scale-${world}`,
    NEO4J_LOCAL_BOLT_PORT: PORT,
  });
  const local = new LocalNeo4j(config.local, logger, undefined);
  const credentials = await local.start();
  const executor = GraphExecutor.connect({ ...config.neo4j, ...credentials });
  try {
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    let files: string[];
    let sources: Pick<LoadOptions, 'sourcesDirs' | 'requireSources'>;
    if (world === 'data') {
      const dir = path.join(PROJECT_ROOT, 'data');
      files = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => path.join(dir, f));
      sources = configuredLoadOptions(config.ingest);
    } else {
      const generated = await generateWorld(
        path.join(PROJECT_ROOT, '.neo4j', `bench-world-${world}`),
        {
          ...WORLD_SHAPE,
          relations: Number(world),
          seed: 42,
        },
      );
      files = generated.datasets;
      sources = { sourcesDirs: [generated.sourcesDir] };
    }
    const started = Date.now();
    const loaded = await loadFiles(executor, files, {
      ...sources,
      batchSize: 1000,
      transactionTimeoutMs: 3_600_000,
      commitPerFile: true,
      // A million relations take minutes: a line at every tenth of the way.
      progress: createProgress(`loading the ${world} graph`, process.stderr, createLogger('info')),
    });
    if (loaded.validation.problems.length > 0)
      throw new Error(`the ${world} world does not validate`);
    const [counts] = await executor.read<{ relations: number }>(
      'MATCH (:Entity)-[r]->(:Entity) WHERE r.statementId IS NOT NULL RETURN count(r) AS relations',
    );
    const relations = counts?.relations ?? 0;
    console.error(
      JSON.stringify({
        world,
        relations,
        loadedFiles: loaded.written.length,
        loadMs: Date.now() - started,
      }),
    );

    // Our server in a process of its own with NODE_ENV=production, as npm run bench runs it.
    const server = await forkContender('ours', credentials);
    const { url } = server;
    const rows: Row[] = [];
    try {
      for (const concurrency of CONCURRENCY) {
        for (const document of DOCUMENTS) {
          const variables =
            world === 'data'
              ? (DATA_VARIABLES[document.name] ?? document.variables)
              : document.variables;
          const body = JSON.stringify({ query: document.ours, variables });
          const probe = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const text = await probe.text();
          const answer = JSON.parse(text) as { errors?: unknown[] };
          if (answer.errors)
            throw new Error(`${world} ${document.name}: ${JSON.stringify(answer)}`);
          const roundTrips = Number(probe.headers.get('x-neo4j-round-trips'));
          // A JVM just started needs longer than a second to compile its hot paths.
          await drive(url, body, concurrency, 3);
          const m = await drive(url, body, concurrency, SECONDS);
          rows.push({
            world,
            relations,
            document: document.name,
            concurrency,
            ...m,
            roundTrips,
            answerBytes: Buffer.byteLength(text),
          });
          console.error(
            `${world.padEnd(8)} ${document.name.padEnd(14)} c=${String(concurrency).padEnd(3)} p50 ${m.p50} ms  p99 ${m.p99} ms  ${Math.round(m.rps)} req/s  ${roundTrips} round trips`,
          );
        }
      }
    } finally {
      await server.stop();
    }
    return rows;
  } finally {
    await executor.close();
    await local.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const world of WORLDS) rows.push(...(await measureWorld(world)));
  const first = WORLDS[0] as string;
  const last = WORLDS.at(-1) as string;
  const get = (world: string, document: string, concurrency: number) =>
    rows.find((r) => r.world === world && r.document === document && r.concurrency === concurrency);
  const size = (world: string) => rows.find((r) => r.world === world)?.relations ?? 0;
  const table = markdownTable(
    [
      'document',
      'conc.',
      ...WORLDS.map((w) => `p50 ms, ${size(w)} relations`),
      `p50 growth (${size(last)} ÷ ${size(first)} relations)`,
      ...WORLDS.map((w) => `answer bytes, ${size(w)}`),
      ...WORLDS.map((w) => `round trips, ${size(w)}`),
    ],
    CONCURRENCY.flatMap((c) =>
      DOCUMENTS.map((d) => [
        d.name,
        String(c),
        ...WORLDS.map((w) => String(get(w, d.name, c)?.p50 ?? 'n/a')),
        ratio(get(last, d.name, c)?.p50 ?? 0, get(first, d.name, c)?.p50 ?? 0),
        ...WORLDS.map((w) => String(get(w, d.name, c)?.answerBytes ?? 'n/a')),
        ...WORLDS.map((w) => String(get(w, d.name, c)?.roundTrips ?? 'n/a')),
      ]),
    ),
  );
  const date = new Date().toISOString().slice(0, 10);
  const summary = `Scale run of ${date}: our server alone over each graph, ${SECONDS} s per run after a 3 s warm-up; p50 latency in ms.\n\n${table}`;
  console.log(`\n${summary}\n`);
  await writeResult(
    `scale-${date}.json`,
    `${JSON.stringify({ seconds: SECONDS, rows }, null, 2)}\n`,
  );
  await writeResult('scale-latest.md', `${summary}\n`);
  await replaceReadmeSection('bench-scale', summary);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

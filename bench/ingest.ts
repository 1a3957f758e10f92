import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../src/config';
import { BenchIngestConfig, loadBenchIngestConfig } from './config';
import { WorldFiles, generateWorld } from '../src/generate/world';
import { GraphExecutor } from '../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../src/graph/migrations';
import { Logger, createLogger } from '../src/logger';
import { LocalCredentials, LocalNeo4j, peakRss } from '../src/neo4j/local-neo4j';
import { markdownTable, ratio, replaceReadmeSection, writeResult } from './report';
import { WORLD_SHAPE } from './graph';

/*
 * npm run bench:ingest: our loader against a plain UNWIND ... MERGE script (plain-ingest.ts),
 * and our bulk load (`load --bulk`, neo4j-admin's import tool), for each world size of
 * BENCH_INGEST_SIZES. Each contender runs as a child process against an empty database in a
 * Neo4j of its own (home .neo4j/bench-ingest, Bolt 127.0.0.1:7691), restarted between
 * contenders so that each JVM's peak RSS is its own, with the same migrations (constraints,
 * indexes) applied: before the load for ours and plain, after it for bulk, whose time includes
 * starting the server and building the indexes. Bulk must write exactly what ours writes (node
 * and relationship counts by label and type); otherwise its run fails. Progress goes to stderr
 * as JSON lines; the table goes to stdout, bench/results/ingest-<date>.json,
 * bench/results/ingest-latest.md and README.md.
 */

const HOME = '.neo4j/bench-ingest';
const BOLT_PORT = '7691';
const SEED = 42;

type ContenderName = 'ours' | 'plain' | 'bulk';

interface Run {
  relations: number;
  contender: ContenderName;
  seconds: number;
  nodes: number;
  relationships: number;
  /** Peak resident set (VmHWM) of the loading Node process, bytes. */
  nodeRss: number;
  /** Peak resident set of the Neo4j JVM over its whole life (start, migrations, load). */
  jvmRss: number;
  /** Most heap Neo4j estimated for one open transaction while loading, bytes. */
  txHeap: number;
  /** Ours and bulk: how long validating every file took, and the process's peak RSS by then. */
  validation?: { seconds: number; rss: number };
  /** Nodes by label set and relationships by type: what bulk must match ours in. */
  shape?: Record<string, number>;
  /** Set when the contender failed (the figures above are then zero). */
  error?: string;
}

/** Nodes that are bookkeeping (migrations applied, the ingest lock), not what a load wrote. */
const BOOKKEEPING = 'NOT n:SchemaMigration AND NOT n:IngestLock';

/** What the database holds: nodes, relationships, and both counted by label set and type. */
async function census(
  executor: GraphExecutor,
): Promise<{ nodes: number; relationships: number; shape: Record<string, number> }> {
  const labelled = await executor.read<{ labels: string[]; n: number }>(
    `MATCH (n) WHERE ${BOOKKEEPING} RETURN labels(n) AS labels, count(*) AS n`,
  );
  const typed = await executor.read<{ type: string; n: number }>(
    'MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n',
  );
  const shape: Record<string, number> = {};
  // Labels come in the order the database numbered them, which differs between databases.
  for (const row of labelled) {
    const key = `(${[...row.labels].sort().join(':')})`;
    shape[key] = (shape[key] ?? 0) + row.n;
  }
  for (const row of typed) shape[`[${row.type}]`] = row.n;
  return {
    nodes: labelled.reduce((n, r) => n + r.n, 0),
    relationships: typed.reduce((n, r) => n + r.n, 0),
    shape,
  };
}

/** The heap Neo4j estimates for its open transactions; 0 when it cannot tell. */
async function transactionHeap(executor: GraphExecutor): Promise<number> {
  try {
    const rows = await executor.read<{ heap: number | null }>(
      'SHOW TRANSACTIONS YIELD estimatedUsedHeapMemory AS heap RETURN heap',
    );
    return Math.max(0, ...rows.map((r) => r.heap ?? 0));
  } catch {
    return 0;
  }
}

/** An executor on the bench's Neo4j, once it runs. */
function connectBench(neo4j: LocalCredentials): GraphExecutor {
  return GraphExecutor.connect({
    ...loadConfig({ NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password }).neo4j,
    user: neo4j.user,
    uri: neo4j.uri,
    password: neo4j.password,
  });
}

async function runContender(
  contender: ContenderName,
  world: WorldFiles,
  relations: number,
  batchSize: number,
  local: LocalNeo4j,
  logger: Logger,
): Promise<Run> {
  // An empty database: the data and transaction logs go, the password (auth) stays.
  await local.stop();
  rmSync(path.join(local.config.home, 'data', 'databases'), { recursive: true, force: true });
  rmSync(path.join(local.config.home, 'data', 'transactions'), { recursive: true, force: true });
  // Bulk imports into the stopped server and starts it; the others write into a running one.
  const bulk = contender === 'bulk';
  const neo4j = bulk ? undefined : await local.start();
  let executor = neo4j ? connectBench(neo4j) : undefined;
  try {
    if (executor) await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    const before = executor ? await census(executor) : { nodes: 0, relationships: 0, shape: {} };

    const cli = path.join(__dirname, '..', 'src', 'cli.js');
    const script =
      contender === 'plain'
        ? [path.join(__dirname, 'plain-ingest.js'), String(batchSize), ...world.datasets]
        : [
            cli,
            'load',
            ...(bulk ? ['--bulk'] : ['--batch-size', String(batchSize)]),
            '--sources',
            world.sourcesDir,
            ...world.datasets,
          ];
    logger.info({ relations, contender, jvmPid: neo4j?.pid }, 'bench:ingest: loading');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, script, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ...(neo4j
          ? { NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password }
          : {
              NEO4J_URI: '',
              NEO4J_LOCAL_HOME: local.config.home,
              NEO4J_LOCAL_BOLT_PORT: String(local.config.boltPort),
              NEO4J_LOCAL_HEAP: local.config.heap,
              NEO4J_LOCAL_PAGECACHE: local.config.pageCache,
            }),
        LOAD_TX_TIMEOUT_MS: '86400000',
        LOG_LEVEL: 'info',
      },
    });
    const childPid = child.pid as number;
    let nodeRss = 0;
    let importRss = 0;
    let txHeap = 0;
    let validation: Run['validation'];
    let stderrTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // The loader's own progress lines, passed on; the validation and import lines are kept.
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) {
        if (!line.includes('"validated"') && !line.includes('"bulk load: imported"')) continue;
        try {
          const entry = JSON.parse(line) as {
            ms: number;
            peakRssBytes?: number;
            importPeakRssBytes?: number;
          };
          if (entry.importPeakRssBytes !== undefined) importRss = entry.importPeakRssBytes;
          else validation = { seconds: entry.ms / 1000, rss: entry.peakRssBytes ?? 0 };
        } catch {
          // Not a whole JSON line: progress only.
        }
      }
    });
    const rssSampler = setInterval(() => (nodeRss = Math.max(nodeRss, peakRss(childPid))), 250);
    // SHOW TRANSACTIONS walks every lock of every transaction: a big load holds hundreds of
    // thousands, so it is asked rarely and never twice at once, or it would slow the load.
    let running = true;
    const heapSampler = (async () => {
      while (running && executor) {
        txHeap = Math.max(txHeap, await transactionHeap(executor));
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    })();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    running = false;
    clearInterval(rssSampler);
    await heapSampler;
    if (code !== 0) {
      // The CLI's own last words say why (say, Neo4j's transaction memory limit).
      const said = stderrTail
        .split('\n')
        .filter((line) => line.startsWith('diplograph:') || line.startsWith('Error'))
        .at(-1);
      throw new Error(`${contender} exited with ${code}: ${said ?? stderrTail.slice(-300)}`);
    }

    // Bulk left the server running: this finds it.
    const server = neo4j ?? (await local.start());
    executor ??= connectBench(server);
    const after = await census(executor);
    const run: Run = {
      relations,
      contender,
      seconds,
      nodes: after.nodes - before.nodes,
      relationships: after.relationships - before.relationships,
      nodeRss,
      jvmRss: Math.max(peakRss(server.pid), importRss),
      txHeap,
      validation,
      shape: after.shape,
    };
    logger.info({ ...run }, 'bench:ingest: loaded');
    return run;
  } finally {
    await executor?.close();
  }
}

/**
 * A bulk run that wrote other nodes or relationships than ours did at the same size: a failed
 * run (a faster wrong answer is no answer), saying where they differ.
 */
function checkSameAnswer(runs: Run[], run: Run): Run {
  const ours = runs.find((r) => r.relations === run.relations && r.contender === 'ours' && r.shape);
  if (run.contender !== 'bulk' || run.error || !ours?.shape || !run.shape) return run;
  const keys = [...new Set([...Object.keys(ours.shape), ...Object.keys(run.shape)])].sort();
  const differ = keys.filter((k) => ours.shape?.[k] !== run.shape?.[k]);
  if (differ.length === 0) return run;
  return {
    ...run,
    error: `wrote other than ours: ${differ.map((k) => `${k} ${run.shape?.[k] ?? 0} vs ${ours.shape?.[k] ?? 0}`).join(', ')}`,
  };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const perSecond = (n: number, seconds: number) => Math.round(n / seconds);

/**
 * The run of a contender at a size with the median time (of those that did not fail; the
 * failed one when all did): the table shows it, and every run's time beside it.
 */
function median(runs: Run[], relations: number, contender: ContenderName): Run | undefined {
  const all = runs.filter((r) => r.relations === relations && r.contender === contender);
  const ok = all.filter((r) => !r.error).sort((a, b) => a.seconds - b.seconds);
  return ok.length > 0 ? ok[Math.floor((ok.length - 1) / 2)] : all[0];
}

async function report(
  runs: Run[],
  { heap, batchSize, plainShape, runs: rounds }: BenchIngestConfig,
): Promise<void> {
  const rows: string[][] = [];
  for (const relations of [...new Set(runs.map((r) => r.relations))]) {
    const ours = median(runs, relations, 'ours');
    const plain = median(runs, relations, 'plain');
    const bulk = median(runs, relations, 'bulk');
    for (const r of [ours, plain, bulk]) {
      if (!r) continue;
      if (r.error) {
        rows.push([String(relations), r.contender, `failed: ${r.error}`, '', '', '', '', '', '']);
        continue;
      }
      const all = runs.filter((x) => x.relations === relations && x.contender === r.contender);
      rows.push([
        String(relations),
        r.contender,
        all.length > 1
          ? `${r.seconds.toFixed(1)} (${all.map((x) => (x.error ? 'failed' : x.seconds.toFixed(1))).join(', ')})`
          : r.seconds.toFixed(1),
        String(perSecond(r.nodes, r.seconds)),
        String(perSecond(r.relationships, r.seconds)),
        mb(r.nodeRss),
        mb(r.jvmRss),
        r.txHeap > 0 ? mb(r.txHeap) : 'n/a',
        `${r.nodes} / ${r.relationships}`,
      ]);
    }
    for (const r of [ours, bulk]) {
      if (!r || !plain || r.error || plain.error) continue;
      rows.push([
        String(relations),
        `**${r.contender} ÷ plain**`,
        ratio(r.seconds, plain.seconds),
        `**${ratio(r.nodes / r.seconds, plain.nodes / plain.seconds)}**`,
        `**${ratio(r.relationships / r.seconds, plain.relationships / plain.seconds)}**`,
        ratio(r.nodeRss, plain.nodeRss),
        ratio(r.jvmRss, plain.jvmRss),
        plain.txHeap > 0 && r.txHeap > 0 ? ratio(r.txHeap, plain.txHeap) : 'n/a',
        '',
      ]);
    }
  }
  const validations = [...new Set(runs.map((r) => r.relations))]
    .map((relations) => median(runs, relations, 'ours') ?? median(runs, relations, 'bulk'))
    .filter((r): r is Run => r?.validation !== undefined)
    .map(
      (r) =>
        `${r.relations} relations: ${r.validation?.seconds.toFixed(1)} s, peak RSS ${mb(r.validation?.rss ?? 0)}`,
    );
  const date = new Date().toISOString().slice(0, 10);
  const markdown = [
    `Ingest benchmark of ${date}: synthetic worlds (seed ${SEED}, 20,000 statements per file), each contender (${rounds > 1 ? `${rounds} runs, alternating; the median run shown (of an even number, the faster middle one), every run's seconds beside it` : 'one run'}) into an empty database of its own Neo4j (heap ${heap}, BENCH_INGEST_HEAP), batches of ${batchSize} rows. Ours validates every file (quotes included) and then writes, staged (each batch committed under a marker the API waits for; LOAD_STAGE_ROWS) as a first load of this size is; plain (statement shape ${plainShape}, BENCH_PLAIN_SHAPE) writes one auto-committed transaction per batch and checks nothing. Bulk (\`load --bulk\`) validates as ours does, writes CSV, runs neo4j-admin's import tool with the server stopped, then starts it and builds the indexes, all inside its time; it must write exactly the nodes and relationships ours writes, by label and type, or its run fails. Peak RSS is VmHWM (for bulk's JVM, the larger of the import tool and the server); tx heap is the most Neo4j estimated for one open transaction (SHOW TRANSACTIONS).`,
    '',
    markdownTable(
      [
        'relations',
        'contender',
        'seconds',
        'nodes/s',
        'relationships/s',
        'peak RSS Node',
        'peak RSS JVM',
        'tx heap',
        'nodes / relationships written',
      ],
      rows,
    ),
    '',
    `Validation alone (the first part of ours): ${validations.join('; ') || 'not measured'}.`,
  ].join('\n');
  console.log(`\n${markdown}\n`);
  const json = await writeResult(
    `ingest-${date}.json`,
    `${JSON.stringify({ date, seed: SEED, heap, batchSize, plainShape, runs }, null, 2)}\n`,
  );
  const latest = await writeResult('ingest-latest.md', `${markdown}\n`);
  const readme = await replaceReadmeSection('bench-ingest', markdown);
  console.error(
    JSON.stringify({ msg: 'bench:ingest: wrote', files: [json, latest], readme: readme }),
  );
}

async function main(): Promise<void> {
  const bench = loadBenchIngestConfig();
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: undefined,
    NEO4J_LOCAL_HOME: HOME,
    NEO4J_LOCAL_BOLT_PORT: BOLT_PORT,
    NEO4J_LOCAL_HEAP: bench.heap,
    NEO4J_LOCAL_PAGECACHE: bench.pageCache,
  });
  const logger = createLogger(config.logLevel);
  const local = new LocalNeo4j(config.local, logger, config.neo4j.password);
  const runs: Run[] = [];
  try {
    for (const relations of bench.sizes) {
      const started = Date.now();
      const world = await generateWorld(
        path.join(PROJECT_ROOT, '.neo4j', `bench-ingest-world-${relations}`),
        {
          ...WORLD_SHAPE,
          relations,
          seed: SEED,
        },
      );
      logger.info(
        { relations, files: world.datasets.length, ms: Date.now() - started },
        'bench:ingest: world generated',
      );
      // Alternating, so that a noisy spell of the machine falls on both contenders alike.
      for (let round = 0; round < bench.runs; round++)
        for (const contender of bench.contenders) {
          try {
            runs.push(
              checkSameAnswer(
                runs,
                await runContender(contender, world, relations, bench.batchSize, local, logger),
              ),
            );
          } catch (error) {
            // A failed run (say, a heap too small for one transaction) is a result too.
            const message = (error as Error).message.split('\n')[0] ?? String(error);
            logger.error(
              { relations, contender, error: (error as Error).message },
              'bench:ingest: failed',
            );
            runs.push({
              relations,
              contender,
              seconds: 0,
              nodes: 0,
              relationships: 0,
              nodeRss: 0,
              jvmRss: 0,
              txHeap: 0,
              error: message,
            });
          }
          // Written after every run, so that an interrupted benchmark still leaves its figures.
          await report(runs, bench);
        }
    }
  } finally {
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

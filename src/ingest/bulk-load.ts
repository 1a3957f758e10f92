import { rmSync } from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import {
  CsvGraphBuilder,
  CsvGraphFiles,
  FIX_PROPERTY,
  importArguments,
} from '../graph/bulk-import';
import { GraphExecutor } from '../graph/executor';
import { migrateProject } from '../graph/migrations';
import { Logger } from '../logger';
import { LocalNeo4j, peakRss, processStart } from '../neo4j/local-neo4j';
import { toSourceWrite } from './load';
import { Progress, silentProgress } from './progress';
import { ValidateOptions, ValidationReport, validateEach } from './validate';

/*
 * `load --bulk`: a first load into the empty database of the local Neo4j through
 * `neo4j-admin database import full`, which writes the store files directly, with the server
 * stopped, instead of through transactions.
 *
 * 1. The server must be stopped (the importer owns the files while it runs) and the database
 *    empty: when it exists, the server is started, looked into and stopped again.
 * 2. run/bulk-load.json says a bulk load is writing; the server will not start under it.
 * 3. The files are validated as for any load, and each valid one is written at once as the
 *    CSV of the graph a Cypher load would write (graph/bulk-import.ts); a problem leaves the
 *    database untouched.
 * 4. The CSV is imported and the server started; the properties CSV cannot carry are written
 *    through Bolt, the migrations make the constraints and indexes, and the node and
 *    relationship counts are checked against what was written.
 * 5. The marker goes; the server is left running, as a load leaves it.
 *
 * All or nothing: a failure at 4 stops the server and removes the database (empty before);
 * a bulk load killed at 3 or 4 leaves its marker, and the next start removes the database and
 * the CSV. No reader can see it half-way: the server is down until step 4 has imported, and
 * the API is only served once migrations have run.
 */

/** A bulk load refused or failed, with what to do. */
export class BulkLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkLoadError';
  }
}

/** What a bulk load wrote and where its time went. */
export interface BulkLoadResult {
  sources: string[];
  nodes: number;
  relationships: number;
  /** Rows whose properties were written through Bolt after the import. */
  fixes: number;
  /** Validating and writing CSV (one pass), importing, starting, fixing, migrating. */
  ms: { validation: number; import: number; start: number; fixes: number; migrations: number };
}

/** Labels of nodes that are bookkeeping, not data: a database holding only these is empty. */
const BOOKKEEPING = ['SchemaMigration', 'IngestLock', 'GraphVersion'];

/** Rows per statement when the properties CSV cannot carry are written afterwards. */
const FIX_BATCH = 5_000;

async function connectLocal(local: LocalNeo4j, config: Config): Promise<GraphExecutor> {
  const started = await local.start();
  return GraphExecutor.connect({
    ...config.neo4j,
    uri: started.uri,
    user: started.user,
    password: started.password,
  });
}

/** Throws unless the local database is absent or holds only bookkeeping. */
async function assertEmpty(local: LocalNeo4j, config: Config, logger: Logger): Promise<void> {
  const database = config.neo4j.database;
  if (!local.hasDatabase(database)) return;
  logger.info({ database }, 'bulk load: starting the local Neo4j to check that it is empty');
  const executor = await connectLocal(local, config);
  try {
    const [row] = await executor.read<{ sources: number; other: boolean }>(
      `CALL { MATCH (s:Source) RETURN count(s) AS sources }
       CALL { OPTIONAL MATCH (n) WHERE NOT (${BOOKKEEPING.map((l) => `n:${l}`).join(' OR ')})
              WITH n LIMIT 1 RETURN n IS NOT NULL AS other }
       RETURN sources, other`,
    );
    if (row?.other)
      throw new BulkLoadError(
        `load --bulk only loads into an empty database, and ${database} of the local Neo4j holds data (${row.sources} source${row.sources === 1 ? '' : 's'} loaded); load without --bulk, or unload what it holds first`,
      );
  } finally {
    await executor.close();
    await local.stop();
  }
}

/**
 * Writes, through Bolt, the properties the CSV could not carry (the `__fix` JSON of each row
 * of the shapes that have one), with the types a load gives them.
 */
async function applyFixes(executor: GraphExecutor, files: CsvGraphFiles): Promise<void> {
  const shapes = [
    ...new Set(files.nodes.filter((g) => g.fixed).map((g) => `(x:${g.tag})`)),
    ...new Set(files.relationships.filter((g) => g.fixed).map((g) => `()-[x:${g.tag}]->()`)),
  ];
  for (const pattern of shapes) {
    const rows = await executor.read<{ id: string; fix: string }>(
      `MATCH ${pattern} WHERE x.${FIX_PROPERTY} IS NOT NULL
       RETURN elementId(x) AS id, x.${FIX_PROPERTY} AS fix`,
    );
    const target = pattern.startsWith('(x') ? '(x)' : '()-[x]->()';
    for (let i = 0; i < rows.length; i += FIX_BATCH)
      await executor.write(
        `UNWIND $rows AS row
         MATCH ${target} WHERE elementId(x) = row.id
         SET x += row.props REMOVE x.${FIX_PROPERTY}`,
        {
          rows: rows
            .slice(i, i + FIX_BATCH)
            .map((r) => ({ id: r.id, props: JSON.parse(r.fix) as Record<string, unknown> })),
        },
      );
  }
}

/** What {@link bulkLoad} did: nothing was written when `validation.problems` is not empty. */
export interface BulkLoadOutcome {
  validation: ValidationReport;
  result?: BulkLoadResult;
}

/**
 * Validates the files and, when they are valid, loads them into the empty database of the
 * local Neo4j with the import tool (see the top of this file). The local Neo4j must be
 * stopped; it is left running.
 */
export async function bulkLoad(
  local: LocalNeo4j,
  config: Config,
  files: readonly string[],
  options: ValidateOptions,
  logger: Logger,
  progress: Progress = silentProgress,
): Promise<BulkLoadOutcome> {
  const database = config.neo4j.database;
  const running = local.status();
  if (running.state === 'running')
    throw new BulkLoadError(
      `load --bulk writes the local Neo4j's files with the server stopped, and it runs (pid ${running.pid}): stop what uses it, run \`diplograph neo4j stop\`, then load again`,
    );
  // A live bulk load refuses; one whose process is gone leaves a database that goes.
  await local.recoverBulk();
  await assertEmpty(local, config, logger);

  const csvDir = path.join(local.config.home, 'import', `bulk-${process.pid}-${Date.now()}`);
  const bulk = {
    pid: process.pid,
    pidStart: processStart(process.pid),
    database,
    startedAt: new Date().toISOString(),
    files: files.length,
    csvDir,
  };
  local.writeBulkMarker(bulk);
  // Started meanwhile, after the check: the marker keeps any later start away.
  const raced = local.status();
  if (raced.state === 'running') {
    local.clearBulkMarker();
    throw new BulkLoadError(
      `the local Neo4j was started (pid ${raced.pid}) while load --bulk checked it; stop it and load again`,
    );
  }
  const ms = { validation: 0, import: 0, start: 0, fixes: 0, migrations: 0 };
  let executor: GraphExecutor | undefined;
  // Set once the import tool runs: from then on the database is this load's.
  let imported = false;
  // Samples the import tool's peak memory while it runs.
  let sampler: NodeJS.Timeout | undefined;
  const builder = new CsvGraphBuilder(csvDir, new Date());
  try {
    // One pass: each file is validated and, if it is valid, written as CSV at once; a problem
    // found later (between files) throws the CSV away before anything is imported.
    let at = Date.now();
    let failed: unknown;
    progress.start(files.length);
    const validation = validateEach(files, options, (dataset) => {
      progress.tick(1);
      if (failed === undefined)
        try {
          builder.add(toSourceWrite(dataset));
        } catch (error) {
          failed = error;
        }
    });
    progress.done();
    if (validation.problems.length > 0) {
      builder.abort();
      local.clearBulkMarker();
      return { validation };
    }
    if (failed !== undefined) throw failed;
    const csv = builder.finish();
    ms.validation = Date.now() - at;
    logger.info(
      {
        files: files.length,
        nodes: csv.nodeCount,
        relationships: csv.relationshipCount,
        csvFiles: csv.nodes.length + csv.relationships.length,
        fixes: csv.fixes,
        ms: ms.validation,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      },
      'bulk load: validated and written as CSV',
    );

    at = Date.now();
    let lastPercent = -1;
    let importRss = 0;
    await local.importDatabase(
      database,
      importArguments(csv),
      (importPid) => {
        imported = true;
        local.writeBulkMarker({ ...bulk, importPid });
        sampler = setInterval(() => (importRss = Math.max(importRss, peakRss(importPid))), 250);
      },
      (line) => {
        // The importer draws dots and a percentage per twentieth of each of its stages.
        const percent = /\s(\d+)% ∆/.exec(line);
        if (percent) {
          const value = Number(percent[1]);
          if (value < lastPercent) lastPercent = -1;
          if (value >= lastPercent + 25) {
            lastPercent = value;
            logger.info({ percent: value }, 'bulk load: importing');
          }
        } else if (line.trim() !== '' && !/^[.\s-]*$/.test(line))
          logger.debug({ line: line.trim() }, 'bulk load: import tool');
      },
    );
    clearInterval(sampler);
    local.writeBulkMarker(bulk);
    ms.import = Date.now() - at;
    logger.info({ ms: ms.import, importPeakRssBytes: importRss }, 'bulk load: imported');

    at = Date.now();
    executor = await connectLocal(local, config);
    ms.start = Date.now() - at;
    at = Date.now();
    await applyFixes(executor, csv);
    ms.fixes = Date.now() - at;
    at = Date.now();
    await migrateProject(executor, logger);
    ms.migrations = Date.now() - at;

    const [census] = await executor.read<{ nodes: number; relationships: number }>(
      `CALL { MATCH (n) WHERE NOT (${BOOKKEEPING.map((l) => `n:${l}`).join(' OR ')})
              RETURN count(n) AS nodes }
       CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
       RETURN nodes, relationships`,
    );
    if (census?.nodes !== csv.nodeCount || census.relationships !== csv.relationshipCount)
      throw new BulkLoadError(
        `the imported database holds ${census?.nodes} nodes and ${census?.relationships} relationships where ${csv.nodeCount} and ${csv.relationshipCount} were written; it was removed`,
      );
    local.clearBulkMarker();
    return {
      validation,
      result: {
        sources: validation.summaries.map((s) => s.sourceId),
        nodes: csv.nodeCount,
        relationships: csv.relationshipCount,
        fixes: csv.fixes,
        ms,
      },
    };
  } catch (error) {
    builder.abort();
    // The database was empty: removing it loses nothing and leaves nothing half-loaded.
    if (imported) {
      await executor?.close();
      executor = undefined;
      await local.stop();
      local.removeDatabase(database);
    }
    local.clearBulkMarker();
    throw error;
  } finally {
    clearInterval(sampler);
    await executor?.close();
    rmSync(csvDir, { recursive: true, force: true });
  }
}

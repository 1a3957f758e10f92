import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { CsvGraphFiles, FIX_PROPERTY, importArguments, writeCsvGraph } from '../graph/bulk-import';
import { GraphExecutor } from '../graph/executor';
import { migrateProject } from '../graph/migrations';
import { Logger } from '../logger';
import { LocalNeo4j, processStart } from '../neo4j/local-neo4j';
import { PreparedLoad, toSourceWrite } from './load';
import { Progress, silentProgress } from './progress';
import { ValidatedDataset } from './validate';

/*
 * `load --bulk`: a first load into the empty database of the local Neo4j through
 * `neo4j-admin database import full`, which writes the store files directly, with the server
 * stopped, instead of through transactions.
 *
 * 1. The files are validated as for any load (the caller's prepareLoad).
 * 2. The server must be stopped (the importer owns the files while it runs) and the database
 *    empty: when it exists, the server is started, looked into and stopped again.
 * 3. run/bulk-load.json says a bulk load is writing; the server will not start under it.
 * 4. The graph a Cypher load would write is written as CSV (graph/bulk-import.ts), imported,
 *    and the server started; the properties CSV cannot carry are written through Bolt, the
 *    migrations make the constraints and indexes, and the node and relationship counts are
 *    checked against what was written.
 * 5. The marker goes; the server is left running, as a load leaves it.
 *
 * All or nothing: a failure at 4 stops the server and removes the database (empty before);
 * a bulk load killed there leaves its marker, and the next start removes the database. No
 * reader can see it half-way: the server is down until the end of step 4, and the API is only
 * served once migrations have run.
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
  ms: { csv: number; import: number; start: number; fixes: number; migrations: number };
}

/** Labels of nodes that are bookkeeping, not data: a database holding only these is empty. */
const BOOKKEEPING = ['SchemaMigration', 'IngestLock'];

/** Rows per statement when the properties CSV cannot carry are written afterwards. */
const FIX_BATCH = 5_000;

async function* spooledSources(prepared: PreparedLoad) {
  for (const file of prepared.spooled)
    yield toSourceWrite(JSON.parse(readFileSync(file, 'utf8')) as ValidatedDataset);
}

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

/**
 * Loads validated files into the empty database of the local Neo4j with the import tool (see
 * the top of this file). The local Neo4j must be stopped; it is left running.
 */
export async function bulkLoad(
  local: LocalNeo4j,
  config: Config,
  prepared: PreparedLoad,
  logger: Logger,
  progress: Progress = silentProgress,
): Promise<BulkLoadResult> {
  const database = config.neo4j.database;
  const running = local.status();
  if (running.state === 'running')
    throw new BulkLoadError(
      `load --bulk writes the local Neo4j's files with the server stopped, and it runs (pid ${running.pid}): stop what uses it, run \`diplograph neo4j stop\`, then load again`,
    );
  const marker = local.readBulkMarker();
  if (marker && marker.pid !== process.pid)
    // A live one refuses; one whose process is gone is removed by the start this makes.
    await local.start().then(() => local.stop());
  await assertEmpty(local, config, logger);

  const { validation } = prepared;
  const rows = validation.summaries.reduce((n, d) => n + d.entities + d.statements + d.quotes, 0);
  const csvDir = path.join(local.config.home, 'import', `bulk-${process.pid}-${Date.now()}`);
  const bulk = {
    pid: process.pid,
    pidStart: processStart(process.pid),
    database,
    startedAt: new Date().toISOString(),
    files: validation.summaries.length,
  };
  local.writeBulkMarker(bulk);
  const ms = { csv: 0, import: 0, start: 0, fixes: 0, migrations: 0 };
  let executor: GraphExecutor | undefined;
  try {
    let at = Date.now();
    progress.start(rows);
    const files = await writeCsvGraph(csvDir, spooledSources(prepared), new Date(), (n) =>
      progress.tick(n),
    );
    progress.done();
    ms.csv = Date.now() - at;
    logger.info(
      {
        nodes: files.nodeCount,
        relationships: files.relationshipCount,
        csvFiles: files.nodes.length + files.relationships.length,
        fixes: files.fixes,
        ms: ms.csv,
      },
      'bulk load: CSV written',
    );

    at = Date.now();
    let lastPercent = -1;
    await local.importDatabase(
      database,
      importArguments(files),
      (importPid) => local.writeBulkMarker({ ...bulk, importPid }),
      (line) => {
        // The importer draws dots and a percentage per twentieth; its other lines are news.
        const percent = /\s(\d+)% ∆/.exec(line);
        if (percent) {
          const value = Number(percent[1]);
          if (value >= lastPercent + 10 || value === 100) {
            lastPercent = value;
            logger.info({ percent: value }, 'bulk load: importing');
          }
        } else if (line.trim() !== '' && !/^[.\s-]*$/.test(line))
          logger.debug({ line: line.trim() }, 'bulk load: import tool');
      },
    );
    local.writeBulkMarker(bulk);
    ms.import = Date.now() - at;
    logger.info({ ms: ms.import }, 'bulk load: imported');

    at = Date.now();
    executor = await connectLocal(local, config);
    ms.start = Date.now() - at;
    at = Date.now();
    await applyFixes(executor, files);
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
    if (census?.nodes !== files.nodeCount || census.relationships !== files.relationshipCount)
      throw new BulkLoadError(
        `the imported database holds ${census?.nodes} nodes and ${census?.relationships} relationships where ${files.nodeCount} and ${files.relationshipCount} were written; it was removed`,
      );
    local.clearBulkMarker();
    return {
      sources: validation.summaries.map((s) => s.sourceId),
      nodes: files.nodeCount,
      relationships: files.relationshipCount,
      fixes: files.fixes,
      ms,
    };
  } catch (error) {
    // The database was empty: removing it loses nothing and leaves nothing half-loaded.
    await executor?.close();
    executor = undefined;
    await local.stop();
    local.removeDatabase(database);
    local.clearBulkMarker();
    throw error;
  } finally {
    await executor?.close();
    rmSync(csvDir, { recursive: true, force: true });
  }
}

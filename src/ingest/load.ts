import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SourceWrite,
  ViewConflictError,
  WriteReport,
  loadedChecksums,
  lockIngest,
  statementBatchCypher,
  writeSource,
} from '../graph/dataset-writer';
import { RELATION_KINDS } from '../ontology/relations';
import { contentHash, entityProps } from '../graph/entity-codec';
import { statementProperties } from '../graph/statement-record';
import { Config, DEFAULT_LOAD_STALE_MS, StagingOptions } from '../config';
import { GraphExecutor, TxRunner } from '../graph/executor';
import { GraphVersion, bumpGraphVersion, readGraphVersion } from '../graph/graph-version';
import { Progress, silentProgress } from './progress';
import { DEFAULT_PARSE_LIMITS } from './parse';
import {
  DatasetSummary,
  ValidateOptions,
  ValidatedDataset,
  ValidationReport,
  validateEach,
} from './validate';
import { readCatalogue } from './catalogue';
import { Logger } from '../logger';
import {
  LoadPlan,
  LoadTakenOverError,
  claimLoad,
  describeMarker,
  heartbeat,
  readMarker,
  releaseMarker,
  removeStaged,
} from '../graph/staged-load';

/**
 * The version of how datasets are stored in the graph. Part of each loaded source's
 * checksum, so that a change of storage reloads every dataset at the next start.
 * 3: each DESCRIBES relationship keeps what its dataset says of the entity (`view`).
 * 4: and what the reference catalogue says of it (`catalogue`), for the entities it lists.
 */
export const STORAGE_VERSION = 4;

/** Options of {@link loadFiles}. */
export interface LoadOptions extends ValidateOptions {
  /** Rows per UNWIND statement. */
  batchSize: number;
  /** Rewrite everything, even datasets and statements the graph already holds exactly. */
  force?: boolean;
  /** Timeout of the one transaction that writes everything (of each, with `commitPerFile`). */
  transactionTimeoutMs: number;
  /**
   * Commit each file in a transaction of its own: the server holds one file's changes at a
   * time instead of the whole load's, but a failure half-way leaves the files before it
   * loaded (each file is still all or nothing, and loading again finishes the job). For bulk
   * loads into a database nobody reads yet, such as a benchmark's.
   */
  commitPerFile?: boolean;
  progress?: Progress;
  /** When set, a large first load is staged (see graph/staged-load.ts); never when unset. */
  staging?: StagingOptions;
  /** Told of waits for another load and of recoveries of abandoned ones. */
  logger?: Logger;
  /**
   * These files already validated by {@link prepareLoad} with these options (the CLI does so
   * before it connects); the caller disposes of it. Without it, the load prepares its own.
   */
  prepared?: PreparedLoad;
}

/**
 * The options of a validation or load as configured (CATALOGUE_DIR, SOURCES_DIR, DATASET_MAX_BYTES,
 * MAX_PROBLEMS, LOAD_BATCH_SIZE, LOAD_TX_TIMEOUT_MS): a text missing from SOURCES_DIR leaves
 * its dataset unverified. `sources`, the folders a command was given by name (`--sources`),
 * replace SOURCES_DIR, and there a missing text is a problem.
 */
export function configuredLoadOptions(
  ingest: Config['ingest'],
  sources?: readonly string[],
): LoadOptions {
  const limits = { ...DEFAULT_PARSE_LIMITS, maxBytes: ingest.maxBytes };
  return {
    catalogue: readCatalogue(ingest.catalogueDir, limits),
    sourcesDirs: sources ?? ingest.sourcesDirs,
    requireSources: sources !== undefined,
    limits,
    maxProblems: ingest.maxProblems,
    batchSize: ingest.batchSize,
    transactionTimeoutMs: ingest.transactionTimeoutMs,
    staging: ingest.staging,
  };
}

/** What a load did. Nothing was written when `validation.problems` is not empty. */
export interface LoadResult {
  validation: ValidationReport;
  written: WriteReport[];
  /** Files skipped because the graph already holds exactly them. */
  unchanged: string[];
  /** The graph's version once the load committed; unset when it wrote nothing. */
  version?: GraphVersion;
}

/**
 * Dataset files validated together, each valid one kept as JSON in a folder of its own
 * (`spooled`, in the order of `validation.summaries`), so that the load reads JSON, one file
 * at a time, instead of parsing the YAML a second time. Dispose of it with
 * {@link disposeLoad}.
 */
export interface PreparedLoad {
  validation: ValidationReport;
  dir: string;
  spooled: string[];
}

/*
 * How a load keeps memory bounded and still writes all or nothing.
 *
 * 1. prepareLoad validates the files one at a time (validateEach), keeping across files only
 *    the declared entities, the source ids and a summary per file; each valid dataset is
 *    written to a temporary JSON file as it is checked and dropped. Nothing is written to the
 *    graph unless every file is valid.
 * 2. One write transaction, fed file by file: each pending dataset is read back from its JSON
 *    (what was validated is what is loaded, even if the YAML changes meanwhile), written in
 *    batches of `batchSize` rows, and dropped; its statement batches are still in flight
 *    while the next file is read. Node holds about two files at a time.
 *
 * One transaction rather than one per file or per batch, because the guarantees need it: a
 * reader never sees half a load, a failure half-way leaves the graph as it was, and the
 * ingest lock taken by its first statement serialises loads. The price is on the server:
 * Neo4j keeps a transaction's changes in its heap until commit. A large first load into an
 * empty graph is therefore staged instead (graph/staged-load.ts): committed batch by batch
 * under a marker that keeps the API answering LOADING, so that no reader sees it half-way
 * and no heap need hold it whole. Staging a load into a graph that holds data would need
 * every read to tell staged rows from visible ones; it stays one transaction.
 */

/**
 * Validates dataset files together (see {@link validateEach}) and keeps each valid one as
 * JSON for {@link loadFiles}. When there are problems nothing is kept.
 */
export function prepareLoad(files: readonly string[], options: ValidateOptions): PreparedLoad {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-load-'));
  const spooled: string[] = [];
  try {
    const validation = validateEach(files, options, (dataset) => {
      const file = path.join(dir, `${spooled.length}.json`);
      writeFileSync(file, JSON.stringify(dataset));
      spooled.push(file);
    });
    if (validation.problems.length > 0) rmSync(dir, { recursive: true, force: true });
    return { validation, dir, spooled };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Removes what {@link prepareLoad} kept on disk. */
export function disposeLoad(prepared: PreparedLoad): void {
  rmSync(prepared.dir, { recursive: true, force: true });
}

/**
 * Validates the files together and, only when all of them are valid, writes them in one
 * transaction: every file or none, even if Neo4j fails half-way. Files whose checksum the
 * graph already records are skipped (unless `force`), so loading twice changes nothing.
 * Memory in this process stays bounded by the largest files (see above), whatever their
 * number.
 */
export async function loadFiles(
  executor: GraphExecutor,
  files: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const prepared = options.prepared ?? prepareLoad(files, options);
  try {
    return await writePrepared(executor, prepared, options);
  } finally {
    if (!options.prepared) disposeLoad(prepared);
  }
}

async function writePrepared(
  executor: GraphExecutor,
  prepared: PreparedLoad,
  options: LoadOptions,
): Promise<LoadResult> {
  const { validation } = prepared;
  if (validation.problems.length > 0) return { validation, written: [], unchanged: [] };
  const files = validation.summaries.map((summary, i) => ({
    summary,
    json: prepared.spooled[i] as string,
  }));
  const progress = options.progress ?? silentProgress;
  const waitUntil = Date.now() + options.transactionTimeoutMs;
  let nextWaitLog = 0;
  for (;;) {
    const checksums = await loadedChecksums(executor);
    const pending = files.filter(
      ({ summary }) =>
        options.force ||
        checksums.get(summary.sourceId) !== `${STORAGE_VERSION}:${summary.checksum}`,
    );
    const unchanged = files.filter((f) => !pending.includes(f)).map((f) => f.summary.file);
    if (pending.length === 0) return { validation, written: [], unchanged };
    const plan: LoadPlan = {
      sources: pending.map((f) => f.summary.sourceId),
      files: pending.map((f) => f.summary.file),
      rows: pending.reduce((n, { summary: d }) => n + d.entities + d.statements + d.quotes, 0),
    };
    const claim = await claimLoad(executor, plan, options.staging);
    if (claim.mode === 'busy') {
      // Another load is staging: wait for it, then see what it left to do.
      if (Date.now() > waitUntil)
        throw new Error(
          `waited LOAD_TX_TIMEOUT_MS (${options.transactionTimeoutMs} ms) for ${describeMarker(claim.marker)}; it has not finished`,
        );
      // Said when the wait begins, then every ten seconds, with how far the other load has got.
      if (Date.now() >= nextWaitLog) {
        options.logger?.info({ marker: claim.marker }, 'waiting for a staged load to finish');
        nextWaitLog = Date.now() + 10_000;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    if (claim.mode === 'recover') {
      await recoverAbandoned(executor, claim.loadId, claim.marker, options);
      continue;
    }
    const writeAll = (run: TxRunner, batch: typeof pending) =>
      writeFiles(run, batch, options, (n) => progress.tick(n));
    let written: WriteReport[];
    try {
      written =
        claim.mode === 'staged'
          ? await writeStaged(executor, pending, plan, claim.loadId, options, progress)
          : await writePending(executor, pending, options, writeAll, plan.rows, progress);
    } catch (error) {
      // A shared entity said otherwise by a dataset already in the graph: refused as validation
      // refuses it, with nothing written.
      // (The executor hands it over as the cause of the error it reports.)
      const conflict =
        error instanceof ViewConflictError
          ? error
          : (error as { originalError?: unknown }).originalError;
      if (conflict instanceof ViewConflictError)
        return {
          validation: { ...validation, problems: conflict.problems },
          written: [],
          unchanged,
        };
      throw error;
    }
    progress.done();
    const version = await readGraphVersion(executor);
    await announced(version, options);
    return { validation, written, unchanged, version };
  }
}

/**
 * Waits until every API server has looked at the graph's version since a load or an unload
 * committed: once it says it is done, no server answers from before it, cached answers and ETags
 * included. Servers look every LOAD_CHECK_MS; the wait is twice that, one interval for the
 * next look to begin and one for it to finish on a busy server.
 */
export async function announced(
  version: GraphVersion,
  options: Pick<LoadOptions, 'staging' | 'logger'>,
): Promise<void> {
  const waitMs = 2 * (options.staging?.checkMs ?? 0);
  if (waitMs === 0) return;
  options.logger?.info(
    { version: version.version, waitMs },
    'committed; waiting for API servers to see the new graph version',
  );
  await new Promise((resolve) => setTimeout(resolve, waitMs));
}

/**
 * Removes what an abandoned staged load wrote, if one was (a start with no dataset to load
 * still clears the way for the API).
 */
export async function recoverAbandonedLoad(
  executor: GraphExecutor,
  options: LoadOptions,
): Promise<void> {
  const claim = await claimLoad(executor, { sources: [], files: [], rows: 0 }, options.staging);
  if (claim.mode === 'recover')
    await recoverAbandoned(executor, claim.loadId, claim.marker, options);
}

/**
 * Removes what an abandoned staged load wrote, under its marker (now `loadId`, this load's),
 * then deletes the marker.
 */
async function recoverAbandoned(
  executor: GraphExecutor,
  loadId: string,
  marker: Parameters<typeof describeMarker>[0],
  options: LoadOptions,
): Promise<void> {
  options.logger?.warn(
    { marker },
    'removing what an abandoned staged load wrote before loading (its process is gone)',
  );
  const staleMs = options.staging?.staleMs ?? DEFAULT_LOAD_STALE_MS;
  const beat = heartbeat(executor, loadId, beatMs(staleMs), () => 0);
  try {
    await removeStaged(executor, marker, options.transactionTimeoutMs);
    beat.check();
    await releaseMarker(executor, loadId);
  } finally {
    await beat.stop();
  }
  options.logger?.info({ sources: marker.sources }, 'abandoned staged load removed');
}

/**
 * How often a staged load says it is alive: often enough to be judged alive within `staleMs`,
 * and at least every 2 s, so that its marker tells how far it has got.
 */
function beatMs(staleMs: number): number {
  return Math.min(staleMs / 4, 2_000);
}

/**
 * A staged load (see graph/staged-load.ts): after announcing itself, every statement in a
 * transaction of its own, then the switch. On failure, what it wrote is removed.
 */
async function writeStaged(
  executor: GraphExecutor,
  pending: Array<{ summary: DatasetSummary; json: string }>,
  plan: LoadPlan,
  loadId: string,
  options: LoadOptions,
  progress: Progress,
): Promise<WriteReport[]> {
  const staging = options.staging as StagingOptions;
  let done = 0;
  const beat = heartbeat(executor, loadId, beatMs(staging.staleMs), () => done);
  try {
    // API servers that looked at the marker just before it existed look again meanwhile;
    // Neo4j plans the statements the load will run (planning each of some twenty relation
    // kinds' on first use cost the first file of a load several seconds).
    await Promise.all([
      new Promise((resolve) => setTimeout(resolve, staging.checkMs)),
      // Only a warm-up: a plan refused now is planned again when it runs.
      ...RELATION_KINDS.map((kind) =>
        executor.explain(statementBatchCypher(kind, true)).catch(() => undefined),
      ),
    ]);
    progress.start(plan.rows);
    // Each statement in a transaction of its own, at most `writers` at a time: the statement
    // batches of a file are independent of each other, so one commits while the next is
    // written.
    const limit = limiter(staging.writers);
    const run: TxRunner = (cypher, params) =>
      limit(() => {
        beat.check();
        return executor.write(cypher, params);
      });
    const tick = (n: number) => {
      done += n;
      progress.tick(n);
    };
    const reports = await writeFiles(run, pending, options, tick, true);
    beat.check();
    await releaseMarker(executor, loadId);
    return reports;
  } catch (error) {
    // Taken over: the load that did so removes what this one wrote.
    if (!(error instanceof LoadTakenOverError)) {
      try {
        await removeStaged(executor, plan, options.transactionTimeoutMs);
        await releaseMarker(executor, loadId);
      } catch (cleanup) {
        options.logger?.error(
          { err: cleanup },
          'could not remove what the failed staged load wrote; the next load or start will',
        );
      }
    }
    throw error;
  } finally {
    await beat.stop();
  }
}

/** Writes the pending files: in one transaction, or one per file (`commitPerFile`). */
async function writePending(
  executor: GraphExecutor,
  pending: Array<{ summary: DatasetSummary; json: string }>,
  options: LoadOptions,
  writeAll: (
    run: TxRunner,
    batch: Array<{ summary: DatasetSummary; json: string }>,
  ) => Promise<WriteReport[]>,
  total: number,
  progress: Progress,
): Promise<WriteReport[]> {
  let written: WriteReport[];
  if (options.commitPerFile) {
    progress.start(total);
    written = [];
    for (const file of pending)
      written.push(
        ...(await executor.writeTransaction(
          (run) => writeAll(run, [file]),
          options.transactionTimeoutMs,
        )),
      );
  } else {
    written = await executor.writeTransaction((run) => {
      // The driver may retry this function after a transient error: start the count afresh.
      progress.start(total);
      return writeAll(run, pending);
    }, options.transactionTimeoutMs);
  }
  return written;
}

/**
 * Runs at most `n` of the tasks given to it at a time, the others waiting their turn in the
 * order given.
 */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A slot freed is handed to the first waiting task, never taken by a newcomer.
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Writes spooled datasets: in the caller's transaction, after taking the ingest lock; or,
 * `staged`, each statement committed on its own.
 */
async function writeFiles(
  run: TxRunner,
  files: ReadonlyArray<{ json: string }>,
  options: LoadOptions,
  tick: (rows: number) => void,
  /** Under a staged load's marker, which serialises loads instead of the lock. */
  staged = false,
): Promise<WriteReport[]> {
  if (!staged) {
    await lockIngest(run);
    // A staged load that began after this one decided to run in one transaction.
    const marker = await readMarker(run);
    if (marker)
      throw new Error(
        `${describeMarker(marker)} began meanwhile; nothing was written: load again once it ends`,
      );
  }
  const reports: WriteReport[] = [];
  // Statement batches of one file are still being written while the next file is read:
  // Node reads while Neo4j writes. Every one is awaited (and its failure seen) before the
  // transaction commits; a failure already seen stops the loop early.
  const inFlight: Array<Promise<unknown>> = [];
  let failed: unknown;
  const track = (write: Promise<unknown>) =>
    inFlight.push(write.catch((error: unknown) => (failed ??= error)));
  try {
    for (const { json } of files) {
      if (failed !== undefined) break;
      const dataset = JSON.parse(readFileSync(json, 'utf8')) as ValidatedDataset;
      // At most one file's batches in flight: memory stays at about two files' rows.
      await Promise.all(inFlight.splice(0));
      if (failed !== undefined) break;
      reports.push(
        await writeSource(
          run,
          toSourceWrite(dataset),
          options.batchSize,
          tick,
          options.force,
          track,
          staged,
        ),
      );
    }
  } catch (error) {
    // A batch in flight that failed is the cause; what failed after it only followed.
    await Promise.all(inFlight);
    throw failed ?? error;
  }
  await Promise.all(inFlight);
  if (failed !== undefined) throw failed;
  // A staged load's version moves when its marker goes (releaseMarker).
  if (!staged) await bumpGraphVersion(run);
  return reports;
}

/** Turns a validated dataset into the rows the graph layer writes. */
export function toSourceWrite(dataset: ValidatedDataset): SourceWrite {
  const { source } = dataset;
  const declared = new Set(dataset.entities.map((e) => e.id));
  const catalogued = new Map(dataset.catalogue.map((e) => [e.id, entityProps(e)]));
  return {
    id: source.id,
    props: {
      title: source.title,
      publisher: source.publisher ?? null,
      url: source.url ?? null,
      language: source.language ?? null,
      textFile: source.text,
      sectionIds: source.sections.map((s) => s.id),
      sectionHeadings: source.sections.map((s) => s.heading ?? ''),
      sha256: source.sha256,
      checksum: `${STORAGE_VERSION}:${dataset.checksum}`,
      quotesVerified: dataset.quotesVerified,
      entityCount: dataset.entities.length,
      statementCount: dataset.statements.length,
      datasetFile: dataset.file,
      precedence: dataset.source.precedence ?? 0,
    },
    entities: [
      ...dataset.entities.map((entity, i) => {
        const props = entityProps(entity);
        return {
          id: entity.id,
          kind: entity.kind,
          props: { ...props, contentHash: contentHash(props) },
          hash: contentHash(props),
          line: dataset.entityLines?.[i] ?? 0,
          catalogue: catalogued.get(entity.id),
        };
      }),
      // Named, not declared: described by the catalogue alone.
      ...dataset.catalogue
        .filter((entity) => !declared.has(entity.id))
        .map((entity) => ({
          id: entity.id,
          kind: entity.kind,
          props: null,
          hash: '',
          catalogue: catalogued.get(entity.id),
        })),
    ],
    statements: dataset.statements.map((s) => {
      const { node, edge } = statementProperties({ ...s, source: source.id });
      return {
        id: s.id,
        kind: s.kind,
        subject: s.subject,
        object: s.object,
        hash: s.hash,
        statement: { ...node, hash: s.hash },
        edge,
        evidence: s.evidence.map((e) => ({
          section: e.section,
          heading: source.sections.find((x) => x.id === e.section)?.heading ?? null,
          quote: e.quote,
          start: e.start,
          end: e.end,
        })),
      };
    }),
  };
}

/** One line saying what a load changed for one source. */
export function formatReport(report: WriteReport): string {
  const { entities: e, statements: s } = report;
  const kept =
    e.keptEdits + s.keptRetracted === 0
      ? ''
      : ` Kept as editors left them: ${e.keptEdits} entity field${e.keptEdits === 1 ? '' : 's'} the dataset says otherwise, ${s.keptRetracted} retracted statement${s.keptRetracted === 1 ? '' : 's'} it still states.`;
  return `${report.source}: entities ${e.written} written, ${e.unchanged} unchanged, ${e.removed} removed; statements ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retracted} retracted; ${report.evidence} evidence records written.${kept}`;
}

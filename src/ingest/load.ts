import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SourceWrite,
  ViewConflictError,
  WriteReport,
  loadedChecksums,
  lockIngest,
  writeSource,
} from '../graph/dataset-writer';
import { contentHash, entityProps } from '../graph/entity-codec';
import { statementProperties } from '../graph/statement-record';
import { Config } from '../config';
import { GraphExecutor, TxRunner } from '../graph/executor';
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
  };
}

/** What a load did. Nothing was written when `validation.problems` is not empty. */
export interface LoadResult {
  validation: ValidationReport;
  written: WriteReport[];
  /** Files skipped because the graph already holds exactly them. */
  unchanged: string[];
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
 * Neo4j keeps a transaction's changes in its heap until commit, so its heap must hold the
 * largest single load (measured by `npm run bench:ingest`: see the README). Staging writes
 * under a marker and making them visible at the end would bound the server as well, but then
 * every read of the API would have to filter out staged data, and a crash would leave debris.
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

  const checksums = await loadedChecksums(executor);
  const files = validation.summaries.map((summary, i) => ({
    summary,
    json: prepared.spooled[i] as string,
  }));
  const pending = files.filter(
    ({ summary }) =>
      options.force || checksums.get(summary.sourceId) !== `${STORAGE_VERSION}:${summary.checksum}`,
  );
  const unchanged = files.filter((f) => !pending.includes(f)).map((f) => f.summary.file);
  if (pending.length === 0) return { validation, written: [], unchanged };

  const progress = options.progress ?? silentProgress;
  const total = pending.reduce((n, { summary: d }) => n + d.entities + d.statements + d.quotes, 0);
  const writeAll = (run: TxRunner, batch: typeof pending) =>
    writeFiles(run, batch, options, (n) => progress.tick(n));
  let written: WriteReport[];
  try {
    written = await writePending(executor, pending, options, writeAll, total, progress);
  } catch (error) {
    // A shared entity said otherwise by a dataset already in the graph: refused as validation
    // refuses it, with nothing written.
    // (The executor hands it over as the cause of the error it reports.)
    const conflict =
      error instanceof ViewConflictError
        ? error
        : (error as { originalError?: unknown }).originalError;
    if (conflict instanceof ViewConflictError)
      return { validation: { ...validation, problems: conflict.problems }, written: [], unchanged };
    throw error;
  }
  progress.done();
  return { validation, written, unchanged };
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

/** Writes spooled datasets in the caller's transaction, after taking the ingest lock. */
async function writeFiles(
  run: TxRunner,
  files: ReadonlyArray<{ json: string }>,
  options: LoadOptions,
  tick: (rows: number) => void,
): Promise<WriteReport[]> {
  await lockIngest(run);
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

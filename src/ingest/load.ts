import { createHash } from 'node:crypto';
import {
  PropertyValue,
  SourceWrite,
  WriteReport,
  loadedChecksums,
  lockIngest,
  writeSource,
} from '../graph/dataset-writer';
import { GraphExecutor } from '../graph/executor';
import { nameKey } from '../ontology/names';
import { EntityInput } from './dataset-format';
import { Progress, silentProgress } from './progress';
import {
  DatasetSummary,
  ValidateOptions,
  ValidatedDataset,
  ValidationReport,
  canonical,
  validateEach,
} from './validate';

/**
 * The version of how datasets are stored in the graph. Part of each loaded source's
 * checksum, so that a change of storage reloads every dataset at the next start.
 */
export const STORAGE_VERSION = 2;

/** Options of {@link loadFiles}. */
export interface LoadOptions extends ValidateOptions {
  /** Rows per UNWIND statement. */
  batchSize: number;
  /** Rewrite everything, even datasets and statements the graph already holds exactly. */
  force?: boolean;
  /** Timeout of the one transaction that writes everything. */
  transactionTimeoutMs: number;
  progress?: Progress;
  /**
   * The report of a {@link validateEach} of exactly these files with these options, when the
   * caller has just made one (the CLI checks before it connects): spares reading them twice.
   */
  validated?: ValidationReport;
}

/** What a load did. Nothing was written when `validation.problems` is not empty. */
export interface LoadResult {
  validation: ValidationReport;
  written: WriteReport[];
  /** Files skipped because the graph already holds exactly them. */
  unchanged: string[];
}

/** A dataset file changed between its validation and its load. */
export class DatasetChangedError extends Error {}

/*
 * How a load keeps memory bounded and still writes all or nothing.
 *
 * 1. Validation reads the files one at a time (validateEach) and keeps only what crosses
 *    files: the declared entities, the source ids, and a small summary per file (its
 *    checksum and counts). Nothing is written unless every file is valid.
 * 2. One write transaction, fed file by file: each pending file is read and resolved again,
 *    alone, against the entities the first pass found (so cross-file references resolve as
 *    they did), written in batches of `batchSize` rows, and dropped before the next is read.
 *    Node holds one file at a time.
 *
 * One transaction rather than a transaction per file or per batch, because the guarantees
 * need it: a reader never sees half a load, a failure half-way leaves the graph as it was,
 * and the ingest lock taken by its first statement serialises loads. The price is on the
 * server: Neo4j keeps the transaction's changes in its heap until commit, so the heap must
 * hold the largest load one makes (measured by `npm run bench:ingest`; see the README).
 * Staging writes under a marker and flipping them visible at the end would bound the server
 * too, but every read of the API would then have to filter staged data, and a crash would
 * leave debris to clean up; at the sizes measured a larger heap is the simpler price.
 */

/**
 * Validates the files together and, only when all of them are valid, writes them in one
 * transaction: every file or none, even if Neo4j fails half-way. Files whose checksum the
 * graph already records are skipped (unless `force`), so loading twice changes nothing.
 * Memory in this process stays bounded by the largest file (see above), whatever the number
 * of files.
 */
export async function loadFiles(
  executor: GraphExecutor,
  files: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const validation = options.validated ?? validateEach(files, options);
  if (validation.problems.length > 0) return { validation, written: [], unchanged: [] };

  const checksums = await loadedChecksums(executor);
  const pending = validation.summaries.filter(
    (d) => options.force || checksums.get(d.sourceId) !== `${STORAGE_VERSION}:${d.checksum}`,
  );
  const pendingFiles = new Set(pending);
  const unchanged = validation.summaries.filter((d) => !pendingFiles.has(d)).map((d) => d.file);
  if (pending.length === 0) return { validation, written: [], unchanged };

  const progress = options.progress ?? silentProgress;
  const total = pending.reduce((n, d) => n + d.entities + d.statements + d.quotes, 0);
  const written = await executor.writeTransaction(async (run) => {
    // The driver may retry this function after a transient error: start the count afresh.
    progress.start(total);
    await lockIngest(run);
    const reports: WriteReport[] = [];
    // Statement batches of one file are still being written while the next file is read:
    // Node parses while Neo4j writes. Every one is awaited (and its failure seen) before the
    // transaction commits; a failure already seen stops the loop early.
    let inFlight: Array<Promise<unknown>> = [];
    let failed: unknown;
    const track = (write: Promise<unknown>) =>
      inFlight.push(write.catch((error: unknown) => (failed ??= error)));
    try {
      for (const summary of pending) {
        if (failed !== undefined) break;
        const dataset = reread(summary, validation, options);
        // At most one file's batches in flight: memory stays at about two files' rows.
        await Promise.all(inFlight.splice(0));
        if (failed !== undefined) break;
        reports.push(
          await writeSource(
            run,
            toSourceWrite(dataset),
            options.batchSize,
            (n) => progress.tick(n),
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
  }, options.transactionTimeoutMs);
  progress.done();
  return { validation, written, unchanged };
}

/** Reads one validated file again, alone, resolving its references as the whole batch did. */
function reread(
  summary: DatasetSummary,
  validation: ValidationReport,
  options: ValidateOptions,
): ValidatedDataset {
  let dataset: ValidatedDataset | undefined;
  const again = validateEach(
    [summary.file],
    { ...options, knownEntities: validation.entities },
    (d) => (dataset = d),
  );
  if (again.problems.length > 0 || dataset === undefined || dataset.checksum !== summary.checksum)
    throw new DatasetChangedError(
      `${summary.file} changed while it was being loaded; nothing was written, load again`,
    );
  return dataset;
}

/** Turns a validated dataset into the rows the graph layer writes. */
export function toSourceWrite(dataset: ValidatedDataset): SourceWrite {
  const { source } = dataset;
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
    },
    entities: dataset.entities.map((entity) => {
      const props = entityProps(entity);
      return {
        id: entity.id,
        kind: entity.kind,
        props: { ...props, contentHash: hash(props) },
        hash: hash(props),
      };
    }),
    statements: dataset.statements.map((s) => {
      const common = { statementId: s.id, source: source.id, modality: s.modality };
      return {
        id: s.id,
        kind: s.kind,
        subject: s.subject,
        object: s.object,
        hash: s.hash,
        statement: {
          id: s.id,
          kind: s.kind,
          subject: s.subject,
          object: s.object,
          source: source.id,
          modality: s.modality,
          qualifiers: canonical(s.qualifiers),
          hash: s.hash,
        },
        edge: { ...common, ...(s.qualifiers as Record<string, PropertyValue>) },
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

/**
 * The node properties of an entity: what the dataset gives, plus `lookupKeys` (every name it
 * answers to, in {@link nameKey} form) and `aliasText` (aliases as one string, for the
 * full-text index, which does not index lists).
 */
export function entityProps(entity: EntityInput): Record<string, PropertyValue> {
  const { kind: _kind, aliases, ...rest } = entity;
  const props: Record<string, PropertyValue> = { aliases: aliases ?? [] };
  for (const [key, value] of Object.entries(rest)) props[key] = value as PropertyValue;
  const names = [entity.id, entity.name, ...(aliases ?? [])];
  if ('iso2' in entity) names.push(entity.iso2);
  if ('acronym' in entity && entity.acronym) names.push(entity.acronym);
  props.lookupKeys = [...new Set(names.map(nameKey).filter((key) => key !== ''))];
  props.aliasText = (aliases ?? []).join(' | ');
  return props;
}

function hash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** One line saying what a load changed for one source. */
export function formatReport(report: WriteReport): string {
  const { entities: e, statements: s } = report;
  return `${report.source}: entities ${e.written} written, ${e.unchanged} unchanged, ${e.removed} removed; statements ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retracted} retracted; ${report.evidence} evidence records written.`;
}
